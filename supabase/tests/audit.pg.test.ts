/**
 * Acceptance F2-4: every sensitive operation leaves exactly one audit row — right action, actor,
 * subject, tenant, target, IP and user agent — and nobody can change the audit log. Each
 * operation runs as its real caller through the RPC the PWA calls (Supabase Auth's own writes as
 * supabase_auth_admin); the rows the transaction appended are then read back as the superuser
 * inside the same, rolled-back transaction (support/transactions.ts), so a doubled row, a stray
 * row about another tenant or a missing one all fail.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_ROLES } from '../../shared/permissions/roles.ts';
import { queryAs, type Actor } from '../local/test/pg-actor.ts';
import { getStack } from '../local/test/stack-info.ts';
import {
  asUser,
  buildEmail,
  createAuditRow,
  createInvitation,
  createMfaFactor,
  createSupportGrant,
  createTeam,
  createUser,
  type Team,
} from './support/fixtures.ts';
import {
  REQUEST_IP,
  REQUEST_USER_AGENT,
  actAndReadAudit,
  commitAs,
  type AuditRow,
  type DbActor,
} from './support/transactions.ts';

const stack = getStack();
let db: pg.Client;
let team: Team;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  team = await createTeam(db, { label: 'audit' });
});
afterAll(async () => {
  await db.end();
});

type Expected = {
  readonly action: string;
  readonly tenant_id: string | null;
  readonly actor_id: string | null;
  readonly subject_user_id: string | null;
  readonly target_type: string;
  readonly target_id?: string;
};

/** Runs the operation and returns its single audit row after checking who, what and where. */
async function expectOneAuditRow(
  actor: DbActor,
  sql: string,
  params: unknown[],
  expected: Expected,
): Promise<AuditRow> {
  const { result, audit } = await actAndReadAudit(db, actor, sql, params);
  expect(result.ok ? 'ok' : `${result.code} ${result.message}`).toBe('ok');
  expect(audit.map((row) => row.action)).toEqual([expected.action]);
  const [row] = audit;
  expect(row).toMatchObject({
    action: expected.action,
    tenant_id: expected.tenant_id,
    actor_id: expected.actor_id,
    subject_user_id: expected.subject_user_id,
    target_type: expected.target_type,
    ...(expected.target_id === undefined ? {} : { target_id: expected.target_id }),
  });
  // "From where": API calls carry the client's address (first x-forwarded-for hop) and agent.
  if (actor.kind !== 'role') expect(row).toMatchObject({ ip: REQUEST_IP, user_agent: REQUEST_USER_AGENT });
  return row!;
}

describe('one audit row per sensitive operation', () => {
  it('tenant created (not also "member added" for its owner)', async () => {
    const founder = await createUser(db, { label: 'audit-founder' });
    const row = await expectOneAuditRow(
      asUser(founder),
      `select id from public.create_tenant(null, 'Carrosserie Martin', 'garage')`,
      [],
      {
        action: 'tenant.created',
        tenant_id: expect.any(String) as never,
        actor_id: founder.id,
        subject_user_id: null,
        target_type: 'tenant',
      },
    );
    expect(row.target_id).toBe(row.tenant_id);
    expect(row.details).toEqual({ name: 'Carrosserie Martin', vertical: 'garage' });
  });

  it('settings changed, with before and after', async () => {
    const { owner } = team.members;
    const row = await expectOneAuditRow(
      asUser(owner),
      'select id from public.update_tenant($1, $2)',
      [team.tenantId, { session_timeout_minutes: 45, numbering_prefix: 'AUD' }],
      {
        action: 'tenant.settings_changed',
        tenant_id: team.tenantId,
        actor_id: owner.id,
        subject_user_id: null,
        target_type: 'tenant',
        target_id: team.tenantId,
      },
    );
    expect(row.details).toEqual({
      changes: { session_timeout_minutes: { from: 30, to: 45 }, numbering_prefix: { from: '', to: 'AUD' } },
    });
  });

  it('settings saved without a change leave no row', async () => {
    const { result, audit } = await actAndReadAudit(
      db,
      asUser(team.members.owner),
      'select id from public.update_tenant($1, $2)',
      [team.tenantId, { session_timeout_minutes: 30 }],
    );
    expect(result.ok).toBe(true);
    expect(audit).toEqual([]);
  });

  it('tenant deleted (one row, not one per member or invitation it takes along)', async () => {
    const doomed = await createTeam(db, { label: 'audit-doomed' });
    await createInvitation(db, { tenantId: doomed.tenantId });
    await createSupportGrant(db, { tenantId: doomed.tenantId });
    const { owner } = doomed.members;
    await expectOneAuditRow(
      asUser(owner),
      'select public.delete_tenant($1, name) from public.tenants where id = $1',
      [doomed.tenantId],
      {
        action: 'tenant.deleted',
        tenant_id: doomed.tenantId,
        actor_id: owner.id,
        subject_user_id: null,
        target_type: 'tenant',
        target_id: doomed.tenantId,
      },
    );
  });

  it('invitation created', async () => {
    const { admin } = team.members;
    const email = buildEmail('audit-invitee');
    const row = await expectOneAuditRow(
      asUser(admin),
      'select invitation_id from public.invite_member($1, $2, $3)',
      [team.tenantId, email, 'sales'],
      {
        action: 'invitation.created',
        tenant_id: team.tenantId,
        actor_id: admin.id,
        subject_user_id: null,
        target_type: 'invitation',
      },
    );
    expect(row.details).toEqual({ email, role: 'sales' });
  });

  it('invitation resent', async () => {
    const { admin } = team.members;
    const invitation = await createInvitation(db, { tenantId: team.tenantId });
    await expectOneAuditRow(asUser(admin), 'select token from public.resend_invitation($1)', [invitation.id], {
      action: 'invitation.resent',
      tenant_id: team.tenantId,
      actor_id: admin.id,
      subject_user_id: null,
      target_type: 'invitation',
      target_id: invitation.id,
    });
  });

  it('invitation revoked', async () => {
    const { owner } = team.members;
    const invitation = await createInvitation(db, { tenantId: team.tenantId });
    await expectOneAuditRow(asUser(owner), 'select public.revoke_invitation($1)', [invitation.id], {
      action: 'invitation.revoked',
      tenant_id: team.tenantId,
      actor_id: owner.id,
      subject_user_id: null,
      target_type: 'invitation',
      target_id: invitation.id,
    });
  });

  it('invitation accepted (one row for the membership and the invitation it closes)', async () => {
    const invitee = await createUser(db, { label: 'audit-accepting' });
    const invitation = await createInvitation(db, {
      tenantId: team.tenantId,
      email: invitee.email,
      role: 'technician',
    });
    const row = await expectOneAuditRow(
      asUser(invitee),
      'select * from public.accept_invitation($1)',
      [invitation.token],
      {
        action: 'invitation.accepted',
        tenant_id: team.tenantId,
        actor_id: invitee.id,
        subject_user_id: invitee.id,
        target_type: 'membership',
      },
    );
    expect(row.details).toEqual({ role: 'technician' });
  });

  it('role changed', async () => {
    const { owner, sales } = team.members;
    const row = await expectOneAuditRow(
      asUser(owner),
      'select id from public.change_member_role($1, $2)',
      [sales.membershipId, 'manager'],
      {
        action: 'member.role_changed',
        tenant_id: team.tenantId,
        actor_id: owner.id,
        subject_user_id: sales.id,
        target_type: 'membership',
        target_id: sales.membershipId,
      },
    );
    expect(row.details).toEqual({ from: 'sales', to: 'manager', status: 'active' });
  });

  it('member suspended', async () => {
    const { admin, technician } = team.members;
    await expectOneAuditRow(
      asUser(admin),
      'select id from public.set_member_status($1, $2)',
      [technician.membershipId, 'suspended'],
      {
        action: 'member.status_changed',
        tenant_id: team.tenantId,
        actor_id: admin.id,
        subject_user_id: technician.id,
        target_type: 'membership',
        target_id: technician.membershipId,
      },
    );
  });

  it('member removed', async () => {
    const { admin, member } = team.members;
    await expectOneAuditRow(asUser(admin), 'select public.remove_member($1)', [member.membershipId], {
      action: 'member.removed',
      tenant_id: team.tenantId,
      actor_id: admin.id,
      subject_user_id: member.id,
      target_type: 'membership',
      target_id: member.membershipId,
    });
  });

  it('member left', async () => {
    const { client } = team.members;
    await expectOneAuditRow(asUser(client), 'select public.leave_tenant($1)', [team.tenantId], {
      action: 'member.left',
      tenant_id: team.tenantId,
      actor_id: client.id,
      subject_user_id: client.id,
      target_type: 'membership',
      target_id: client.membershipId,
    });
  });

  it('support access granted', async () => {
    const { owner } = team.members;
    const row = await expectOneAuditRow(
      asUser(owner),
      `select id from public.grant_support_access($1, 24, 'Import bloqué')`,
      [team.tenantId],
      {
        action: 'support_access.granted',
        tenant_id: team.tenantId,
        actor_id: owner.id,
        subject_user_id: null,
        target_type: 'support_access_grant',
      },
    );
    expect(row.details).toMatchObject({ reason: 'Import bloqué' });
  });

  it('support access revoked', async () => {
    const { owner } = team.members;
    const grantId = await createSupportGrant(db, { tenantId: team.tenantId, grantedBy: owner.id });
    await expectOneAuditRow(asUser(owner), 'select public.revoke_support_access($1)', [grantId], {
      action: 'support_access.revoked',
      tenant_id: team.tenantId,
      actor_id: owner.id,
      subject_user_id: null,
      target_type: 'support_access_grant',
      target_id: grantId,
    });
  });

  it('MFA enrolled (Supabase Auth verifying a factor)', async () => {
    const { admin } = team.members;
    const factorId = await createMfaFactor(db, admin.id, 'unverified');
    await expectOneAuditRow(
      { kind: 'role', role: 'supabase_auth_admin' },
      `update auth.mfa_factors set status = 'verified', updated_at = now() where id = $1`,
      [factorId],
      // Supabase Auth writes without a JWT: the database knows whose factor, not who asked.
      {
        action: 'mfa.enrolled',
        tenant_id: null,
        actor_id: null,
        subject_user_id: admin.id,
        target_type: 'mfa_factor',
        target_id: factorId,
      },
    );
  });

  it('MFA removed (Supabase Auth deleting a verified factor)', async () => {
    const { owner } = team.members;
    const factorId = await createMfaFactor(db, owner.id, 'verified');
    await expectOneAuditRow(
      { kind: 'role', role: 'supabase_auth_admin' },
      'delete from auth.mfa_factors where id = $1',
      [factorId],
      {
        action: 'mfa.removed',
        tenant_id: null,
        actor_id: null,
        subject_user_id: owner.id,
        target_type: 'mfa_factor',
        target_id: factorId,
      },
    );
  });

  it('an abandoned, never verified factor leaves no row', async () => {
    const factorId = await createMfaFactor(db, team.members.manager.id, 'unverified');
    const { result, audit } = await actAndReadAudit(
      db,
      { kind: 'role', role: 'supabase_auth_admin' },
      'delete from auth.mfa_factors where id = $1',
      [factorId],
    );
    expect(result).toMatchObject({ ok: true, rowCount: 1 });
    expect(audit).toEqual([]);
  });

  it('personal data exported', async () => {
    const { sales } = team.members;
    await expectOneAuditRow(asUser(sales), 'select public.export_my_data()', [], {
      action: 'data.exported',
      tenant_id: null,
      actor_id: sales.id,
      subject_user_id: sales.id,
      target_type: 'user',
      target_id: sales.id,
    });
  });

  it('refused operations leave no row', async () => {
    const { sales, member } = team.members;
    const { result, audit } = await actAndReadAudit(
      db,
      asUser(sales),
      'select id from public.change_member_role($1, $2)',
      [member.membershipId, 'admin'],
    );
    expect(result.ok).toBe(false);
    expect(audit).toEqual([]);
  });
});

describe("a deleted tenant's history", () => {
  it('stays out of reach of a tenant re-created with its id', async () => {
    const gone = await createTeam(db, { label: 'audit-gone' });
    const { owner, member } = gone.members;
    const deleted = await commitAs(
      db,
      asUser(owner),
      'select public.delete_tenant($1, name) from public.tenants where id = $1',
      [gone.tenantId],
    );
    expect(deleted.ok).toBe(true);
    // A former member who knows the id tries to become the owner of a tenant with that id.
    const reuse = await queryAs(db, asUser(member), `select id from public.create_tenant($1, 'Reprise', 'garage')`, [
      gone.tenantId,
    ]);
    expect(reuse.ok ? 'created' : `${reuse.code} ${reuse.message}`).toBe('PT400 invalid_input');
    const stillThere = await db.query('select count(*)::int as n from public.audit_log where tenant_id = $1', [
      gone.tenantId,
    ]);
    expect(stillThere.rows[0]?.n).toBeGreaterThan(0);
  });
});

describe('the audit log is append-only', () => {
  let auditId: string;
  let postgresDb: pg.Client;
  beforeAll(async () => {
    auditId = await createAuditRow(db, team.tenantId, team.members.owner.id, 'fixture.kept');
    postgresDb = new pg.Client({ connectionString: stack.dbUrl });
    await postgresDb.connect();
  });
  afterAll(async () => {
    await postgresDb.end();
  });

  const STATEMENTS = {
    update: `update public.audit_log set action = 'fixture.rewritten', actor_id = null where id = $1::bigint`,
    delete: 'delete from public.audit_log where id = $1::bigint',
    truncate: 'truncate public.audit_log',
  } as const;
  type Command = keyof typeof STATEMENTS;
  const COMMANDS = Object.keys(STATEMENTS) as Command[];

  /** Without the privilege the statement is refused before the row is touched; with it, the trigger refuses. */
  async function computeExpectedError(role: string, command: Command): Promise<string> {
    const { rows } = await db.query<{ has: boolean }>(`select has_table_privilege($1, 'public.audit_log', $2) as has`, [
      role,
      command,
    ]);
    return rows[0]?.has ? 'PT403 audit_log_is_append_only' : '42501';
  }

  function describeError(result: { ok: boolean; code?: string; message?: string }): string {
    if (result.ok) return 'succeeded';
    return result.code === '42501' ? '42501' : `${result.code} ${result.message}`;
  }

  async function expectRowIntact(): Promise<void> {
    const { rows } = await db.query('select action, actor_id from public.audit_log where id = $1::bigint', [auditId]);
    expect(rows).toEqual([{ action: 'fixture.kept', actor_id: team.members.owner.id }]);
  }

  const API_ACTORS: readonly (readonly [string, string, () => Actor])[] = [
    ['anon', 'anon', () => ({ kind: 'anon' })],
    ...TENANT_ROLES.map(
      (role) => [`authenticated ${role}`, 'authenticated', () => asUser(team.members[role])] as const,
    ),
    ['service_role', 'service_role', () => ({ kind: 'service_role' })],
  ];

  describe.each(COMMANDS)('%s', (command) => {
    it.each(API_ACTORS)('is refused to %s', async (_name, role, actor) => {
      const params = command === 'truncate' ? [] : [auditId];
      const result = await queryAs(db, actor(), STATEMENTS[command], params);
      expect(describeError(result)).toBe(await computeExpectedError(role, command));
      await expectRowIntact();
    });

    it.each([
      ['postgres (the owner of the table)', 'postgres'],
      ['the cluster superuser', 'superuser'],
    ])('is refused to %s', async (_name, who) => {
      const client = who === 'postgres' ? postgresDb : db;
      const params = command === 'truncate' ? [] : [auditId];
      await client.query('begin');
      let result: { ok: boolean; code?: string; message?: string };
      try {
        await client.query(STATEMENTS[command], params);
        result = { ok: true };
      } catch (error) {
        const e = error as { code?: string; message?: string };
        result = { ok: false, code: e.code ?? 'XX000', message: e.message ?? String(error) };
      } finally {
        await client.query('rollback');
      }
      expect(describeError(result)).toBe('PT403 audit_log_is_append_only');
      await expectRowIntact();
    });
  });
});
