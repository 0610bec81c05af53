/**
 * Fixture builders for the tenancy DB tests. Rows are written and committed through a
 * superuser connection (the way the seed or Supabase Auth would write them), with random ids
 * and e-mail addresses, so test files running in parallel against the same stack never see
 * each other's tenants. The statements under test then run as an actor inside rolled-back
 * transactions (supabase/local/test/pg-actor.ts), so fixtures are never changed by a test.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { TENANT_ROLES, type TenantRole } from '../../../shared/permissions/roles.ts';
import type { Actor } from '../../local/test/pg-actor.ts';

export type FixtureUser = { readonly id: string; readonly email: string };

export type UserOptions = {
  /** Part of the generated e-mail, to read failures more easily. */
  readonly label?: string;
  /** Exact e-mail (lower case) instead of a generated one. */
  readonly email?: string;
  /** False leaves email_confirmed_at NULL (a sign-up not yet confirmed). */
  readonly isConfirmed?: boolean;
  /** False removes the profile the auth.users trigger creates. */
  readonly hasProfile?: boolean;
};

/** A fresh fixture e-mail address, unique across runs. */
export function buildEmail(label = 'user'): string {
  return `${label}-${randomUUID().slice(0, 8)}@fixtures.test`;
}

/** A user as Supabase Auth stores one (the profile trigger of the tenancy migration fires). */
export async function createUser(db: pg.Client, options: UserOptions = {}): Promise<FixtureUser> {
  const id = randomUUID();
  const email = options.email ?? buildEmail(options.label);
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
       raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, '',
       case when $3 then now() end, '{"provider":"email","providers":["email"]}',
       jsonb_build_object('display_name', $4::text), now(), now())`,
    [id, email, options.isConfirmed ?? true, options.label ?? 'Fixture'],
  );
  if (options.hasProfile === false) {
    await db.query('delete from public.profiles where user_id = $1', [id]);
  }
  return { id, email };
}

export type TenantOptions = {
  readonly name?: string;
  readonly isMfaRequired?: boolean;
  readonly createdBy?: string;
};

/** A tenant row (as the seed writes one; create_tenant is tested through its RPC). */
export async function createTenant(db: pg.Client, options: TenantOptions = {}): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into public.tenants (id, name, vertical, mfa_required_for_admins, created_by)
     values ($1, $2, 'garage', $3, $4)`,
    [id, options.name ?? `Fixture ${id.slice(0, 8)}`, options.isMfaRequired ?? false, options.createdBy ?? null],
  );
  return id;
}

/** Adds a member (joined `age` ago, a Postgres interval; default now); returns the membership id. */
export async function addMember(
  db: pg.Client,
  tenantId: string,
  userId: string,
  role: TenantRole,
  status: 'active' | 'suspended' = 'active',
  age?: string,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into public.memberships (tenant_id, user_id, role, status, created_at)
     values ($1, $2, $3, $4, now() - coalesce($5::interval, interval '0')) returning id`,
    [tenantId, userId, role, status, age ?? null],
  );
  return rows[0]!.id;
}

export type InvitationOptions = {
  readonly tenantId: string;
  readonly email?: string;
  readonly role?: TenantRole;
  readonly invitedBy?: string | null;
  readonly status?: 'pending' | 'accepted' | 'revoked';
  /** Negative for an invitation that has already expired. */
  readonly expiresInHours?: number;
};

export type FixtureInvitation = { readonly id: string; readonly token: string; readonly email: string };

/** SHA-256 (hex) of a token, as private.hash_token stores it. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * An invitation with a known one-time token (the API never reveals one: only the service role's
 * issue_invitation_token does). Pass `invitedBy` an active owner or admin for an invitation that
 * can be accepted: accept_invitation refuses one its inviter no longer backs.
 */
export async function createInvitation(db: pg.Client, options: InvitationOptions): Promise<FixtureInvitation> {
  const token = randomBytes(32).toString('hex');
  const email = options.email ?? buildEmail('invitee');
  const { rows } = await db.query<{ id: string }>(
    `insert into public.invitations (tenant_id, email, role, token_hash, status, expires_at, invited_by, created_at)
     values ($1, $2, $3, $4, $5, now() + make_interval(hours => $6::integer), $7,
             least(now(), now() + make_interval(hours => $6::integer)) - interval '1 hour')
     returning id`,
    [
      options.tenantId,
      email,
      options.role ?? 'member',
      hashToken(token),
      options.status ?? 'pending',
      options.expiresInHours ?? 72,
      options.invitedBy ?? null,
    ],
  );
  return { id: rows[0]!.id, token, email };
}

export type SupportGrantOptions = {
  readonly tenantId: string;
  readonly grantedBy?: string | null;
  /** An expired grant is still unrevoked (so it can be revoked) but gives no access. */
  readonly isExpired?: boolean;
};

/** A support access grant: valid for a day, or expired an hour ago. */
export async function createSupportGrant(db: pg.Client, options: SupportGrantOptions): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into public.support_access_grants (tenant_id, granted_by, reason, created_at, expires_at)
     values ($1, $2, 'fixture',
             case when $3 then now() - interval '2 days' else now() end,
             case when $3 then now() - interval '1 hour' else now() + interval '1 day' end)
     returning id`,
    [options.tenantId, options.grantedBy ?? null, options.isExpired ?? false],
  );
  return rows[0]!.id;
}

export type AuditRowOptions = {
  readonly subjectUserId?: string;
  readonly targetId?: string;
  /** How long ago the row was written (a Postgres interval, e.g. '2 hours'); default now. */
  readonly age?: string;
};

/**
 * An audit row written directly, as the superuser (no API role, not even the service role, may
 * insert one: rows come from private.record_audit). Used to give a test a history.
 */
export async function createAuditRow(
  db: pg.Client,
  tenantId: string | null,
  actorId: string | null,
  action = 'fixture.recorded',
  options: AuditRowOptions = {},
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into public.audit_log (tenant_id, actor_id, subject_user_id, action, target_type, target_id, created_at)
     values ($1, $2, $3, $4, 'fixture', $5, now() - coalesce($6::interval, interval '0')) returning id::text`,
    [tenantId, actorId, options.subjectUserId ?? null, action, options.targetId ?? 'fixture', options.age ?? null],
  );
  return rows[0]!.id;
}

/** Makes a user a platform operator. */
export async function makeOperator(db: pg.Client, userId: string): Promise<void> {
  await db.query('insert into private.platform_operators (user_id) values ($1)', [userId]);
}

/** A verified TOTP factor, as Supabase Auth stores one after a successful challenge. */
export async function createMfaFactor(
  db: pg.Client,
  userId: string,
  status: 'unverified' | 'verified',
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
     values ($1, $2, $3, 'totp', $4, now(), now(), 'JBSWY3DPEHPK3PXP')`,
    [id, userId, `fixture-${id.slice(0, 8)}`, status],
  );
  return id;
}

/** The actor of a signed-in user (aal1 unless the claims say otherwise). */
export function asUser(user: FixtureUser, claims: Readonly<Record<string, unknown>> = {}): Actor {
  return { kind: 'user', id: user.id, claims: { email: user.email, ...claims } };
}

/** The same user after an MFA challenge (aal2 claims, as Supabase Auth issues them). */
export function asUserWithMfa(user: FixtureUser): Actor {
  return asUser(user, { aal: 'aal2', amr: [{ method: 'totp', timestamp: Math.floor(Date.now() / 1000) }] });
}

export type TeamMember = FixtureUser & { readonly role: TenantRole; readonly membershipId: string };

export type Team = {
  readonly tenantId: string;
  /** One active member per tenant role. */
  readonly members: Readonly<Record<TenantRole, TeamMember>>;
};

/** A tenant with one member per role (owner first, so the tenant always has its owner). */
export async function createTeam(
  db: pg.Client,
  options: TenantOptions & { readonly label?: string } = {},
): Promise<Team> {
  const tenantId = await createTenant(db, options);
  const members = {} as Record<TenantRole, TeamMember>;
  for (const role of TENANT_ROLES) {
    const user = await createUser(db, { label: `${options.label ?? 'team'}-${role}` });
    members[role] = { ...user, role, membershipId: await addMember(db, tenantId, user.id, role) };
  }
  return { tenantId, members };
}

// Sales (V1) rows, written as the superuser and committed, like the seed: the server triggers
// fire as for a trusted writer (stage history and the `created` activity of an opportunity,
// notifications of a task or comment).

/** A UUIDv7-shaped id (time-ordered, like the PWA's). */
export function buildSalesRowId(): string {
  const hex = Date.now().toString(16).padStart(12, '0');
  const rest = randomUUID().replace(/-/g, '').slice(12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${rest.slice(1, 4)}-8${rest.slice(5, 8)}-${rest.slice(8, 20)}`;
}

export type SalesTable =
  | 'pipeline_stages'
  | 'opportunities'
  | 'activities'
  | 'tasks'
  | 'comments'
  | 'notifications'
  | 'scoring_models'
  | 'sales_documents'
  | 'sales_document_lines'
  | 'vehicles'
  | 'service_records'
  | 'mileage_readings';

/** Inserts a row of a sales table (fields as JSON, typed by the column); returns its id. */
export async function insertSalesRow(
  db: pg.Client,
  table: SalesTable,
  tenantId: string,
  fields: Readonly<Record<string, unknown>>,
): Promise<string> {
  const id = buildSalesRowId();
  const keys = Object.keys(fields);
  await db.query(
    `insert into public.${table} (id, tenant_id${keys.map((k) => `, ${k}`).join('')})
     select $1, $2${keys.map((k) => `, r.${k}`).join('')} from jsonb_populate_record(null::public.${table}, $3) r`,
    [id, tenantId, JSON.stringify(fields)],
  );
  return id;
}

/** The id of one of the tenant's default stages ('prospect', 'won', 'lost'…). */
export async function readStageId(db: pg.Client, tenantId: string, key: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'select id from public.pipeline_stages where tenant_id = $1 and key = $2 and deleted_at is null',
    [tenantId, key],
  );
  if (!rows[0]) throw new Error(`no stage ${key} in tenant ${tenantId}`);
  return rows[0].id;
}

/** An opportunity in the prospect stage (or `stage`), owned by `ownerId`. */
export async function insertOpportunity(
  db: pg.Client,
  tenantId: string,
  ownerId: string | null,
  fields: Readonly<Record<string, unknown>> = {},
): Promise<string> {
  const stageId = (fields['stage_id'] as string | undefined) ?? (await readStageId(db, tenantId, 'prospect'));
  return insertSalesRow(db, 'opportunities', tenantId, {
    title: 'Entretien flotte',
    owner_id: ownerId,
    ...fields,
    stage_id: stageId,
  });
}

/** The stage history row the server wrote when the opportunity was created. */
export async function readCreationHistoryId(db: pg.Client, opportunityId: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'select id from public.opportunity_stage_history where opportunity_id = $1 and from_stage_id is null',
    [opportunityId],
  );
  if (!rows[0]) throw new Error(`no history for opportunity ${opportunityId}`);
  return rows[0].id;
}

// Invoicing (V3) ------------------------------------------------------------------------------------------

/** A valid SIREN: the 8 digits of `base` (padded) plus their Luhn key. */
export function buildSiren(base: number): string {
  const body = String(base % 100_000_000).padStart(8, '0');
  for (let key = 0; key <= 9; key += 1) {
    const candidate = `${body}${key}`;
    const sum = [...candidate].reverse().reduce((acc, ch, i) => {
      const d = Number(ch) * (i % 2 === 1 ? 2 : 1);
      return acc + (d > 9 ? d - 9 : d);
    }, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

/** The French intra-EU VAT number of a SIREN (numeric key). */
export function buildVatNumber(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}

/** Gives a tenant the complete legal identity finalisation needs (a SARL registered at the RCS). */
export async function setTenantLegalIdentity(db: pg.Client, tenantId: string, siren = '542051180'): Promise<void> {
  await db.query(
    `update public.tenants set legal_name = 'Garage Martin SARL', legal_form = 'SARL', share_capital_cents = 1000000,
            siren = $2, siret = null, registry_kind = 'RCS', registry_city = 'Lyon', vat_number = $3,
            address_line1 = '12 rue de la Gare', postal_code = '69002', city = 'Lyon', country = 'FR'
      where id = $1`,
    [tenantId, siren, buildVatNumber(siren)],
  );
}

/** A business buyer with every mention (buyerSchema). */
export function buildBusinessBuyer(siren = buildSiren(12_345_678)): Record<string, unknown> {
  return {
    kind: 'business',
    name: 'Transports Durand SAS',
    address: { line1: '3 avenue Foch', line2: null, postal_code: '75016', city: 'Paris', country: 'FR' },
    siren,
    vat_number: buildVatNumber(siren),
  };
}

/** The fields of a complete B2B draft invoice (every mandatory mention but the lines). */
export function buildCompleteInvoiceFields(): Record<string, unknown> {
  return {
    kind: 'invoice',
    due_date: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    late_penalty_rate_bp: 1215,
    recovery_indemnity_cents: 4000,
    early_payment_discount: { kind: 'none' },
    operation_category: 'services',
    vat_on_debits: false,
    buyer: buildBusinessBuyer(),
  };
}

/** Inserts a draft sales document and its lines as the superuser (committed); returns its id. */
export async function insertSalesDocument(
  db: pg.Client,
  tenantId: string,
  ownerId: string | null,
  fields: Readonly<Record<string, unknown>> = buildCompleteInvoiceFields(),
  lines: readonly Readonly<Record<string, unknown>>[] = [
    { description: 'Vidange', quantity_milli: 1000, unit: 'C62', unit_price_cents: 8990, vat_rate_bp: 2000 },
  ],
): Promise<string> {
  const id = await insertSalesRow(db, 'sales_documents', tenantId, { kind: 'invoice', owner_id: ownerId, ...fields });
  for (const [position, line] of lines.entries()) {
    await insertSalesRow(db, 'sales_document_lines', tenantId, { document_id: id, position, ...line });
  }
  return id;
}

// Garage (V2) -------------------------------------------------------------------------------------------

/** A valid SIV plate, random enough for parallel test files (never SS, never 000). */
export function buildPlate(): string {
  const letters = 'ABCDEFGHJKLMNPQRTVWXYZ';
  const pickLetter = (): string => letters.charAt(randomBytes(1)[0]! % letters.length);
  const digits = String(100 + (randomBytes(2).readUInt16BE() % 900));
  return `${pickLetter()}${pickLetter()}-${digits}-${pickLetter()}${pickLetter()}`;
}

/** A vehicle of the tenant (a random plate unless given) as the superuser; returns its id. */
export async function insertVehicle(
  db: pg.Client,
  tenantId: string,
  fields: Readonly<Record<string, unknown>> = {},
): Promise<string> {
  return insertSalesRow(db, 'vehicles', tenantId, { plate: buildPlate(), make: 'RENAULT', model: 'CLIO', ...fields });
}
