/**
 * Escalation attempts fail with clear errors (F2 "Tests"): each attempt goes through the real
 * RPC the PWA calls (or the table, as a hand-written PostgREST request would), as the user,
 * with queryAs (role + JWT claims exactly as PostgREST sets them, rolled back), and asserts the
 * exact error: PT<status> with the machine code the PWA translates, 42501 where the privilege
 * system refuses. Every refusal has a sibling that succeeds, so the refusals cannot pass by
 * accident (a broken fixture or a misspelt RPC).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGrant, listTableResources, type Resource } from '../../shared/permissions/matrix.ts';
import { queryAs, type Actor, type ActorResult } from '../local/test/pg-actor.ts';
import { getStack } from '../local/test/stack-info.ts';
import {
  addMember,
  asUser,
  asUserWithMfa,
  buildEmail,
  createAuditRow,
  createInvitation,
  createMfaFactor,
  createSupportGrant,
  createTeam,
  createTenant,
  createUser,
  hashToken,
  makeOperator,
  type FixtureUser,
  type Team,
} from './support/fixtures.ts';
import { insertCompany, insertContact } from './support/sync.ts';
import {
  actThenRead,
  beginAs,
  commitAs,
  readDetails,
  runAs,
  runInTransaction,
  waitUntilDoneOrBlocked,
} from './support/transactions.ts';

const stack = getStack();
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

type Result = ActorResult<pg.QueryResultRow>;

function run(actor: Actor, sql: string, params: unknown[] = []): Promise<Result> {
  return queryAs(db, actor, sql, params);
}

/** The RPC refused with PT<status> and the machine code the PWA translates (errors.rpc.<code>). */
function expectRpcError(result: Result, status: number, code: string): void {
  expect(result.ok ? 'succeeded' : `${result.code} ${result.message}`).toBe(`PT${status} ${code}`);
}

function expectSuccess(result: Result): pg.QueryResultRow[] {
  expect(result.ok ? 'ok' : `${result.code} ${result.message}`).toBe('ok');
  return result.ok ? result.rows : [];
}

function expectPermissionDenied(result: Result): void {
  expect(result.ok ? 'succeeded' : result.code).toBe('42501');
}

describe('admin → owner', () => {
  let team: Team;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-admin' });
  });

  it('refuses an admin granting owner to a member (role_above_own)', async () => {
    const { admin, member } = team.members;
    expectRpcError(
      await run(asUser(admin), 'select * from public.change_member_role($1, $2)', [member.membershipId, 'owner']),
      403,
      'role_above_own',
    );
    // Sibling: the same call below the admin's own rank works.
    const rows = expectSuccess(
      await run(asUser(admin), 'select role from public.change_member_role($1, $2)', [member.membershipId, 'admin']),
    );
    expect(rows).toEqual([{ role: 'admin' }]);
  });

  it('refuses an admin promoting themselves to owner, through the RPC or the table', async () => {
    const { admin } = team.members;
    expectRpcError(
      await run(asUser(admin), 'select * from public.change_member_role($1, $2)', [admin.membershipId, 'owner']),
      403,
      'role_above_own',
    );
    expectRpcError(
      await run(asUser(admin), `update public.memberships set role = 'owner' where id = $1`, [admin.membershipId]),
      403,
      'role_above_own',
    );
  });

  it('refuses an admin inviting or adding an owner', async () => {
    const { admin } = team.members;
    expectRpcError(
      await run(asUser(admin), 'select * from public.invite_member($1, $2, $3)', [
        team.tenantId,
        buildEmail(),
        'owner',
      ]),
      403,
      'role_above_own',
    );
    // Nobody adds a person directly (the matrix denies memberships.create to every role): RLS
    // refuses before any rank rule is asked.
    const newcomer = await createUser(db, { label: 'esc-newcomer' });
    expectPermissionDenied(
      await run(asUser(admin), `insert into public.memberships (tenant_id, user_id, role) values ($1, $2, 'owner')`, [
        team.tenantId,
        newcomer.id,
      ]),
    );
    expectSuccess(
      await run(asUser(admin), 'select * from public.invite_member($1, $2, $3)', [
        team.tenantId,
        buildEmail(),
        'admin',
      ]),
    );
  });

  it('lets an owner grant owner (the rule is rank, not a blanket refusal)', async () => {
    const { owner, admin } = team.members;
    const rows = expectSuccess(
      await run(asUser(owner), 'select role from public.change_member_role($1, $2)', [admin.membershipId, 'owner']),
    );
    expect(rows).toEqual([{ role: 'owner' }]);
  });
});

describe('member → admin', () => {
  let team: Team;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-member' });
  });

  it('refuses a member changing their own role (no update right: not_found)', async () => {
    const { member } = team.members;
    expectRpcError(
      await run(asUser(member), 'select * from public.change_member_role($1, $2)', [member.membershipId, 'admin']),
      404,
      'not_found',
    );
    const direct = await run(asUser(member), `update public.memberships set role = 'admin' where id = $1`, [
      member.membershipId,
    ]);
    expect(direct).toMatchObject({ ok: true, rowCount: 0 });
  });

  it('refuses a member inviting anyone, an admin included (forbidden: members do not invite at all)', async () => {
    const { member } = team.members;
    expectRpcError(
      await run(asUser(member), 'select * from public.invite_member($1, $2, $3)', [
        team.tenantId,
        buildEmail(),
        'admin',
      ]),
      403,
      'forbidden',
    );
    expectRpcError(
      await run(asUser(member), 'select * from public.invite_member($1, $2, $3)', [
        team.tenantId,
        buildEmail(),
        'client',
      ]),
      403,
      'forbidden',
    );
  });

  it('refuses a manager promoting anyone (managers do not manage the team)', async () => {
    const { manager, member } = team.members;
    expectRpcError(
      await run(asUser(manager), 'select * from public.change_member_role($1, $2)', [member.membershipId, 'sales']),
      404,
      'not_found',
    );
  });
});

describe('sales → anything', () => {
  let team: Team;
  let invitationId: string;
  let grantId: string;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-sales' });
    invitationId = (await createInvitation(db, { tenantId: team.tenantId, invitedBy: team.members.owner.id })).id;
    grantId = await createSupportGrant(db, { tenantId: team.tenantId, grantedBy: team.members.owner.id });
    await createAuditRow(db, team.tenantId, team.members.owner.id);
  });

  const attempts: readonly (readonly [
    string,
    string,
    (t: Team, ids: { invitationId: string; grantId: string }) => unknown[],
    number,
    string,
  ])[] = [
    [
      'change a role',
      'select * from public.change_member_role($1, $2)',
      (t) => [t.members.member.membershipId, 'manager'],
      404,
      'not_found',
    ],
    [
      'promote themselves',
      'select * from public.change_member_role($1, $2)',
      (t) => [t.members.sales.membershipId, 'admin'],
      404,
      'not_found',
    ],
    [
      'suspend a colleague',
      'select * from public.set_member_status($1, $2)',
      (t) => [t.members.member.membershipId, 'suspended'],
      404,
      'not_found',
    ],
    [
      'remove a colleague',
      'select public.remove_member($1)',
      (t) => [t.members.technician.membershipId],
      404,
      'not_found',
    ],
    [
      'invite a client',
      'select * from public.invite_member($1, $2, $3)',
      (t) => [t.tenantId, buildEmail(), 'client'],
      403,
      'forbidden',
    ],
    [
      'invite a manager',
      'select * from public.invite_member($1, $2, $3)',
      (t) => [t.tenantId, buildEmail(), 'manager'],
      403,
      'forbidden',
    ],
    [
      'resend an invitation',
      'select * from public.resend_invitation($1)',
      (_t, ids) => [ids.invitationId],
      404,
      'not_found',
    ],
    ['revoke an invitation', 'select public.revoke_invitation($1)', (_t, ids) => [ids.invitationId], 404, 'not_found'],
    [
      'change the settings',
      'select * from public.update_tenant($1, $2)',
      (t) => [t.tenantId, { name: 'Hijacked' }],
      404,
      'not_found',
    ],
    [
      'delete the tenant',
      'select public.delete_tenant($1, name) from public.tenants where id = $1',
      (t) => [t.tenantId],
      403,
      'forbidden',
    ],
    [
      'grant support access',
      'select * from public.grant_support_access($1, 24)',
      (t) => [t.tenantId],
      403,
      'forbidden',
    ],
    ['revoke support access', 'select public.revoke_support_access($1)', (_t, ids) => [ids.grantId], 404, 'not_found'],
    ['list tenants as an operator', 'select * from public.operator_list_tenants()', () => [], 403, 'forbidden'],
  ];

  it.each(attempts.map(([title, sql, params, status, code]) => [title, sql, params, status, code] as const))(
    'refuses sales trying to %s',
    async (_title, sql, params, status, code) => {
      expectRpcError(await run(asUser(team.members.sales), sql, params(team, { invitationId, grantId })), status, code);
    },
  );

  it('lets the owner do the same (the refusals above are about the role)', async () => {
    const owner = asUser(team.members.owner);
    for (const [title, sql, params] of attempts) {
      if (title === 'delete the tenant' || title === 'list tenants as an operator' || title === 'promote themselves')
        continue;
      const result = await run(owner, sql, params(team, { invitationId, grantId }));
      expect(result.ok ? 'ok' : `${title}: ${result.code} ${result.message}`).toBe('ok');
    }
  });

  it('shows sales nothing of the invitations, audit log or support grants, and only their own membership', async () => {
    const sales = asUser(team.members.sales);
    expect(expectSuccess(await run(sales, 'select * from public.list_invitations($1)', [team.tenantId]))).toEqual([]);
    expect(expectSuccess(await run(sales, 'select * from public.list_audit_log($1)', [team.tenantId]))).toEqual([]);
    expect(expectSuccess(await run(sales, 'select * from public.list_support_access($1)', [team.tenantId]))).toEqual(
      [],
    );
    const members = expectSuccess(await run(sales, 'select user_id from public.list_members($1)', [team.tenantId]));
    expect(members).toEqual([{ user_id: team.members.sales.id }]);
  });
});

describe('client → internal tables', () => {
  let team: Team;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-client' });
    const { owner, client } = team.members;
    await createInvitation(db, { tenantId: team.tenantId, invitedBy: owner.id });
    await createInvitation(db, { tenantId: team.tenantId, invitedBy: client.id, role: 'client' });
    await createSupportGrant(db, { tenantId: team.tenantId, grantedBy: client.id });
    await createAuditRow(db, team.tenantId, client.id);
    await createAuditRow(db, team.tenantId, owner.id);
    // CRM rows of the tenant, one of them even assigned to the client.
    await insertCompany(db, team.tenantId, { owner_id: client.id });
    await insertContact(db, team.tenantId, { owner_id: client.id });
    await insertContact(db, team.tenantId, { owner_id: owner.id });
    // Notifications are the one sales table a client reads (their own): one for them, one for the owner.
    for (const userId of [client.id, owner.id]) {
      await db.query(
        `insert into public.notifications (tenant_id, user_id, kind, record_table, record_id)
         values ($1, $2, 'mention', 'contacts', gen_random_uuid())`,
        [team.tenantId, userId],
      );
    }
  });

  /** Which column says "this row belongs to that tenant" / "to that person", per table. */
  const SCOPES: Readonly<Record<string, { readonly tenant?: string; readonly owner?: string }>> = {
    tenants: { tenant: 'id' },
    memberships: { tenant: 'tenant_id', owner: 'user_id' },
    invitations: { tenant: 'tenant_id' },
    profiles: { owner: 'user_id' },
    audit_log: { tenant: 'tenant_id' },
    support_access_grants: { tenant: 'tenant_id' },
    companies: { tenant: 'tenant_id', owner: 'owner_id' },
    contacts: { tenant: 'tenant_id', owner: 'owner_id' },
    pipeline_stages: { tenant: 'tenant_id' },
    opportunities: { tenant: 'tenant_id', owner: 'owner_id' },
    opportunity_stage_history: { tenant: 'tenant_id' },
    activities: { tenant: 'tenant_id', owner: 'owner_id' },
    tasks: { tenant: 'tenant_id', owner: 'assignee_id' },
    comments: { tenant: 'tenant_id', owner: 'owner_id' },
    notifications: { tenant: 'tenant_id', owner: 'user_id' },
    scoring_models: { tenant: 'tenant_id' },
    sales_documents: { tenant: 'tenant_id', owner: 'owner_id' },
    sales_document_lines: { tenant: 'tenant_id' },
    vehicles: { tenant: 'tenant_id', owner: 'owner_id' },
    service_records: { tenant: 'tenant_id' },
    mileage_readings: { tenant: 'tenant_id' },
  };

  it.each(listTableResources().map((r) => [r.table, r.resource] as const))(
    'shows a client nothing of %s beyond what the matrix allows',
    async (table, resource) => {
      const scope = SCOPES[table];
      if (!scope) throw new Error(`no scope for table ${table}: add it to SCOPES`);
      const { client } = team.members;
      const result = await run(asUser(client), `select to_jsonb(t) as row from public.${table} t`);
      const rows = expectSuccess(result).map((r) => r['row'] as Record<string, unknown>);
      const grant = getGrant('client', resource as Resource, 'read');
      if (grant === 'deny') {
        expect(rows).toEqual([]);
      } else if (grant === 'own') {
        if (!scope.owner) throw new Error(`${table} has no owner column`);
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.filter((row) => row[scope.owner!] !== client.id)).toEqual([]);
      } else if (grant === 'allow') {
        if (!scope.tenant) throw new Error(`${table} has no tenant column`);
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.filter((row) => row[scope.tenant!] !== team.tenantId)).toEqual([]);
      } else {
        throw new Error(`grant ${grant} for clients on ${table}: teach this test`);
      }
    },
  );

  it('gives a client only their own membership through the team RPCs', async () => {
    const client = asUser(team.members.client);
    expect(expectSuccess(await run(client, 'select user_id from public.list_members($1)', [team.tenantId]))).toEqual([
      { user_id: team.members.client.id },
    ]);
    expect(expectSuccess(await run(client, 'select * from public.list_invitations($1)', [team.tenantId]))).toEqual([]);
    expect(expectSuccess(await run(client, 'select * from public.list_audit_log($1)', [team.tenantId]))).toEqual([]);
    expect(expectSuccess(await run(client, 'select * from public.list_support_access($1)', [team.tenantId]))).toEqual(
      [],
    );
  });
});

describe('the last owner', () => {
  let team: Team;
  let suspendedOwner: FixtureUser;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-last-owner' });
    // A suspended second owner does not count: the active owner is still the last one.
    suspendedOwner = await createUser(db, { label: 'esc-suspended-owner' });
    await addMember(db, team.tenantId, suspendedOwner.id, 'owner', 'suspended');
  });

  it('cannot demote themselves', async () => {
    const { owner } = team.members;
    expectRpcError(
      await run(asUser(owner), 'select * from public.change_member_role($1, $2)', [owner.membershipId, 'admin']),
      409,
      'last_owner',
    );
  });

  it('cannot suspend themselves', async () => {
    const { owner } = team.members;
    expectRpcError(
      await run(asUser(owner), 'select * from public.set_member_status($1, $2)', [owner.membershipId, 'suspended']),
      409,
      'last_owner',
    );
  });

  it('cannot remove themselves', async () => {
    const { owner } = team.members;
    expectRpcError(
      await run(asUser(owner), 'select public.remove_member($1)', [owner.membershipId]),
      409,
      'last_owner',
    );
  });

  it('cannot leave', async () => {
    const { owner } = team.members;
    expectRpcError(await run(asUser(owner), 'select public.leave_tenant($1)', [team.tenantId]), 409, 'last_owner');
  });

  it('cannot be removed by the service role either (the rule holds on every write path)', async () => {
    const { owner } = team.members;
    expectRpcError(
      await run({ kind: 'service_role' }, 'delete from public.memberships where id = $1', [owner.membershipId]),
      409,
      'last_owner',
    );
  });

  it('may leave once another owner is active', async () => {
    const { owner, admin } = team.members;
    const result = await run(asUser(owner), `select public.change_member_role($1, 'owner'), public.leave_tenant($2)`, [
      admin.membershipId,
      team.tenantId,
    ]);
    expectSuccess(result);
  });
});

describe('two owners at the same moment', () => {
  let first: pg.Client;
  let second: pg.Client;
  let secondPid: number;
  beforeAll(async () => {
    first = new pg.Client({ connectionString: stack.superuserUrl });
    second = new pg.Client({ connectionString: stack.superuserUrl });
    await Promise.all([first.connect(), second.connect()]);
    const { rows } = await second.query<{ pid: number }>('select pg_backend_pid() as pid');
    secondPid = rows[0]!.pid;
  });
  afterAll(async () => {
    await Promise.all([first.end(), second.end()]);
  });

  /** A tenant with exactly two active owners; returns them. */
  async function createTwoOwners(): Promise<{
    tenantId: string;
    owners: [FixtureUser & { membershipId: string }, FixtureUser & { membershipId: string }];
  }> {
    const team = await createTeam(db, { label: 'esc-race' });
    const user = await createUser(db, { label: 'esc-race-owner' });
    const second = { ...user, membershipId: await addMember(db, team.tenantId, user.id, 'owner') };
    return { tenantId: team.tenantId, owners: [team.members.owner, second] };
  }

  async function countActiveOwners(tenantId: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from public.memberships where tenant_id = $1 and role = 'owner' and status = 'active'`,
      [tenantId],
    );
    return rows[0]?.n ?? -1;
  }

  // The second change runs while the first transaction is still open: it must queue behind the
  // first (then see it) rather than count the other owner as still active.
  it.each([
    ['demote each other', 'select role from public.change_member_role($1, $2)', (id: string) => [id, 'admin']],
    ['both leave', 'select public.remove_member($1)', (id: string) => [id]],
  ] as const)('cannot leave the tenant without an owner when they %s', async (_title, sql, params) => {
    const { tenantId, owners } = await createTwoOwners();
    await beginAs(first, asUser(owners[0]));
    await beginAs(second, asUser(owners[1]));
    try {
      expectSuccess(await runInTransaction(first, sql, params(owners[0].membershipId)));
      const racing = runInTransaction(second, sql, params(owners[1].membershipId));
      // Let the second change either finish or queue behind the first before the first commits.
      await waitUntilDoneOrBlocked(db, secondPid, racing);
      await first.query('commit');
      expectRpcError(await racing, 409, 'last_owner');
    } finally {
      await second.query('rollback');
      await first.query('rollback');
    }
    expect(await countActiveOwners(tenantId)).toBe(1);
  });
});

describe('admin against an owner', () => {
  let team: Team;
  let secondOwner: FixtureUser & { membershipId: string };
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-admin-owner' });
    // Two owners, so that the last-owner rule never answers in place of the owner rule.
    const user = await createUser(db, { label: 'esc-second-owner' });
    secondOwner = { ...user, membershipId: await addMember(db, team.tenantId, user.id, 'owner') };
  });

  it('cannot remove an owner', async () => {
    expectRpcError(
      await run(asUser(team.members.admin), 'select public.remove_member($1)', [secondOwner.membershipId]),
      403,
      'cannot_change_owner',
    );
  });

  it('cannot demote an owner', async () => {
    expectRpcError(
      await run(asUser(team.members.admin), 'select * from public.change_member_role($1, $2)', [
        secondOwner.membershipId,
        'admin',
      ]),
      403,
      'cannot_change_owner',
    );
  });

  it('cannot suspend an owner', async () => {
    expectRpcError(
      await run(asUser(team.members.admin), 'select * from public.set_member_status($1, $2)', [
        secondOwner.membershipId,
        'suspended',
      ]),
      403,
      'cannot_change_owner',
    );
  });

  it('while another owner can', async () => {
    expectSuccess(await run(asUser(team.members.owner), 'select public.remove_member($1)', [secondOwner.membershipId]));
  });
});

describe('accepting invitations', () => {
  let team: Team;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-invite' });
  });

  async function createInvitee(isConfirmed = true): Promise<FixtureUser> {
    return createUser(db, { label: 'esc-invitee', isConfirmed });
  }

  it('refuses an expired invitation', async () => {
    const invitee = await createInvitee();
    const { token } = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      email: invitee.email,
      expiresInHours: -1,
    });
    expectRpcError(
      await run(asUser(invitee), 'select * from public.accept_invitation($1)', [token]),
      410,
      'invitation_expired',
    );
  });

  it('refuses a revoked invitation', async () => {
    const invitee = await createInvitee();
    const { token } = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      email: invitee.email,
      status: 'revoked',
    });
    expectRpcError(
      await run(asUser(invitee), 'select * from public.accept_invitation($1)', [token]),
      410,
      'invitation_revoked',
    );
  });

  it('refuses an invitation already used', async () => {
    const invitee = await createInvitee();
    const { token } = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      email: invitee.email,
      status: 'accepted',
    });
    expectRpcError(
      await run(asUser(invitee), 'select * from public.accept_invitation($1)', [token]),
      409,
      'invitation_used',
    );
  });

  it('accepts once, then refuses the same link again', async () => {
    const invitee = await createInvitee();
    const { token } = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      email: invitee.email,
      role: 'sales',
    });
    const first = await commitAs(db, asUser(invitee), 'select * from public.accept_invitation($1)', [token]);
    expect(first).toMatchObject({ ok: true, rows: [{ tenant_id: team.tenantId, role: 'sales' }] });
    expectRpcError(
      await run(asUser(invitee), 'select * from public.accept_invitation($1)', [token]),
      409,
      'invitation_used',
    );
    // Nor can another account replay it.
    const other = await createInvitee();
    expectRpcError(
      await run(asUser(other), 'select * from public.accept_invitation($1)', [token]),
      409,
      'invitation_used',
    );
  });

  it('refuses the old link of a resent invitation', async () => {
    const invitee = await createInvitee();
    const invitation = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      email: invitee.email,
    });
    await commitAs(db, asUser(team.members.owner), 'select * from public.resend_invitation($1)', [invitation.id]);
    expectRpcError(
      await run(asUser(invitee), 'select * from public.accept_invitation($1)', [invitation.token]),
      404,
      'invitation_not_found',
    );
  });

  it('refuses an unknown token', async () => {
    const invitee = await createInvitee();
    expectRpcError(
      await run(asUser(invitee), 'select * from public.accept_invitation($1)', [randomUUID()]),
      404,
      'invitation_not_found',
    );
  });

  it('refuses an account whose e-mail is not the invited one', async () => {
    const invitee = await createInvitee();
    const intruder = await createInvitee();
    const { token } = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      email: invitee.email,
    });
    expectRpcError(
      await run(asUser(intruder), 'select * from public.accept_invitation($1)', [token]),
      403,
      'invitation_email_mismatch',
    );
  });

  it('does not trust an e-mail claim in the JWT over the account', async () => {
    const invitee = await createInvitee();
    const intruder = await createInvitee();
    const { token } = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      email: invitee.email,
    });
    expectRpcError(
      await run(asUser(intruder, { email: invitee.email }), 'select * from public.accept_invitation($1)', [token]),
      403,
      'invitation_email_mismatch',
    );
  });

  it('refuses an account whose e-mail is not confirmed', async () => {
    const invitee = await createInvitee(false);
    const { token } = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      email: invitee.email,
    });
    expectRpcError(
      await run(asUser(invitee), 'select * from public.accept_invitation($1)', [token]),
      403,
      'email_not_confirmed',
    );
  });

  it('refuses anonymous visitors (they may only look the invitation up)', async () => {
    const invitee = await createInvitee();
    const { token } = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      email: invitee.email,
    });
    expectPermissionDenied(await run({ kind: 'anon' }, 'select * from public.accept_invitation($1)', [token]));
    const looked = expectSuccess(
      await run({ kind: 'anon' }, 'select email, status from public.get_invitation($1)', [token]),
    );
    expect(looked).toEqual([{ email: invitee.email, status: 'pending' }]);
  });

  it('refuses an invitation for someone already in the tenant', async () => {
    const { member } = team.members;
    const { token } = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      email: member.email,
      role: 'admin',
    });
    expectRpcError(
      await run(asUser(member), 'select * from public.accept_invitation($1)', [token]),
      409,
      'already_member',
    );
  });

  it('refuses revoking or resending an invitation once accepted', async () => {
    const invitation = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      status: 'accepted',
    });
    const owner = asUser(team.members.owner);
    expectRpcError(await run(owner, 'select public.revoke_invitation($1)', [invitation.id]), 409, 'invitation_closed');
    expectRpcError(
      await run(owner, 'select * from public.resend_invitation($1)', [invitation.id]),
      409,
      'invitation_closed',
    );
  });

  it('refuses an invitation its inviter no longer backs (invitation_revoked), accepts one they do', async () => {
    const outsider = await createUser(db, { label: 'esc-outsider-inviter' });
    const suspendedAdmin = await createUser(db, { label: 'esc-suspended-inviter' });
    await addMember(db, team.tenantId, suspendedAdmin.id, 'admin', 'suspended');
    const cases: readonly (readonly [string, string | null, 'owner' | 'admin' | 'member'])[] = [
      ['an inviter whose role may not invite', team.members.member.id, 'member'],
      ['an admin offering the owner role', team.members.admin.id, 'owner'],
      ['a suspended inviter', suspendedAdmin.id, 'member'],
      ['an inviter who is not a member', outsider.id, 'member'],
      ['an inviter whose account was deleted', null, 'member'],
    ];
    for (const [title, invitedBy, role] of cases) {
      const invitee = await createInvitee();
      const { token } = await createInvitation(db, { tenantId: team.tenantId, invitedBy, email: invitee.email, role });
      const result = await run(asUser(invitee), 'select * from public.accept_invitation($1)', [token]);
      expect(result.ok ? 'accepted' : `${result.code} ${result.message}`, title).toBe('PT410 invitation_revoked');
      const preview = await run({ kind: 'anon' }, 'select status from public.get_invitation($1)', [token]);
      expect(preview, title).toMatchObject({ ok: true, rows: [{ status: 'revoked' }] });
    }
    const invitee = await createInvitee();
    const { token } = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.admin.id,
      email: invitee.email,
      role: 'admin',
    });
    expectSuccess(await run(asUser(invitee), 'select * from public.accept_invitation($1)', [token]));
  });

  it('refuses an invitation whose inviter was removed in the meantime', async () => {
    const local = await createTeam(db, { label: 'esc-removed-inviter' });
    const invitee = await createInvitee();
    const { token } = await createInvitation(db, {
      tenantId: local.tenantId,
      invitedBy: local.members.admin.id,
      email: invitee.email,
    });
    expectSuccess(
      await commitAs(db, asUser(local.members.owner), 'select public.remove_member($1)', [
        local.members.admin.membershipId,
      ]),
    );
    expectRpcError(
      await run(asUser(invitee), 'select * from public.accept_invitation($1)', [token]),
      410,
      'invitation_revoked',
    );
  });

  it('refuses marking an invitation accepted by hand', async () => {
    const invitation = await createInvitation(db, { tenantId: team.tenantId });
    expectRpcError(
      await run(asUser(team.members.owner), `update public.invitations set status = 'accepted' where id = $1`, [
        invitation.id,
      ]),
      400,
      'invalid_state',
    );
  });
});

describe('plan changes', () => {
  let team: Team;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-plan' });
  });

  it('refuses an owner changing the plan on the table (billing only)', async () => {
    expectRpcError(
      await run(asUser(team.members.owner), `update public.tenants set plan = 'enterprise' where id = $1`, [
        team.tenantId,
      ]),
      403,
      'plan_managed_by_billing',
    );
  });

  it('refuses a plan in update_tenant', async () => {
    expectRpcError(
      await run(asUser(team.members.owner), 'select * from public.update_tenant($1, $2)', [
        team.tenantId,
        { plan: 'enterprise' },
      ]),
      400,
      'unknown_field',
    );
  });

  it('lets billing (the service role) change the plan', async () => {
    const result = await run({ kind: 'service_role' }, `update public.tenants set plan = 'enterprise' where id = $1`, [
      team.tenantId,
    ]);
    expect(result).toMatchObject({ ok: true, rowCount: 1 });
  });
});

describe('a tenant requiring MFA for owners and admins', () => {
  let team: Team;
  let invitationId: string;
  let grantId: string;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-mfa', isMfaRequired: true });
    invitationId = (await createInvitation(db, { tenantId: team.tenantId, invitedBy: team.members.owner.id })).id;
    grantId = await createSupportGrant(db, { tenantId: team.tenantId, grantedBy: team.members.owner.id });
  });

  const SENSITIVE: readonly (readonly [
    string,
    string,
    (t: Team, ids: { invitationId: string; grantId: string }) => unknown[],
  ])[] = [
    [
      'change a role',
      'select * from public.change_member_role($1, $2)',
      (t) => [t.members.member.membershipId, 'manager'],
    ],
    [
      'suspend a member',
      'select * from public.set_member_status($1, $2)',
      (t) => [t.members.member.membershipId, 'suspended'],
    ],
    ['remove a member', 'select public.remove_member($1)', (t) => [t.members.technician.membershipId]],
    ['invite', 'select * from public.invite_member($1, $2, $3)', (t) => [t.tenantId, buildEmail(), 'sales']],
    ['resend an invitation', 'select * from public.resend_invitation($1)', (_t, ids) => [ids.invitationId]],
    ['revoke an invitation', 'select public.revoke_invitation($1)', (_t, ids) => [ids.invitationId]],
    [
      'change the settings',
      'select * from public.update_tenant($1, $2)',
      (t) => [t.tenantId, { session_timeout_minutes: 15 }],
    ],
    [
      'turn the MFA requirement off',
      'select * from public.update_tenant($1, $2)',
      (t) => [t.tenantId, { mfa_required_for_admins: false }],
    ],
    [
      'delete the tenant',
      'select public.delete_tenant($1, name) from public.tenants where id = $1',
      (t) => [t.tenantId],
    ],
    ['grant support access', 'select * from public.grant_support_access($1, 24)', (t) => [t.tenantId]],
    ['revoke support access', 'select public.revoke_support_access($1)', (_t, ids) => [ids.grantId]],
  ];

  it.each(SENSITIVE)(
    'refuses an owner with an aal1 session trying to %s (mfa_required)',
    async (_title, sql, params) => {
      expectRpcError(
        await run(asUser(team.members.owner), sql, params(team, { invitationId, grantId })),
        403,
        'mfa_required',
      );
    },
  );

  it.each(SENSITIVE)('lets an owner with an aal2 session %s', async (_title, sql, params) => {
    expectSuccess(await run(asUserWithMfa(team.members.owner), sql, params(team, { invitationId, grantId })));
  });

  it('refuses an admin with an aal1 session too', async () => {
    const { admin, member } = team.members;
    expectRpcError(
      await run(asUser(admin), 'select * from public.change_member_role($1, $2)', [member.membershipId, 'sales']),
      403,
      'mfa_required',
    );
    expectSuccess(
      await run(asUserWithMfa(admin), 'select * from public.change_member_role($1, $2)', [
        member.membershipId,
        'sales',
      ]),
    );
  });

  it('does not ask an aal1 member to step up for what they may do anyway (leaving)', async () => {
    expectSuccess(await run(asUser(team.members.member), 'select public.leave_tenant($1)', [team.tenantId]));
  });
});

describe('a new invitation starts clean', () => {
  it('empties acceptance fields an admin sends and refuses an expiry beyond 30 days', async () => {
    const team = await createTeam(db);
    const admin = team.members.admin;
    const accepted = await run(
      asUser(admin),
      `insert into public.invitations (tenant_id, email, role, token_hash, accepted_by, accepted_at, revoked_at)
       values ($1, $2, 'member', $3, $4, now(), now())
       returning accepted_by, accepted_at, revoked_at, status`,
      [team.tenantId, buildEmail('clean'), 'a'.repeat(64), admin.id],
    );
    expect(expectSuccess(accepted)[0]).toEqual({
      accepted_by: null,
      accepted_at: null,
      revoked_at: null,
      status: 'pending',
    });
    const forever = await run(
      asUser(admin),
      `insert into public.invitations (tenant_id, email, role, token_hash, expires_at)
       values ($1, $2, 'member', $3, now() + interval '1 year')`,
      [team.tenantId, buildEmail('forever'), 'b'.repeat(64)],
    );
    expectRpcError(forever, 400, 'invalid_input');
  });
});

describe('an invitation through the API', () => {
  let team: Team;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-invitation-api' });
  });

  it.each([
    ['its expiry', `expires_at = now() + interval '10 years'`],
    ['its link', `token_hash = repeat('a', 64)`],
    ['its acceptance date', 'accepted_at = now()'],
    ['its revocation date', 'revoked_at = now()'],
  ])('cannot have %s changed by an owner (immutable_field)', async (_title, assignment) => {
    const invitation = await createInvitation(db, { tenantId: team.tenantId, invitedBy: team.members.owner.id });
    expectRpcError(
      await run(asUser(team.members.owner), `update public.invitations set ${assignment} where id = $1`, [
        invitation.id,
      ]),
      400,
      'immutable_field',
    );
  });

  it('can be revoked by an owner (the one change the API makes)', async () => {
    const invitation = await createInvitation(db, { tenantId: team.tenantId, invitedBy: team.members.owner.id });
    const result = await run(
      asUser(team.members.owner),
      `update public.invitations set status = 'revoked' where id = $1 returning status, revoked_at is not null as is_dated`,
      [invitation.id],
    );
    expect(expectSuccess(result)).toEqual([{ status: 'revoked', is_dated: true }]);
  });

  it('lives 7 days from a resend, never longer', async () => {
    const invitation = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: team.members.owner.id,
      expiresInHours: 24 * 30,
    });
    const rows = expectSuccess(
      await run(
        asUser(team.members.admin),
        `select expires_at between now() + interval '7 days' - interval '1 minute' and now() + interval '7 days' as is_week
           from public.resend_invitation($1)`,
        [invitation.id],
      ),
    );
    expect(rows).toEqual([{ is_week: true }]);
  });

  it('gives the inviter no token: invite_member and resend_invitation return what the email shows only', async () => {
    const owner = asUser(team.members.owner);
    const invited = await run(owner, 'select * from public.invite_member($1, $2, $3)', [
      team.tenantId,
      buildEmail('esc-no-token'),
      'sales',
    ]);
    const [row] = expectSuccess(invited);
    expect(Object.keys(row ?? {}).sort()).toEqual(
      [
        'email',
        'expires_at',
        'invitation_id',
        'inviter_name',
        'role',
        'tenant_locale',
        'tenant_name',
        'tenant_time_zone',
      ].sort(),
    );
    expect(row).toMatchObject({
      tenant_locale: 'fr-FR',
      tenant_time_zone: 'Europe/Paris',
      inviter_name: 'esc-invitation-api-owner',
    });
    const existing = await createInvitation(db, { tenantId: team.tenantId, invitedBy: team.members.owner.id });
    const [resent] = expectSuccess(await run(owner, 'select * from public.resend_invitation($1)', [existing.id]));
    expect(Object.keys(resent ?? {}).sort()).toEqual(Object.keys(row ?? {}).sort());
  });

  it('never keeps a link the caller chose (a direct insert gets an unknown one)', async () => {
    const chosen = 'c'.repeat(64);
    const result = await run(
      asUser(team.members.admin),
      `insert into public.invitations (tenant_id, email, role, token_hash) values ($1, $2, 'member', $3)
       returning token_hash = $4 as is_chosen, token_hash = $3 as is_raw`,
      [team.tenantId, buildEmail('esc-chosen'), hashToken(chosen), chosen],
    );
    expect(expectSuccess(result)).toEqual([{ is_chosen: false, is_raw: false }]);
  });
});

describe('issue_invitation_token (the invitations function, as the service role)', () => {
  let team: Team;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-issue' });
  });

  it('is refused to every API role', async () => {
    const invitation = await createInvitation(db, { tenantId: team.tenantId, invitedBy: team.members.owner.id });
    for (const actor of [{ kind: 'anon' } as const, asUser(team.members.owner), asUser(team.members.admin)]) {
      expectPermissionDenied(await run(actor, 'select public.issue_invitation_token($1)', [invitation.id]));
    }
  });

  it('issues a token the invitee can accept, and each new one kills the previous', async () => {
    const invitee = await createUser(db, { label: 'esc-issue-invitee' });
    const invited = await commitAs<{ invitation_id: string }>(
      db,
      asUser(team.members.admin),
      'select invitation_id from public.invite_member($1, $2, $3)',
      [team.tenantId, invitee.email, 'sales'],
    );
    const invitationId = invited.ok ? invited.rows[0]!.invitation_id : '';
    const issue = (): Promise<Result> =>
      commitAs(db, { kind: 'service_role' }, 'select public.issue_invitation_token($1) as token', [invitationId]);
    const first = String(expectSuccess(await issue())[0]?.['token']);
    const second = String(expectSuccess(await issue())[0]?.['token']);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
    const { rows } = await db.query<{ token_hash: string }>('select token_hash from public.invitations where id = $1', [
      invitationId,
    ]);
    expect(rows[0]?.token_hash).toBe(hashToken(second));
    expectRpcError(
      await run(asUser(invitee), 'select * from public.accept_invitation($1)', [first]),
      404,
      'invitation_not_found',
    );
    expect(
      expectSuccess(await run(asUser(invitee), 'select role from public.accept_invitation($1)', [second])),
    ).toEqual([{ role: 'sales' }]);
  });

  it.each([
    ['an accepted invitation', { status: 'accepted' as const }, 409, 'invitation_closed'],
    ['a revoked invitation', { status: 'revoked' as const }, 409, 'invitation_closed'],
    ['an expired invitation', { expiresInHours: -1 }, 410, 'invitation_expired'],
    ['an invitation its inviter no longer backs', { invitedByMember: true }, 410, 'invitation_revoked'],
  ] as const)('refuses %s', async (_title, options, status, code) => {
    const invitation = await createInvitation(db, {
      tenantId: team.tenantId,
      invitedBy: 'invitedByMember' in options ? team.members.member.id : team.members.owner.id,
      ...('status' in options ? { status: options.status } : {}),
      ...('expiresInHours' in options ? { expiresInHours: options.expiresInHours } : {}),
    });
    expectRpcError(
      await run({ kind: 'service_role' }, 'select public.issue_invitation_token($1)', [invitation.id]),
      status,
      code,
    );
  });
});

describe('invitation rate limits', () => {
  /** `count` past invitation.created rows in the tenant (by `actorId`), written `age` ago. */
  async function createHistory(tenantId: string, actorId: string, action: string, count: number, options = {}) {
    for (let i = 0; i < count; i += 1) {
      await createAuditRow(db, tenantId, actorId, action, { age: '1 hour', ...options });
    }
  }

  it('refuses a 51st invitation in a tenant within 24 hours (too_many_invitations, with the wait)', async () => {
    const team = await createTeam(db, { label: 'esc-quota-tenant' });
    // 49 by other admins in the last day, one older than a day: the 50th is still allowed.
    await createHistory(team.tenantId, team.members.owner.id, 'invitation.created', 49);
    await createAuditRow(db, team.tenantId, team.members.owner.id, 'invitation.created', { age: '25 hours' });
    const invite = (): Promise<Result> =>
      runAs(db, asUser(team.members.admin), 'select invitation_id from public.invite_member($1, $2, $3)', [
        team.tenantId,
        buildEmail('esc-quota'),
        'member',
      ]);
    expectSuccess(await invite());
    await createHistory(team.tenantId, team.members.owner.id, 'invitation.created', 1);
    const refused = await invite();
    expectRpcError(refused, 429, 'too_many_invitations');
    const details = readDetails(refused);
    expect(details).toMatchObject({ scope: 'tenant', limit: 50 });
    // The oldest of the 50 leaves the window 23 hours from now.
    expect(Number(details['retry_after_seconds'])).toBeGreaterThan(23 * 3600 - 120);
    expect(Number(details['retry_after_seconds'])).toBeLessThanOrEqual(23 * 3600);
  });

  it('refuses a 21st invitation by one inviter within 24 hours, across tenants', async () => {
    const team = await createTeam(db, { label: 'esc-quota-inviter' });
    const elsewhere = await createTenant(db);
    await createHistory(elsewhere, team.members.admin.id, 'invitation.created', 19);
    const invite = (): Promise<Result> =>
      runAs(db, asUser(team.members.admin), 'select invitation_id from public.invite_member($1, $2, $3)', [
        team.tenantId,
        buildEmail('esc-quota-inviter'),
        'member',
      ]);
    expectSuccess(await invite());
    await createHistory(elsewhere, team.members.admin.id, 'invitation.created', 1);
    const refused = await invite();
    expectRpcError(refused, 429, 'too_many_invitations');
    expect(readDetails(refused)).toMatchObject({ scope: 'inviter', limit: 20 });
    // Another admin of the same tenant still may.
    expectSuccess(
      await run(asUser(team.members.owner), 'select invitation_id from public.invite_member($1, $2, $3)', [
        team.tenantId,
        buildEmail('esc-quota-other'),
        'member',
      ]),
    );
  });

  it('applies to direct inserts too', async () => {
    const team = await createTeam(db, { label: 'esc-quota-direct' });
    await createHistory(team.tenantId, team.members.owner.id, 'invitation.created', 50);
    expectRpcError(
      await run(
        asUser(team.members.admin),
        `insert into public.invitations (tenant_id, email, role, token_hash) values ($1, $2, 'member', $3)`,
        [team.tenantId, buildEmail('esc-quota-direct'), 'd'.repeat(64)],
      ),
      429,
      'too_many_invitations',
    );
  });

  it('refuses a resend within a minute of the previous one', async () => {
    const team = await createTeam(db, { label: 'esc-quota-resend' });
    const invitation = await createInvitation(db, { tenantId: team.tenantId, invitedBy: team.members.owner.id });
    const resend = (): Promise<Result> =>
      runAs(db, asUser(team.members.owner), 'select invitation_id from public.resend_invitation($1)', [invitation.id]);
    await createAuditRow(db, team.tenantId, team.members.owner.id, 'invitation.resent', {
      targetId: invitation.id,
      age: '61 seconds',
    });
    expectSuccess(await resend());
    await createAuditRow(db, team.tenantId, team.members.owner.id, 'invitation.resent', {
      targetId: invitation.id,
      age: '20 seconds',
    });
    const refused = await resend();
    expectRpcError(refused, 429, 'too_many_invitations');
    const details = readDetails(refused);
    expect(details).toMatchObject({ scope: 'invitation' });
    expect(Number(details['retry_after_seconds'])).toBeGreaterThanOrEqual(35);
    expect(Number(details['retry_after_seconds'])).toBeLessThanOrEqual(40);
  });

  it('refuses a 6th resend within 24 hours', async () => {
    const team = await createTeam(db, { label: 'esc-quota-resend-day' });
    const invitation = await createInvitation(db, { tenantId: team.tenantId, invitedBy: team.members.owner.id });
    const resend = (): Promise<Result> =>
      runAs(db, asUser(team.members.owner), 'select invitation_id from public.resend_invitation($1)', [invitation.id]);
    for (const age of ['20 hours', '10 hours', '5 hours', '2 hours']) {
      await createAuditRow(db, team.tenantId, team.members.owner.id, 'invitation.resent', {
        targetId: invitation.id,
        age,
      });
    }
    expectSuccess(await resend());
    await createAuditRow(db, team.tenantId, team.members.owner.id, 'invitation.resent', {
      targetId: invitation.id,
      age: '1 hour',
    });
    const refused = await resend();
    expectRpcError(refused, 429, 'too_many_invitations');
    // The 20-hour-old resend leaves the window in 4 hours.
    expect(Number(readDetails(refused)['retry_after_seconds'])).toBeGreaterThan(4 * 3600 - 120);
  });
});

describe('deleting one’s own account', () => {
  it('is refused to the only active owner of a tenant, naming it (last_owner)', async () => {
    const team = await createTeam(db, { name: 'Garage Solo', label: 'esc-delete-sole' });
    const result = await runAs(db, asUser(team.members.owner), 'select public.delete_my_account()');
    expectRpcError(result, 409, 'last_owner');
    expect(readDetails(result)).toEqual({ tenants: [{ id: team.tenantId, name: 'Garage Solo' }] });
  });

  it('deletes a co-owner’s account and lets everything that pointed at it go', async () => {
    const team = await createTeam(db, { label: 'esc-delete-co' });
    const user = await createUser(db, { label: 'esc-delete-co-owner' });
    await addMember(db, team.tenantId, user.id, 'owner');
    // Things the account created, which keep existing without it.
    const created = await createTenant(db, { createdBy: user.id });
    await addMember(db, created, team.members.owner.id, 'owner');
    const invitation = await createInvitation(db, { tenantId: team.tenantId, invitedBy: user.id });
    const grant = await createSupportGrant(db, { tenantId: team.tenantId, grantedBy: user.id });
    const { result, read } = await actThenRead<{
      users: number;
      profiles: number;
      created_by: string | null;
      status: string;
      invited_by: string | null;
      granted_by: string | null;
    }>(
      db,
      asUser(user),
      'select public.delete_my_account()',
      [],
      `select (select count(*)::int from auth.users where id = $1) as users,
              (select count(*)::int from public.profiles where user_id = $1) as profiles,
              (select created_by::text from public.tenants where id = $2) as created_by,
              (select status from public.invitations where id = $3) as status,
              (select invited_by::text from public.invitations where id = $3) as invited_by,
              (select granted_by::text from public.support_access_grants where id = $4) as granted_by`,
      [user.id, created, invitation.id, grant],
    );
    expect(result.ok ? 'ok' : `${result.code} ${result.message}`).toBe('ok');
    expect(read).toEqual([
      { users: 0, profiles: 0, created_by: null, status: 'revoked', invited_by: null, granted_by: null },
    ]);
  });

  it('asks for the MFA step-up once the account has a verified factor', async () => {
    const user = await createUser(db, { label: 'esc-delete-mfa' });
    await createMfaFactor(db, user.id, 'verified');
    expectRpcError(await run(asUser(user), 'select public.delete_my_account()'), 403, 'mfa_required');
    expectSuccess(await run(asUserWithMfa(user), 'select public.delete_my_account()'));
  });

  it('is refused to anonymous visitors', async () => {
    expectPermissionDenied(await run({ kind: 'anon' }, 'select public.delete_my_account()'));
  });
});

describe('a suspended member', () => {
  let team: Team;
  let suspended: FixtureUser & { membershipId: string };
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-suspended' });
    const user = await createUser(db, { label: 'esc-suspended-admin' });
    suspended = { ...user, membershipId: await addMember(db, team.tenantId, user.id, 'admin', 'suspended') };
  });

  it('may leave', async () => {
    expectSuccess(await run(asUser(suspended), 'select public.leave_tenant($1)', [team.tenantId]));
  });

  it('may not remove anyone else, nor see the team', async () => {
    expectRpcError(
      await run(asUser(suspended), 'select public.remove_member($1)', [team.members.member.membershipId]),
      404,
      'not_found',
    );
    const seen = await run(asUser(suspended), 'select user_id::text from public.memberships where tenant_id = $1', [
      team.tenantId,
    ]);
    expect(expectSuccess(seen)).toEqual([{ user_id: suspended.id }]);
  });
});

describe('the team list', () => {
  let team: Team;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-members' });
    await createMfaFactor(db, team.members.sales.id, 'verified');
    await db.query(`update auth.users set last_sign_in_at = now() - interval '1 hour' where id = $1`, [
      team.members.sales.id,
    ]);
  });

  async function readSales(role: 'owner' | 'admin' | 'manager' | 'technician'): Promise<pg.QueryResultRow[]> {
    return expectSuccess(
      await run(
        asUser(team.members[role]),
        `select has_mfa, last_sign_in_at is not null as has_signed_in, last_sign_in_at is null as is_hidden
           from public.list_members($1) where user_id = $2`,
        [team.tenantId, team.members.sales.id],
      ),
    );
  }

  it.each(['owner', 'admin'] as const)('shows the %s who has MFA and when they last signed in', async (role) => {
    expect(await readSales(role)).toEqual([{ has_mfa: true, has_signed_in: true, is_hidden: false }]);
  });

  it.each(['manager', 'technician'] as const)('shows a %s the team without that', async (role) => {
    expect(await readSales(role)).toEqual([{ has_mfa: null, has_signed_in: false, is_hidden: true }]);
  });
});

describe('platform operators', () => {
  let team: Team;
  let operator: FixtureUser;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-operator' });
    await createSupportGrant(db, { tenantId: team.tenantId });
    operator = await createUser(db, { label: 'esc-operator' });
    await makeOperator(db, operator.id);
  });

  it('list tenants without MFA while they have no factor (the seeded operator)', async () => {
    expectSuccess(await run(asUser(operator), 'select tenant_id from public.operator_list_tenants() limit 1'));
  });

  it('need an aal2 session once they enrolled a factor, for the console and for support access', async () => {
    const enrolled = await createUser(db, { label: 'esc-operator-mfa' });
    await makeOperator(db, enrolled.id);
    await createMfaFactor(db, enrolled.id, 'verified');
    expectRpcError(await run(asUser(enrolled), 'select * from public.operator_list_tenants()'), 403, 'mfa_required');
    const readTenant = 'select id from public.tenants where id = $1';
    expect(expectSuccess(await run(asUser(enrolled), readTenant, [team.tenantId]))).toEqual([]);
    expectSuccess(await run(asUserWithMfa(enrolled), 'select tenant_id from public.operator_list_tenants() limit 1'));
    expect(expectSuccess(await run(asUserWithMfa(enrolled), readTenant, [team.tenantId]))).toEqual([
      { id: team.tenantId },
    ]);
  });

  it('act as `support` under a grant: they read the team but change nothing a member could', async () => {
    const tenants = expectSuccess(
      await run(asUser(operator), 'select role from public.list_my_tenants() where id = $1', [team.tenantId]),
    );
    expect(tenants).toEqual([{ role: 'support' }]);
    // A member may leave; support is nobody's membership and gains no write right.
    const leave = await run(asUser(operator), 'select public.leave_tenant($1)', [team.tenantId]);
    expectRpcError(leave, 404, 'not_found');
    const members = expectSuccess(
      await run(asUser(operator), 'select has_mfa from public.list_members($1)', [team.tenantId]),
    );
    expect(members.length).toBeGreaterThan(1);
    expect(members.every((m) => m['has_mfa'] === null)).toBe(true);
    expect(
      expectSuccess(await run(asUser(operator), 'select * from public.list_audit_log($1)', [team.tenantId])),
    ).toEqual([]);
  });
});

describe('create_tenant and update_tenant inputs', () => {
  let team: Team;
  beforeAll(async () => {
    team = await createTeam(db, { label: 'esc-inputs' });
  });

  it.each([
    ['share_capital_cents', 'abc'],
    ['share_capital_cents', 12.5],
    ['share_capital_cents', '99999999999999999999'],
  ])('create_tenant answers invalid_input for %s = %j', async (field, value) => {
    const founder = await createUser(db, { label: 'esc-inputs-founder' });
    const result = await runAs(
      db,
      asUser(founder),
      `select id from public.create_tenant(null, 'Essai', 'garage', $1)`,
      [{ [field]: value }],
    );
    expectRpcError(result, 400, 'invalid_input');
    expect(readDetails(result)).toEqual({ field });
  });

  it('create_tenant answers invalid_input (field id) for the id of an existing tenant, not 23505', async () => {
    const founder = await createUser(db, { label: 'esc-inputs-taken' });
    // A tenant whose creation is not in the audit log yet (two creations racing: neither sees the
    // other's audit row), so that the insert itself meets the primary key.
    const unaudited = randomUUID();
    await db.query('begin');
    await db.query(`select set_config('comptoir.audit_action', 'none', true)`);
    await db.query(`insert into public.tenants (id, name, vertical) values ($1, 'Sans trace', 'garage')`, [unaudited]);
    await db.query('commit');
    for (const id of [team.tenantId, unaudited]) {
      const result = await runAs(db, asUser(founder), `select id from public.create_tenant($1, 'Essai', 'garage')`, [
        id,
      ]);
      expectRpcError(result, 400, 'invalid_input');
      expect(readDetails(result)).toEqual({ field: 'id' });
    }
  });

  it.each([
    ['share_capital_cents', 'beaucoup'],
    ['session_timeout_minutes', 'trente'],
    ['session_timeout_minutes', 3_000_000_000],
    ['mfa_required_for_admins', 'peut-être'],
    ['mfa_required_for_admins', null],
  ])('update_tenant answers invalid_input for %s = %j', async (field, value) => {
    const result = await runAs(db, asUser(team.members.owner), 'select id from public.update_tenant($1, $2)', [
      team.tenantId,
      { [field]: value },
    ]);
    expectRpcError(result, 400, 'invalid_input');
    expect(readDetails(result)).toEqual({ field });
  });

  it('update_tenant still takes well-typed values', async () => {
    const rows = expectSuccess(
      await run(
        asUser(team.members.owner),
        'select share_capital_cents, session_timeout_minutes, mfa_required_for_admins from public.update_tenant($1, $2)',
        [team.tenantId, { share_capital_cents: '150000', session_timeout_minutes: 45, mfa_required_for_admins: true }],
      ),
    );
    expect(rows).toEqual([
      { share_capital_cents: '150000', session_timeout_minutes: 45, mfa_required_for_admins: true },
    ]);
  });
});
