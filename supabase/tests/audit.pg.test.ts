/**
 * Acceptance F2-4: every sensitive operation leaves exactly one audit row — right action, actor,
 * subject, tenant, target, IP and user agent — and nobody can change the audit log. Each
 * operation runs as its real caller through the RPC the PWA calls (Supabase Auth's own writes as
 * supabase_auth_admin); the rows the transaction appended are then read back as the superuser
 * inside the same, rolled-back transaction (support/transactions.ts), so a doubled row, a stray
 * row about another tenant or a missing one all fail. Every request carries a forged
 * X-Forwarded-For beside the platform's cf-connecting-ip: only the latter may be recorded.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_ROLES } from '../../shared/permissions/roles.ts';
import { queryAs, type Actor } from '../local/test/pg-actor.ts';
import { getStack } from '../local/test/stack-info.ts';
import {
  addMember,
  asUser,
  buildEmail,
  createAuditRow,
  createInvitation,
  createMfaFactor,
  createSupportGrant,
  createTeam,
  createTenant,
  createUser,
  type Team,
} from './support/fixtures.ts';
import {
  FORGED_IP,
  REQUEST_IP,
  REQUEST_USER_AGENT,
  actAndReadAudit,
  actThenRead,
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
  // "From where": the address the platform vouches for (cf-connecting-ip), never the client's
  // own X-Forwarded-For, and the user agent.
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
    const { admin, owner } = team.members;
    const invitation = await createInvitation(db, { tenantId: team.tenantId, invitedBy: owner.id });
    await expectOneAuditRow(asUser(admin), 'select invitation_id from public.resend_invitation($1)', [invitation.id], {
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

  it('invitation link issued to the invitations function: no row (part of the invitation already audited)', async () => {
    const invitation = await createInvitation(db, { tenantId: team.tenantId, invitedBy: team.members.owner.id });
    const { result, audit } = await actAndReadAudit(
      db,
      { kind: 'service_role' },
      'select public.issue_invitation_token($1) as token',
      [invitation.id],
    );
    expect(result.ok ? 'ok' : `${result.code} ${result.message}`).toBe('ok');
    expect(audit).toEqual([]);
  });

  it('invitation accepted (one row for the membership and the invitation it closes)', async () => {
    const invitee = await createUser(db, { label: 'audit-accepting' });
    const invitation = await createInvitation(db, {
      tenantId: team.tenantId,
      email: invitee.email,
      role: 'technician',
      invitedBy: team.members.owner.id,
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

  it('member left while suspended (one may leave a tenant one is suspended from)', async () => {
    const user = await createUser(db, { label: 'audit-suspended-leaver' });
    const membershipId = await addMember(db, team.tenantId, user.id, 'sales', 'suspended');
    await expectOneAuditRow(asUser(user), 'select public.leave_tenant($1)', [team.tenantId], {
      action: 'member.left',
      tenant_id: team.tenantId,
      actor_id: user.id,
      subject_user_id: user.id,
      target_type: 'membership',
      target_id: membershipId,
    });
  });

  it('account deleted: one user.deleted row in each tenant the person belonged to', async () => {
    const user = await createUser(db, { label: 'audit-deleted' });
    const other = await createTeam(db, { label: 'audit-deleted-other' });
    await addMember(db, team.tenantId, user.id, 'sales');
    await addMember(db, other.tenantId, user.id, 'member', 'suspended');
    const { result, audit } = await actAndReadAudit(db, asUser(user), 'select public.delete_my_account()');
    expect(result.ok ? 'ok' : `${result.code} ${result.message}`).toBe('ok');
    expect(
      audit.map((row) => [row.action, row.tenant_id, row.actor_id, row.subject_user_id, row.target_id, row.details]),
    ).toEqual(
      expect.arrayContaining([
        ['user.deleted', team.tenantId, user.id, user.id, user.id, { role: 'sales' }],
        ['user.deleted', other.tenantId, user.id, user.id, user.id, { role: 'member' }],
      ]),
    );
    expect(audit).toHaveLength(2);
    expect(audit.every((row) => row.ip === REQUEST_IP)).toBe(true);
  });

  it('account deleted by someone in no tenant: one personal user.deleted row', async () => {
    const user = await createUser(db, { label: 'audit-deleted-alone' });
    await expectOneAuditRow(asUser(user), 'select public.delete_my_account()', [], {
      action: 'user.deleted',
      tenant_id: null,
      actor_id: user.id,
      subject_user_id: user.id,
      target_type: 'user',
      target_id: user.id,
    });
  });

  it.each([
    ['removed', 'remove_member', 'inviter_removed'],
    ['suspended', 'set_member_status', 'inviter_suspended'],
    ['demoted', 'change_member_role', 'inviter_demoted'],
  ] as const)(
    'inviter %s: one row for that, one invitation.revoked per pending invitation they sent, with the reason',
    async (_title, rpc, reason) => {
      const local = await createTeam(db, { label: `audit-inviter-${rpc}` });
      const { owner, admin } = local.members;
      const first = await createInvitation(db, { tenantId: local.tenantId, invitedBy: admin.id, role: 'admin' });
      const second = await createInvitation(db, { tenantId: local.tenantId, invitedBy: admin.id, role: 'admin' });
      await createInvitation(db, { tenantId: local.tenantId, invitedBy: owner.id, role: 'admin' });
      const sql = {
        remove_member: 'select public.remove_member($1)',
        set_member_status: `select id from public.set_member_status($1, 'suspended')`,
        change_member_role: `select id from public.change_member_role($1, 'manager')`,
      }[rpc];
      const { result, audit } = await actAndReadAudit(db, asUser(owner), sql, [admin.membershipId]);
      expect(result.ok ? 'ok' : `${result.code} ${result.message}`).toBe('ok');
      const [membershipRow, ...revoked] = audit;
      expect(membershipRow).toMatchObject({ target_type: 'membership', target_id: admin.membershipId });
      expect(revoked.map((row) => [row.action, row.target_id, row.actor_id, row.details]).sort()).toEqual(
        [
          ['invitation.revoked', first.id, owner.id, { email: first.email, reason, invited_by: admin.id }],
          ['invitation.revoked', second.id, owner.id, { email: second.email, reason, invited_by: admin.id }],
        ].sort(),
      );
    },
  );

  it('inviter left: their pending invitations are revoked (reason inviter_left)', async () => {
    const local = await createTeam(db, { label: 'audit-inviter-left' });
    const { admin } = local.members;
    const invitation = await createInvitation(db, { tenantId: local.tenantId, invitedBy: admin.id });
    const { result, audit } = await actAndReadAudit(db, asUser(admin), 'select public.leave_tenant($1)', [
      local.tenantId,
    ]);
    expect(result.ok).toBe(true);
    expect(audit.map((row) => [row.action, row.target_id, row.details['reason'] ?? null])).toEqual([
      ['member.left', admin.membershipId, null],
      ['invitation.revoked', invitation.id, 'inviter_left'],
    ]);
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

  it('MFA enrolled: one row when the enrolment is reconciled (the PWA after enrolling, or the next token)', async () => {
    const user = await createUser(db, { label: 'audit-mfa-enrol' });
    // What Supabase Auth committed when the TOTP challenge succeeded.
    const factorId = await createMfaFactor(db, user.id, 'verified');
    const row = await expectOneAuditRow(asUser(user), 'select public.reconcile_my_mfa() as written', [], {
      action: 'mfa.enrolled',
      tenant_id: null,
      actor_id: user.id,
      subject_user_id: user.id,
      target_type: 'mfa_factor',
      target_id: factorId,
    });
    expect(row.details).toEqual({ factor_type: 'totp' });
  });

  it('MFA enrolment reconciled twice (the PWA and the token hook): still one row', async () => {
    const user = await createUser(db, { label: 'audit-mfa-twice' });
    await createMfaFactor(db, user.id, 'verified');
    expect(await commitAs(db, asUser(user), 'select public.reconcile_my_mfa() as written')).toMatchObject({
      ok: true,
      rows: [{ written: 1 }],
    });
    const { result, audit } = await actAndReadAudit(
      db,
      { kind: 'role', role: 'supabase_auth_admin' },
      `select public.hook_custom_access_token(jsonb_build_object('user_id', $1::text,
         'authentication_method', 'token_refresh', 'claims', '{}'::jsonb))`,
      [user.id],
    );
    expect(result.ok ? 'ok' : `${result.code} ${result.message}`).toBe('ok');
    expect(audit).toEqual([]);
  });

  it('MFA removed: one row when the removal is reconciled', async () => {
    const user = await createUser(db, { label: 'audit-mfa-remove' });
    const factorId = await createMfaFactor(db, user.id, 'verified');
    expect(await commitAs(db, asUser(user), 'select public.reconcile_my_mfa()')).toMatchObject({ ok: true });
    await db.query('delete from auth.mfa_factors where id = $1', [factorId]);
    const row = await expectOneAuditRow(asUser(user), 'select public.reconcile_my_mfa() as written', [], {
      action: 'mfa.removed',
      tenant_id: null,
      actor_id: user.id,
      subject_user_id: user.id,
      target_type: 'mfa_factor',
      target_id: factorId,
    });
    expect(row.details).toEqual({ factor_type: 'totp' });
  });

  it('MFA changes reconciled by the access-token hook (no JWT: the actor is unknown)', async () => {
    const user = await createUser(db, { label: 'audit-mfa-hook' });
    const factorId = await createMfaFactor(db, user.id, 'verified');
    await expectOneAuditRow(
      { kind: 'role', role: 'supabase_auth_admin' },
      `select public.hook_custom_access_token(jsonb_build_object('user_id', $1::text,
         'authentication_method', 'token_refresh', 'claims', '{}'::jsonb))`,
      [user.id],
      {
        action: 'mfa.enrolled',
        tenant_id: null,
        actor_id: null,
        subject_user_id: user.id,
        target_type: 'mfa_factor',
        target_id: factorId,
      },
    );
  });

  it('a factor never verified leaves no row', async () => {
    const user = await createUser(db, { label: 'audit-mfa-unverified' });
    await createMfaFactor(db, user.id, 'unverified');
    const { result, audit } = await actAndReadAudit(db, asUser(user), 'select public.reconcile_my_mfa()');
    expect(result.ok).toBe(true);
    expect(audit).toEqual([]);
  });

  it('Supabase Auth writing auth.mfa_factors audits nothing by itself (no trigger on that table)', async () => {
    const user = await createUser(db, { label: 'audit-mfa-no-trigger' });
    const factorId = await createMfaFactor(db, user.id, 'unverified');
    const { result, audit } = await actAndReadAudit(
      db,
      { kind: 'role', role: 'supabase_auth_admin' },
      `update auth.mfa_factors set status = 'verified', updated_at = now() where id = $1`,
      [factorId],
    );
    expect(result).toMatchObject({ ok: true, rowCount: 1 });
    expect(audit).toEqual([]);
    const { rows } = await db.query<{ triggers: string[] }>(
      `select coalesce(array_agg(t.tgname::text order by t.tgname), '{}') as triggers from pg_trigger t
        where t.tgrelid = 'auth.mfa_factors'::regclass and not t.tgisinternal`,
    );
    expect(rows[0]?.triggers).toEqual([]);
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

describe('where a request came from', () => {
  it('records the address the platform vouches for, never a client-written X-Forwarded-For', async () => {
    const { owner } = team.members;
    const sql = `select public.revoke_invitation($1)`;
    const forged = await createInvitation(db, { tenantId: team.tenantId, invitedBy: owner.id });
    // No cf-connecting-ip (a request that did not come through the platform's edge): no address.
    const withoutPlatform = await actAndReadAudit(db, asUser(owner), sql, [forged.id], {
      headers: { 'x-forwarded-for': `${FORGED_IP}, 10.0.0.1`, 'x-real-ip': FORGED_IP, 'user-agent': 'forger/1.0' },
    });
    expect(withoutPlatform.result.ok).toBe(true);
    expect(withoutPlatform.audit.map((row) => [row.action, row.ip, row.user_agent])).toEqual([
      ['invitation.revoked', null, 'forger/1.0'],
    ]);
    // With it, that address, whatever X-Forwarded-For says.
    const withPlatform = await actAndReadAudit(db, asUser(owner), sql, [forged.id]);
    expect(withPlatform.audit.map((row) => row.ip)).toEqual([REQUEST_IP]);
  });

  it('records no address when cf-connecting-ip is not one', async () => {
    const { owner } = team.members;
    const invitation = await createInvitation(db, { tenantId: team.tenantId, invitedBy: owner.id });
    const { audit } = await actAndReadAudit(db, asUser(owner), 'select public.revoke_invitation($1)', [invitation.id], {
      headers: { 'cf-connecting-ip': 'not-an-address', 'x-forwarded-for': FORGED_IP },
    });
    expect(audit.map((row) => row.ip)).toEqual([null]);
  });
});

describe("members' personal events (sign-ins, MFA) in a tenant's log", () => {
  let local: Team;
  let joiner: { id: string; email: string };
  let before: string;
  let after: string;
  let suspendedAfter: string;
  let formerAfter: string;
  beforeAll(async () => {
    local = await createTeam(db, { label: 'audit-personal' });
    joiner = await createUser(db, { label: 'audit-personal-joiner' });
    await addMember(db, local.tenantId, joiner.id, 'sales', 'active', '10 days');
    // Before joining: the person's own business, not the tenant's.
    before = await createAuditRow(db, null, joiner.id, 'auth.signed_in', { subjectUserId: joiner.id, age: '30 days' });
    after = await createAuditRow(db, null, joiner.id, 'auth.signed_in', { subjectUserId: joiner.id, age: '2 days' });
    const suspended = await createUser(db, { label: 'audit-personal-suspended' });
    await addMember(db, local.tenantId, suspended.id, 'sales', 'suspended');
    suspendedAfter = await createAuditRow(db, null, suspended.id, 'auth.signed_in', { subjectUserId: suspended.id });
    // Someone who only belongs to another tenant.
    const former = await createUser(db, { label: 'audit-personal-former' });
    await addMember(db, await createTenant(db), former.id, 'owner');
    formerAfter = await createAuditRow(db, null, former.id, 'auth.signed_in', { subjectUserId: former.id });
  });

  it.each(['owner', 'admin'] as const)(
    'shows the %s an active member’s events since they joined — not earlier ones, a suspended member’s or an outsider’s',
    async (role) => {
      const reader = asUser(local.members[role]);
      const ids = [before, after, suspendedAfter, formerAfter];
      const direct = await queryAs<{ id: string }>(
        db,
        reader,
        'select id::text from public.audit_log where id = any ($1::bigint[]) order by id',
        [ids],
      );
      expect(direct).toMatchObject({ ok: true, rows: [{ id: after }] });
      const listed = await queryAs<{ id: string }>(
        db,
        reader,
        'select id::text from public.list_audit_log($1, null, 200) where id = any ($2::bigint[])',
        [local.tenantId, ids],
      );
      expect(listed).toMatchObject({ ok: true, rows: [{ id: after }] });
    },
  );
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

/**
 * What "append-only" means, precisely: no API role (anon, authenticated) and not the service role
 * may insert, update, delete or truncate audit rows — rows are only written by
 * private.record_audit / private.record_sign_in_audit, running as the table's owner — and
 * UPDATE, DELETE and TRUNCATE are refused by triggers to every role, the table's owner (postgres)
 * and the cluster superuser included. The owner and a superuser can still drop or disable those
 * triggers: against them the guarantee is only as good as the review of migrations.
 * Each attempt runs inside a transaction that then reads the row back as the superuser before
 * rolling back, so an attempt that did change it fails the test.
 */
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
    insert: `insert into public.audit_log (tenant_id, actor_id, action) values (null, null, 'fixture.forged')`,
    update: `update public.audit_log set action = 'fixture.rewritten', actor_id = null where id = $1::bigint`,
    delete: 'delete from public.audit_log where id = $1::bigint',
    truncate: 'truncate public.audit_log',
  } as const;
  type Command = keyof typeof STATEMENTS;
  const CHANGES = ['update', 'delete', 'truncate'] as const satisfies readonly Command[];

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

  /** The kept row and the number of forged rows, as the attempt's own transaction leaves them. */
  const READ_BACK = `select (select to_jsonb(a) - 'id' - 'created_at' from public.audit_log a where a.id = $1::bigint) as kept,
                            (select count(*)::int from public.audit_log a where a.action = 'fixture.forged') as forged`;

  async function attempt(client: pg.Client, actor: DbActor, command: Command) {
    const params = command === 'update' || command === 'delete' ? [auditId] : [];
    return actThenRead<{ kept: Record<string, unknown> | null; forged: number }>(
      client,
      actor,
      STATEMENTS[command],
      params,
      READ_BACK,
      [auditId],
    );
  }

  function expectRowIntact(read: readonly { kept: Record<string, unknown> | null; forged: number }[]): void {
    expect(read).toEqual([
      { kept: expect.objectContaining({ action: 'fixture.kept', actor_id: team.members.owner.id }), forged: 0 },
    ]);
  }

  const API_ACTORS: readonly (readonly [string, string, () => Actor])[] = [
    ['anon', 'anon', () => ({ kind: 'anon' })],
    ...TENANT_ROLES.map(
      (role) => [`authenticated ${role}`, 'authenticated', () => asUser(team.members[role])] as const,
    ),
    ['service_role', 'service_role', () => ({ kind: 'service_role' })],
  ];

  it('can tell a changed row from an intact one (the read-back sees the attempt)', async () => {
    const { result, read } = await attempt(db, { kind: 'role', role: 'supabase_admin' }, 'insert');
    expect(result.ok).toBe(true);
    expect(read[0]?.forged).toBe(1);
  });

  describe('insert', () => {
    it.each(API_ACTORS)('is refused to %s (rows come from the audit functions only)', async (_name, _role, actor) => {
      const { result, read } = await attempt(db, actor(), 'insert');
      expect(describeError(result)).toBe('42501');
      expectRowIntact(read);
    });
  });

  describe.each(CHANGES)('%s', (command) => {
    it.each(API_ACTORS)('is refused to %s', async (_name, role, actor) => {
      const { result, read } = await attempt(db, actor(), command);
      expect(describeError(result)).toBe(await computeExpectedError(role, command));
      expectRowIntact(read);
    });

    it.each([
      ['postgres (the owner of the table)', 'postgres'],
      ['the cluster superuser', 'supabase_admin'],
    ])('is refused to %s', async (_name, role) => {
      const { result, read } = await attempt(role === 'postgres' ? postgresDb : db, { kind: 'role', role }, command);
      expect(describeError(result)).toBe('PT403 audit_log_is_append_only');
      expectRowIntact(read);
    });
  });
});
