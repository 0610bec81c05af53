/**
 * Acceptance F2-1: the RLS tests are generated from the permission matrix. For every table-backed
 * resource (listTableResources()), every command and every matrix column — the seven tenant roles,
 * and `support`, played by a platform operator during a support-access grant — plus anon, an
 * outsider (owner of another tenant) and an operator without a grant, the real SQL command runs
 * as that actor (queryAs: Supabase-style role + JWT claims, rolled back) and must be allowed or
 * refused exactly as the cell's grant says:
 *   allow → works on a row of the tenant that is not the actor's own;
 *   own   → works on the actor's own row and is refused on a colleague's;
 *   assigned → likewise, "own" being the row assigned to the actor (tasks: assignee_id;
 *           opportunities: owner_id; their stage history: the opportunity's owner);
 *   deny  → refused on both.
 * Refused means refused by RLS and privileges: a select returns no row, an update/delete touches
 * no row, or the statement raises 42501. A named refusal from a guard trigger (PTxxx) does not
 * count: the matrix must be enforced by RLS itself, guards only add rules on top of what it
 * allows, so a cell a guard decides fails here and is listed by the last test. Any other error (a
 * unique or check violation…) means the probe is broken and fails the cell. Rows are built so
 * that the guards' own rules (role rank, owners, last owner, MFA, rate limits) never apply to a
 * probe the matrix allows: memberships are suspended or created with the lowest role, never an
 * owner's, invitations are revoked (the one change the API makes to one); the guards have their
 * own tests in escalation.pg.test.ts. The coverage test prints what actually ran.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIONS,
  RESOURCES,
  getGrant,
  listMatrixCells,
  listTableResources,
  type Action,
  type Grant,
  type Resource,
} from '../../shared/permissions/matrix.ts';
import { MATRIX_ROLES, TENANT_ROLES, type MatrixRole, type TenantRole } from '../../shared/permissions/roles.ts';
import { queryAs, type Actor, type ActorResult } from '../local/test/pg-actor.ts';
import { getStack } from '../local/test/stack-info.ts';
import {
  addMember,
  asUser,
  buildEmail,
  buildPlate,
  createAuditRow,
  createInvitation,
  createSupportGrant,
  createTeam,
  createTenant,
  createUser,
  insertOpportunity,
  insertSalesDocument,
  insertSalesRow,
  insertVehicle,
  makeOperator,
  readCreationHistoryId,
  type FixtureUser,
} from './support/fixtures.ts';
import { insertCompany, insertContact } from './support/sync.ts';

const stack = getStack();
let db: pg.Client;

// Fixtures -------------------------------------------------------------------------------------------

/** The rows of one tenant that belong to nobody probing it (a colleague's, a newcomer's). */
type World = {
  readonly tenantId: string;
  /** An active `member` of the tenant whose rows are "a colleague's". */
  readonly colleague: FixtureUser;
  readonly colleagueMembershipId: string;
  /** A member of the tenant without a profile (target of "someone else's profile" inserts). */
  readonly profilelessColleague: FixtureUser;
  /** A user outside the tenant (target of membership inserts). */
  readonly newcomer: FixtureUser;
  readonly colleagueInvitationId: string;
  readonly colleagueSupportGrantId: string;
  readonly colleagueAuditId: string;
  /** CRM rows owned by the colleague. */
  readonly colleagueCompanyId: string;
  readonly colleagueContactId: string;
  /** Sales rows: tenant-wide ones (stage, scoring model), and the colleague's. */
  readonly prospectStageId: string;
  readonly stageId: string;
  readonly scoringModelId: string;
  readonly colleagueOpportunityId: string;
  readonly colleagueHistoryId: string;
  readonly colleagueActivityId: string;
  readonly colleagueTaskId: string;
  readonly colleagueCommentId: string;
  readonly colleagueNotificationId: string;
  /** A draft invoice of the tenant and one of its lines (tenant-wide resources). */
  readonly documentId: string;
  readonly documentLineId: string;
  /** A vehicle of the tenant, one of its service records and one reading (tenant-wide resources). */
  readonly vehicleId: string;
  readonly serviceRecordId: string;
  readonly mileageReadingId: string;
};

/** What the acting subject owns in the probed tenant (absent: the subject has no such row). */
type OwnRows = {
  readonly userId?: string;
  readonly membershipId?: string;
  readonly invitationId?: string;
  readonly supportGrantId?: string;
  readonly auditId?: string;
  readonly profileUserId?: string;
  /** The same kind of subject without a profile yet, to create their own profile. */
  readonly profileless?: FixtureUser;
  /** CRM rows the subject owns (owner_id). */
  readonly companyId?: string;
  readonly contactId?: string;
  /** Sales rows the subject owns (opportunity owner, author, assignee, recipient). */
  readonly opportunityId?: string;
  readonly historyId?: string;
  readonly activityId?: string;
  readonly taskId?: string;
  readonly commentId?: string;
  readonly notificationId?: string;
};

type Subject = { readonly actor: Actor; readonly world: World; readonly own: OwnRows };

/**
 * Who acts. `role` is the matrix column that applies (null: none, every cell is 'deny');
 * `isMember`: a member of the probed tenant, who owns a row of every table there.
 */
type SubjectSpec = { readonly name: string; readonly role: MatrixRole | null; readonly isMember: boolean };

const SUBJECTS: readonly SubjectSpec[] = [
  ...TENANT_ROLES.map((role) => ({ name: role, role, isMember: true })),
  // A valid support grant makes an operator act as `support` (private.my_roles).
  { name: 'operator with support access', role: 'support', isMember: false },
  { name: 'anon', role: null, isMember: false },
  { name: 'outsider (owner of another tenant)', role: null, isMember: false },
  { name: 'operator without support access', role: null, isMember: false },
];

const subjects = new Map<string, Subject>();

/** One row of each sales table owned by (assigned to, addressed to) `userId`. */
async function createSalesRows(tenantId: string, userId: string, companyId: string) {
  const opportunityId = await insertOpportunity(db, tenantId, userId);
  return {
    opportunityId,
    historyId: await readCreationHistoryId(db, opportunityId),
    activityId: await insertSalesRow(db, 'activities', tenantId, {
      kind: 'note',
      occurred_at: new Date().toISOString(),
      company_id: companyId,
      owner_id: userId,
    }),
    taskId: await insertSalesRow(db, 'tasks', tenantId, { title: 'Rappeler', owner_id: userId, assignee_id: userId }),
    commentId: await insertSalesRow(db, 'comments', tenantId, {
      record_table: 'companies',
      record_id: companyId,
      body: 'Vu au salon',
      owner_id: userId,
    }),
    notificationId: await insertSalesRow(db, 'notifications', tenantId, {
      user_id: userId,
      kind: 'mention',
      record_table: 'companies',
      record_id: companyId,
    }),
  };
}

async function createWorld(label: string): Promise<World> {
  const team = await createTeam(db, { label });
  const { tenantId } = team;
  const colleague = team.members.member;
  const profilelessColleague = await createUser(db, { label: `${label}-profileless`, hasProfile: false });
  await addMember(db, tenantId, profilelessColleague.id, 'member');
  const colleagueCompanyId = await insertCompany(db, tenantId, { owner_id: colleague.id });
  const sales = await createSalesRows(tenantId, colleague.id, colleagueCompanyId);
  const documentId = await insertSalesDocument(db, tenantId, colleague.id);
  const vehicleId = await insertVehicle(db, tenantId, { owner_id: colleague.id });
  return {
    tenantId,
    colleague,
    colleagueMembershipId: colleague.membershipId,
    profilelessColleague,
    newcomer: await createUser(db, { label: `${label}-newcomer` }),
    colleagueInvitationId: (await createInvitation(db, { tenantId, invitedBy: colleague.id, role: 'client' })).id,
    // Expired but unrevoked: it can still be revoked (the update probe) and gives operators nothing.
    colleagueSupportGrantId: await createSupportGrant(db, { tenantId, grantedBy: colleague.id, isExpired: true }),
    colleagueAuditId: await createAuditRow(db, tenantId, colleague.id),
    colleagueCompanyId,
    colleagueContactId: await insertContact(db, tenantId, { owner_id: colleague.id }),
    prospectStageId: (
      await db.query<{ id: string }>(
        `select id from public.pipeline_stages where tenant_id = $1 and key = 'prospect'`,
        [tenantId],
      )
    ).rows[0]!.id,
    // A stage nobody's opportunity is in, so deleting it is only a matter of rights.
    stageId: await insertSalesRow(db, 'pipeline_stages', tenantId, {
      name: 'Relance',
      position: 7,
      probability: 30,
      kind: 'open',
    }),
    // A contact model: the create probe adds the opportunity one (one live model per kind).
    scoringModelId: await insertSalesRow(db, 'scoring_models', tenantId, { kind: 'contact', weights: {} }),
    colleagueOpportunityId: sales.opportunityId,
    colleagueHistoryId: sales.historyId,
    colleagueActivityId: sales.activityId,
    colleagueTaskId: sales.taskId,
    colleagueCommentId: sales.commentId,
    colleagueNotificationId: sales.notificationId,
    documentId,
    documentLineId: (
      await db.query<{ id: string }>('select id from public.sales_document_lines where document_id = $1', [documentId])
    ).rows[0]!.id,
    vehicleId,
    serviceRecordId: await insertSalesRow(db, 'service_records', tenantId, {
      vehicle_id: vehicleId,
      performed_on: '2026-11-02',
      mileage: 42_000,
      work_done: 'Vidange',
      technician_id: colleague.id,
    }),
    mileageReadingId: await insertSalesRow(db, 'mileage_readings', tenantId, {
      vehicle_id: vehicleId,
      read_on: '2026-11-01',
      mileage: 41_900,
    }),
  };
}

/** A member of `world` with `role` who owns one row of every table there, plus a profileless twin. */
async function createMemberSubject(world: World, role: TenantRole): Promise<Subject> {
  const { tenantId } = world;
  const user = await createUser(db, { label: `matrix-${role}` });
  const membershipId = await addMember(db, tenantId, user.id, role);
  const profileless = await createUser(db, { label: `matrix-${role}-profileless`, hasProfile: false });
  await addMember(db, tenantId, profileless.id, role);
  return {
    actor: asUser(user),
    world,
    own: {
      userId: user.id,
      membershipId,
      invitationId: (await createInvitation(db, { tenantId, invitedBy: user.id, role: 'client' })).id,
      supportGrantId: await createSupportGrant(db, { tenantId, grantedBy: user.id, isExpired: true }),
      auditId: await createAuditRow(db, tenantId, user.id),
      profileUserId: user.id,
      profileless,
      companyId: await insertCompany(db, tenantId, { owner_id: user.id }),
      contactId: await insertContact(db, tenantId, { owner_id: user.id }),
      ...(await createSalesRows(tenantId, user.id, world.colleagueCompanyId)),
    },
  };
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();

  const world = await createWorld('matrix');
  for (const role of TENANT_ROLES) subjects.set(role, await createMemberSubject(world, role));

  subjects.set('anon', { actor: { kind: 'anon' }, world, own: {} });

  const outsider = await createUser(db, { label: 'outsider' });
  await addMember(db, await createTenant(db), outsider.id, 'owner');
  subjects.set('outsider (owner of another tenant)', { actor: asUser(outsider), world, own: { userId: outsider.id } });

  // Operators: the matrix tenant has only expired grants; the support tenant has a valid one.
  const operator = await createUser(db, { label: 'operator' });
  await makeOperator(db, operator.id);
  subjects.set('operator without support access', { actor: asUser(operator), world, own: { userId: operator.id } });

  const supportWorld = await createWorld('support');
  await createSupportGrant(db, { tenantId: supportWorld.tenantId });
  subjects.set('operator with support access', {
    actor: asUser(operator),
    world: supportWorld,
    // Operators own no row in the tenant. Their own profile is personal, not tenant data: the
    // profile policies let anyone signed in create and edit their own (user_id = auth.uid()),
    // whatever their role — the 'support' column is about the tenant's rows.
    own: { userId: operator.id },
  });
});

afterAll(async () => {
  await db.end();
});

// Probes ---------------------------------------------------------------------------------------------

type Target = 'own' | 'other';
type Probe = { readonly actor: Actor; readonly sql: string; readonly params: unknown[] };
/** null: the subject has no own row of this kind (only for subjects that are not tenant members). */
type ProbeBuilder = (subject: Subject, target: Target) => Probe | null;
type TableProbes = Readonly<Record<Action, ProbeBuilder>>;

/** A probe on a row id, or null when that row does not exist for the subject. */
function onRow(actor: Actor, sql: string, id: string | undefined): Probe | null {
  return id === undefined ? null : { actor, sql, params: [id] };
}

function pick<T>(target: Target, own: T, other: T): T {
  return target === 'own' ? own : other;
}

/**
 * Synced CRM tables: `own` is owner_id. A delete is a tombstone (update set deleted_at): the API
 * has no DELETE on synced tables, and the update policy applies the matrix's delete column to it.
 */
function buildCrmProbes(table: 'companies' | 'contacts', textField: string): TableProbes {
  const ownId = (s: Subject): string | undefined => (table === 'companies' ? s.own.companyId : s.own.contactId);
  const otherId = (s: Subject): string =>
    table === 'companies' ? s.world.colleagueCompanyId : s.world.colleagueContactId;
  return {
    read: (s, t) => onRow(s.actor, `select id from public.${table} where id = $1`, pick(t, ownId(s), otherId(s))),
    create: (s, t) => {
      const ownerId = pick(t, s.own.userId, s.world.colleague.id);
      return ownerId === undefined
        ? null
        : {
            actor: s.actor,
            sql: `insert into public.${table} (id, tenant_id, ${textField}, owner_id) values (gen_random_uuid(), $1, 'Probe', $2)`,
            params: [s.world.tenantId, ownerId],
          };
    },
    update: (s, t) =>
      onRow(s.actor, `update public.${table} set notes = 'Probe' where id = $1`, pick(t, ownId(s), otherId(s))),
    delete: (s, t) =>
      onRow(s.actor, `update public.${table} set deleted_at = now() where id = $1`, pick(t, ownId(s), otherId(s))),
  };
}

type SalesRowKey = 'opportunity' | 'history' | 'activity' | 'task' | 'comment' | 'notification';

/** The subject's own row of a kind, or the colleague's. */
function pickSalesRow(s: Subject, t: Target, key: SalesRowKey): string | undefined {
  const own: Record<SalesRowKey, string | undefined> = {
    opportunity: s.own.opportunityId,
    history: s.own.historyId,
    activity: s.own.activityId,
    task: s.own.taskId,
    comment: s.own.commentId,
    notification: s.own.notificationId,
  };
  const other: Record<SalesRowKey, string> = {
    opportunity: s.world.colleagueOpportunityId,
    history: s.world.colleagueHistoryId,
    activity: s.world.colleagueActivityId,
    task: s.world.colleagueTaskId,
    comment: s.world.colleagueCommentId,
    notification: s.world.colleagueNotificationId,
  };
  return pick(t, own[key], other[key]);
}

/**
 * Synced sales tables with an owner (author, assignee, recipient): read, an edit of a harmless
 * field, and the tombstone. `create` inserts a row for the actor (own) or for the colleague.
 */
function buildSalesProbes(
  table: string,
  key: SalesRowKey,
  edit: string,
  create: (s: Subject, userId: string) => Probe,
): TableProbes {
  return {
    read: (s, t) => onRow(s.actor, `select id from public.${table} where id = $1`, pickSalesRow(s, t, key)),
    create: (s, t) => {
      const userId = pick(t, s.own.userId, s.world.colleague.id);
      return userId === undefined ? null : create(s, userId);
    },
    update: (s, t) => onRow(s.actor, `update public.${table} set ${edit} where id = $1`, pickSalesRow(s, t, key)),
    delete: (s, t) =>
      onRow(s.actor, `update public.${table} set deleted_at = now() where id = $1`, pickSalesRow(s, t, key)),
  };
}

/** Tenant-wide sales tables (no owner): the same row is the actor's and the colleague's. */
function buildTenantWideProbes(
  table: string,
  rowId: (s: Subject) => string,
  edit: string,
  insert: (s: Subject) => Probe,
): TableProbes {
  return {
    read: (s) => onRow(s.actor, `select id from public.${table} where id = $1`, rowId(s)),
    create: (s) => insert(s),
    update: (s) => onRow(s.actor, `update public.${table} set ${edit} where id = $1`, rowId(s)),
    delete: (s) => onRow(s.actor, `update public.${table} set deleted_at = now() where id = $1`, rowId(s)),
  };
}

const PROBES: Readonly<Record<string, TableProbes>> = {
  companies: buildCrmProbes('companies', 'name'),
  contacts: buildCrmProbes('contacts', 'last_name'),
  pipeline_stages: buildTenantWideProbes(
    'pipeline_stages',
    (s) => s.world.stageId,
    `color = '#112233'`,
    (s) => ({
      actor: s.actor,
      sql: `insert into public.pipeline_stages (id, tenant_id, name, position, probability, kind)
          values (gen_random_uuid(), $1, 'Probe', 8, 50, 'open')`,
      params: [s.world.tenantId],
    }),
  ),
  scoring_models: buildTenantWideProbes(
    'scoring_models',
    (s) => s.world.scoringModelId,
    `weights = '{"probe": 1}'`,
    (s) => ({
      actor: s.actor,
      sql: `insert into public.scoring_models (id, tenant_id, kind, weights) values (gen_random_uuid(), $1, 'opportunity', '{}')`,
      params: [s.world.tenantId],
    }),
  ),
  opportunities: buildSalesProbes('opportunities', 'opportunity', `next_step = 'Probe'`, (s, userId) => ({
    actor: s.actor,
    sql: `insert into public.opportunities (id, tenant_id, title, stage_id, owner_id)
          values (gen_random_uuid(), $1, 'Probe', $2, $3)`,
    params: [s.world.tenantId, s.world.prospectStageId, userId],
  })),
  // Server-written: the API has no INSERT, UPDATE or DELETE on it (refused by privileges).
  opportunity_stage_history: buildSalesProbes(
    'opportunity_stage_history',
    'history',
    'changed_at = now()',
    (s, userId) => ({
      actor: s.actor,
      sql: `insert into public.opportunity_stage_history (tenant_id, opportunity_id, to_stage_id, changed_by)
          values ($1, $2, $3, $4)`,
      params: [s.world.tenantId, s.world.colleagueOpportunityId, s.world.prospectStageId, userId],
    }),
  ),
  // The author is always the caller (the server sets owner_id): the probe names the user anyway.
  activities: buildSalesProbes('activities', 'activity', `body = 'Probe'`, (s, userId) => ({
    actor: s.actor,
    sql: `insert into public.activities (id, tenant_id, kind, occurred_at, company_id, owner_id)
          values (gen_random_uuid(), $1, 'note', now(), $2, $3)`,
    params: [s.world.tenantId, s.world.colleagueCompanyId, userId],
  })),
  // Own: assigned to the actor; the colleague's: assigned to the colleague.
  tasks: buildSalesProbes('tasks', 'task', `description = 'Probe'`, (s, userId) => ({
    actor: s.actor,
    sql: `insert into public.tasks (id, tenant_id, title, assignee_id) values (gen_random_uuid(), $1, 'Probe', $2)`,
    params: [s.world.tenantId, userId],
  })),
  comments: buildSalesProbes('comments', 'comment', `body = 'Probe'`, (s, userId) => ({
    actor: s.actor,
    sql: `insert into public.comments (id, tenant_id, record_table, record_id, body, owner_id)
          values (gen_random_uuid(), $1, 'companies', $2, 'Probe', $3)`,
    params: [s.world.tenantId, s.world.colleagueCompanyId, userId],
  })),
  // Server-written: nobody inserts one (no INSERT privilege); the recipient marks it read.
  notifications: buildSalesProbes('notifications', 'notification', 'read_at = now()', (s, userId) => ({
    actor: s.actor,
    sql: `insert into public.notifications (tenant_id, user_id, kind, record_table, record_id)
          values ($1, $2, 'mention', 'companies', $3)`,
    params: [s.world.tenantId, userId, s.world.colleagueCompanyId],
  })),
  // Invoicing: tenant-wide (allow or nothing); the probes work on a draft (a final document is
  // frozen for everyone: invoicing-finalise.pg.test.ts).
  sales_documents: buildTenantWideProbes(
    'sales_documents',
    (s) => s.world.documentId,
    `notes = 'Probe'`,
    (s) => ({
      actor: s.actor,
      sql: `insert into public.sales_documents (id, tenant_id, kind) values (gen_random_uuid(), $1, 'quote')`,
      params: [s.world.tenantId],
    }),
  ),
  sales_document_lines: buildTenantWideProbes(
    'sales_document_lines',
    (s) => s.world.documentLineId,
    `description = 'Probe'`,
    (s) => ({
      actor: s.actor,
      sql: `insert into public.sales_document_lines (id, tenant_id, document_id, position, description)
          values (gen_random_uuid(), $1, $2, 5, 'Probe')`,
      params: [s.world.tenantId, s.world.documentId],
    }),
  ),
  // Garage: tenant-wide (allow or nothing). The vehicle created by a probe gets a fresh plate
  // (the unique live plate must never decide a cell).
  vehicles: buildTenantWideProbes(
    'vehicles',
    (s) => s.world.vehicleId,
    `notes = 'Probe'`,
    (s) => ({
      actor: s.actor,
      sql: `insert into public.vehicles (id, tenant_id, plate) values (gen_random_uuid(), $1, $2)`,
      params: [s.world.tenantId, buildPlate()],
    }),
  ),
  service_records: buildTenantWideProbes(
    'service_records',
    (s) => s.world.serviceRecordId,
    `work_done = 'Probe'`,
    (s) => ({
      actor: s.actor,
      sql: `insert into public.service_records (id, tenant_id, vehicle_id, performed_on, work_done)
          values (gen_random_uuid(), $1, $2, '2026-11-03', 'Probe')`,
      params: [s.world.tenantId, s.world.vehicleId],
    }),
  ),
  mileage_readings: buildTenantWideProbes(
    'mileage_readings',
    (s) => s.world.mileageReadingId,
    `source = 'ocr'`,
    (s) => ({
      actor: s.actor,
      sql: `insert into public.mileage_readings (id, tenant_id, vehicle_id, read_on, mileage)
          values (gen_random_uuid(), $1, $2, '2026-11-04', 42100)`,
      params: [s.world.tenantId, s.world.vehicleId],
    }),
  ),
  tenants: {
    // A tenant row belongs to no single person: the actor's own tenant is both targets.
    read: (s) => onRow(s.actor, 'select id from public.tenants where id = $1', s.world.tenantId),
    create: (s, t) =>
      onRow(
        s.actor,
        `insert into public.tenants (name, vertical, created_by) values ('Probe', 'garage', $1)`,
        pick(t, s.own.userId, s.world.colleague.id),
      ),
    update: (s) => onRow(s.actor, `update public.tenants set city = 'Probe' where id = $1`, s.world.tenantId),
    delete: (s) => onRow(s.actor, 'delete from public.tenants where id = $1', s.world.tenantId),
  },
  memberships: {
    read: (s, t) =>
      onRow(
        s.actor,
        'select id from public.memberships where id = $1',
        pick(t, s.own.membershipId, s.world.colleagueMembershipId),
      ),
    // The lowest role, so the "no grant above one's own role" guard never decides.
    create: (s, t) => {
      const userId = pick(t, s.own.userId, s.world.newcomer.id);
      return userId === undefined
        ? null
        : {
            actor: s.actor,
            sql: `insert into public.memberships (tenant_id, user_id, role) values ($1, $2, 'client')`,
            params: [s.world.tenantId, userId],
          };
    },
    // A status change of a non-owner: the owner and last-owner guards never decide.
    update: (s, t) =>
      onRow(
        s.actor,
        `update public.memberships set status = 'suspended' where id = $1`,
        pick(t, s.own.membershipId, s.world.colleagueMembershipId),
      ),
    delete: (s, t) =>
      onRow(
        s.actor,
        'delete from public.memberships where id = $1',
        pick(t, s.own.membershipId, s.world.colleagueMembershipId),
      ),
  },
  invitations: {
    read: (s, t) =>
      onRow(
        s.actor,
        'select id from public.invitations where id = $1',
        pick(t, s.own.invitationId, s.world.colleagueInvitationId),
      ),
    create: (s, t) => {
      const invitedBy = pick(t, s.own.userId, s.world.colleague.id);
      return invitedBy === undefined
        ? null
        : {
            actor: s.actor,
            sql: `insert into public.invitations (tenant_id, email, role, token_hash, invited_by)
                  values ($1, $2, 'client', $3, $4)`,
            params: [s.world.tenantId, buildEmail('probe'), randomBytes(32).toString('hex'), invitedBy],
          };
    },
    // Revocation: the one change the API may make to an invitation (its link and lifetime only
    // change through resend_invitation).
    update: (s, t) =>
      onRow(
        s.actor,
        `update public.invitations set status = 'revoked' where id = $1`,
        pick(t, s.own.invitationId, s.world.colleagueInvitationId),
      ),
    delete: (s, t) =>
      onRow(
        s.actor,
        'delete from public.invitations where id = $1',
        pick(t, s.own.invitationId, s.world.colleagueInvitationId),
      ),
  },
  profiles: {
    read: (s, t) =>
      onRow(
        s.actor,
        'select user_id from public.profiles where user_id = $1',
        pick(t, s.own.profileUserId, s.world.colleague.id),
      ),
    // Every user already has a profile (auth.users trigger): creating one needs a profileless user.
    create: (s, t) => {
      const sql = `insert into public.profiles (user_id, display_name) values ($1, 'Probe')`;
      if (t === 'other') return { actor: s.actor, sql, params: [s.world.profilelessColleague.id] };
      const twin = s.own.profileless;
      return twin === undefined ? null : { actor: asUser(twin), sql, params: [twin.id] };
    },
    update: (s, t) =>
      onRow(
        s.actor,
        `update public.profiles set display_name = 'Probe' where user_id = $1`,
        pick(t, s.own.profileUserId, s.world.colleague.id),
      ),
    delete: (s, t) =>
      onRow(
        s.actor,
        'delete from public.profiles where user_id = $1',
        pick(t, s.own.profileUserId, s.world.colleague.id),
      ),
  },
  audit_log: {
    read: (s, t) =>
      onRow(
        s.actor,
        'select id from public.audit_log where id = $1::bigint',
        pick(t, s.own.auditId, s.world.colleagueAuditId),
      ),
    create: (s, t) => {
      const actorId = pick(t, s.own.userId, s.world.colleague.id);
      return actorId === undefined
        ? null
        : {
            actor: s.actor,
            sql: `insert into public.audit_log (tenant_id, actor_id, action) values ($1, $2, 'probe.forged')`,
            params: [s.world.tenantId, actorId],
          };
    },
    update: (s, t) =>
      onRow(
        s.actor,
        `update public.audit_log set action = 'probe.rewritten' where id = $1::bigint`,
        pick(t, s.own.auditId, s.world.colleagueAuditId),
      ),
    delete: (s, t) =>
      onRow(
        s.actor,
        'delete from public.audit_log where id = $1::bigint',
        pick(t, s.own.auditId, s.world.colleagueAuditId),
      ),
  },
  support_access_grants: {
    read: (s, t) =>
      onRow(
        s.actor,
        'select id from public.support_access_grants where id = $1',
        pick(t, s.own.supportGrantId, s.world.colleagueSupportGrantId),
      ),
    create: (s, t) => {
      const grantedBy = pick(t, s.own.userId, s.world.colleague.id);
      return grantedBy === undefined
        ? null
        : {
            actor: s.actor,
            sql: `insert into public.support_access_grants (tenant_id, granted_by, expires_at)
                  values ($1, $2, now() + interval '1 day')`,
            params: [s.world.tenantId, grantedBy],
          };
    },
    // Revocation is the only change a grant accepts.
    update: (s, t) =>
      onRow(
        s.actor,
        'update public.support_access_grants set revoked_at = now() where id = $1',
        pick(t, s.own.supportGrantId, s.world.colleagueSupportGrantId),
      ),
    delete: (s, t) =>
      onRow(
        s.actor,
        'delete from public.support_access_grants where id = $1',
        pick(t, s.own.supportGrantId, s.world.colleagueSupportGrantId),
      ),
  },
};

/** allowed; refused by RLS or privileges; or `guard <code> <message>` when a guard trigger refused. */
type Outcome = 'allowed' | 'refused' | `guard ${string}`;

/** Cells a guard refused instead of RLS (a finding: RLS alone must enforce the matrix). */
const guardRefusals: string[] = [];

/** Classifies a probe's result; anything that is neither a success nor a refusal throws. */
function classify(action: Action, result: ActorResult<pg.QueryResultRow>): Outcome {
  if (!result.ok) {
    if (result.code === '42501') return 'refused';
    if (/^PT\d{3}$/.test(result.code)) return `guard ${result.code} ${result.message}`;
    throw new Error(`probe broken: ${result.code} ${result.message}`);
  }
  if (result.rowCount === 1) return 'allowed';
  if (result.rowCount === 0 && action !== 'create') return 'refused';
  throw new Error(`probe broken: ${result.rowCount} rows`);
}

async function runProbe(table: string, action: Action, subject: Subject, target: Target): Promise<Outcome | null> {
  const probe = PROBES[table]?.[action](subject, target);
  if (probe === undefined) throw new Error(`no probe for table ${table}: add one to PROBES`);
  if (probe === null) return null;
  const outcome = classify(action, await queryAs(db, probe.actor, probe.sql, probe.params));
  if (outcome.startsWith('guard ')) guardRefusals.push(`${COMMAND[action]} on ${table} (${target} row): ${outcome}`);
  return outcome;
}

// Generated tests ------------------------------------------------------------------------------------

const COMMAND: Readonly<Record<Action, string>> = {
  read: 'select',
  create: 'insert',
  update: 'update',
  delete: 'delete',
};

/** Matrix cells whose assertions all ran (resource.action.role), and the extra actors' assertions. */
const testedCells = new Set<string>();
const testedExtras = new Set<string>();

function describeExpectation(grant: Grant): string {
  if (grant === 'allow') return "allowed on a colleague's row";
  if (grant === 'own') return "allowed on the actor's own row only";
  if (grant === 'assigned') return 'allowed on the row assigned to the actor only';
  return 'refused on own and colleagues’ rows';
}

/** The probes a grant's meaning needs ('allow' says nothing about the actor's own rows). */
function listTargets(grant: Grant): Target[] {
  return grant === 'allow' ? ['other'] : ['own', 'other'];
}

describe.each(listTableResources().map((r) => [`${r.resource} (table public.${r.table})`, r] as const))(
  '%s',
  (_title, { resource, table }) => {
    describe.each([...ACTIONS])('%s', (action) => {
      const cases = SUBJECTS.map((spec) => {
        const grant: Grant = spec.role ? getGrant(spec.role, resource as Resource, action) : 'deny';
        return [`${COMMAND[action]} as ${spec.name}: ${grant} (${describeExpectation(grant)})`, spec, grant] as const;
      });
      it.each(cases)('%s', async (_case, { name, role, isMember }, grant) => {
        const subject = subjects.get(name);
        if (!subject) throw new Error(`no subject ${name}`);
        const outcomes: Partial<Record<Target, Outcome | null>> = {};
        for (const target of listTargets(grant)) outcomes[target] = await runProbe(table, action, subject, target);
        const { own, other } = outcomes;
        // Tenant members own a row of every table; only the other actors may lack one.
        if (isMember && grant !== 'allow') expect(own, 'the fixture gives every member an own row').not.toBeNull();
        const label = `${name} ${COMMAND[action]} on ${table}`;
        if (grant === 'allow') {
          expect(other, `${label}, colleague's row`).toBe('allowed');
        } else if (grant === 'own' || grant === 'assigned') {
          if (own !== null) expect(own, `${label}, own row`).toBe('allowed');
          expect(other, `${label}, colleague's row`).toBe('refused');
        } else if (grant === 'deny') {
          if (own !== null) expect(own, `${label}, own row`).toBe('refused');
          expect(other, `${label}, colleague's row`).toBe('refused');
        } else {
          throw new Error(`grant ${grant} has no row-level meaning on ${table} yet: teach this test`);
        }
        if (role) testedCells.add(`${resource}.${action}.${role}`);
        else testedExtras.add(`${name}.${resource}.${action}`);
      });
    });
  },
);

describe('coverage', () => {
  it('asserted every table-backed cell of the matrix, each decided by RLS', () => {
    const tableResources = new Set<string>(listTableResources().map((r) => r.resource));
    const allCells = listMatrixCells();
    const cells = allCells.filter((c) => tableResources.has(c.resource));
    const gateResources = RESOURCES.filter((resource) => !tableResources.has(resource));
    const tested = cells.filter((c) => testedCells.has(`${c.resource}.${c.action}.${c.role}`));
    const extraActors = SUBJECTS.filter((s) => s.role === null);
    const extras = extraActors.length * tableResources.size * ACTIONS.length;
    const percent = ((100 * tested.length) / cells.length).toFixed(1);
    console.log(
      `RLS matrix coverage: ${tested.length}/${cells.length} table-backed cells asserted (${percent}%) — ` +
        `${tableResources.size} tables × ${ACTIONS.length} commands × ${MATRIX_ROLES.length} columns ` +
        `(${TENANT_ROLES.length} tenant roles + support). The matrix has ${allCells.length} cells in all: ` +
        `the other ${allCells.length - cells.length} belong to ${gateResources.length} feature gates without a table ` +
        `yet (${gateResources.join(', ')}), which nothing in SQL enforces until their tables land. ` +
        `Extra actors (${extraActors.map((s) => s.name).join(', ')}): ${testedExtras.size}/${extras} checks. ` +
        `Cells refused by a guard instead of RLS: ${guardRefusals.length}.`,
    );
    expect(cells.length).toBeGreaterThan(0);
    expect(
      cells
        .filter((c) => !testedCells.has(`${c.resource}.${c.action}.${c.role}`))
        .map((c) => `${c.resource}.${c.action}.${c.role}`),
    ).toEqual([]);
    expect(testedExtras.size).toBe(extras);
    expect(guardRefusals).toEqual([]);
  });
});
