-- Tenancy hardening after the F2 review. Each section names the finding it fixes; the tests that
-- prove them are in supabase/tests/{audit,escalation,rls-matrix,rls-hygiene}.pg.test.ts.
--
--  1. MFA changes are audited by reconciliation, not by a trigger on auth.mfa_factors: hosted
--     Supabase (since April 2025) lets `postgres` create triggers on auth.users, identities,
--     sessions, refresh_tokens and audit_log_entries only. private.reconcile_mfa_audit(user)
--     compares the user's verified factors with the last audited state; the PWA calls
--     public.reconcile_my_mfa() after enrolling or removing a factor, and the custom_access_token
--     hook calls the private function on every token Supabase Auth issues.
--  2. "From where" cannot be forged: private.request_ip() trusts cf-connecting-ip only.
--  3. Invitations cannot outlive their inviter's rights: through the API a pending invitation is
--     only revoked (its link and lifetime change only through resend_invitation: 7 days); an
--     inviter who is removed, leaves, is suspended or demoted loses their pending invitations
--     (one invitation.revoked row each, with the reason); accept_invitation re-checks the inviter.
--  4. The raw invitation token only exists in the email: invite_member / resend_invitation store an
--     unknowable random hash and return no token; public.issue_invitation_token (service role
--     only) sets the real one and returns it to the invitations edge function.
--  5. Invitations are rate-limited: 50 created per tenant and 20 per inviter per 24 hours; a resend
--     at most once a minute and 5 times a day per invitation (429 too_many_invitations).
--  6. Owners and admins see a member's personal (sign-in, MFA) events only while the membership is
--     active, and only from the day it began.
--  7. public.delete_my_account(): deletes the caller's account unless they are a tenant's last owner.
--  8. list_members shows MFA status and last sign-in to owners and admins only.
--  9. Operators under support access act as the `support` pseudo-role (read-only matrix column,
--     never a tenant role's write rights), and need an aal2 session once they enrolled a factor.
-- 10. A suspended member may still leave.
-- 11. Nobody but the audit functions writes the audit log: the service role loses INSERT.
-- 12. create_tenant / update_tenant answer invalid_input with the field, never a raw 22P02 / 23505.
-- 13. Guards leave refusals the matrix decides to RLS (42501), so that RLS alone enforces the
--     matrix and guards add their rules on top of what it allows.
-- Also: deleting an account no longer trips the immutable-field guards on the foreign keys that
-- ON DELETE SET NULL clears (tenants.created_by, invitations.invited_by, support grants).

-- 1. MFA audit by reconciliation ---------------------------------------------------------------------
-- Local databases migrated before this fix have the trigger; on a fresh database (hosted included)
-- 20261121100100_create_tenancy.sql no longer creates it, and IF EXISTS then needs no privilege on
-- auth.mfa_factors.
drop trigger if exists mfa_factors_audit_change on auth.mfa_factors;
drop function if exists private.audit_mfa_factor_change();

create table private.audited_mfa_factors (
  factor_id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  factor_type text not null,
  audited_at timestamptz not null default now()
);
comment on table private.audited_mfa_factors is
  'Verified MFA factors as last audited (mfa.enrolled written); private.reconcile_mfa_audit compares auth.mfa_factors with it.';
create index audited_mfa_factors_user_id_idx on private.audited_mfa_factors (user_id);
alter table private.audited_mfa_factors enable row level security;

-- Factors verified before this migration were audited by the trigger it replaces.
insert into private.audited_mfa_factors (factor_id, user_id, factor_type)
select f.id, f.user_id, f.factor_type::text from auth.mfa_factors f where f.status = 'verified'
on conflict (factor_id) do nothing;

create function private.reconcile_mfa_audit(p_user_id uuid) returns integer
  language plpgsql security definer set search_path = ''
as $$
declare
  factor record;
  written integer := 0;
begin
  if p_user_id is null then
    return 0;
  end if;
  -- Two tokens issued at once (or the hook and the PWA) must not both audit one change.
  perform pg_advisory_xact_lock(hashtextextended('comptoir.mfa_audit:' || p_user_id::text, 0));
  for factor in
    select f.id, f.factor_type::text as factor_type
      from auth.mfa_factors f
     where f.user_id = p_user_id and f.status = 'verified'
       and not exists (select 1 from private.audited_mfa_factors a where a.factor_id = f.id)
     order by f.created_at, f.id
  loop
    insert into private.audited_mfa_factors (factor_id, user_id, factor_type)
    values (factor.id, p_user_id, factor.factor_type);
    perform private.record_audit(null, 'mfa.enrolled', 'mfa_factor', factor.id::text,
      jsonb_build_object('factor_type', factor.factor_type), p_user_id);
    written := written + 1;
  end loop;
  for factor in
    delete from private.audited_mfa_factors a
     where a.user_id = p_user_id
       and not exists (select 1 from auth.mfa_factors f where f.id = a.factor_id and f.status = 'verified')
    returning a.factor_id as id, a.factor_type
  loop
    perform private.record_audit(null, 'mfa.removed', 'mfa_factor', factor.id::text,
      jsonb_build_object('factor_type', factor.factor_type), p_user_id);
    written := written + 1;
  end loop;
  return written;
end;
$$;
comment on function private.reconcile_mfa_audit(uuid) is
  'Audits a user''s MFA changes since the last reconciliation: one mfa.enrolled per newly verified factor, one mfa.removed per verified factor gone. Returns the rows written. Called by public.reconcile_my_mfa and the custom_access_token hook.';

create function public.reconcile_my_mfa() returns integer
  language plpgsql security definer set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
begin
  -- Authorization: the caller's own factors only.
  if uid is null then
    perform private.raise_error('not_authenticated', 401);
  end if;
  return private.reconcile_mfa_audit(uid);
end;
$$;
comment on function public.reconcile_my_mfa() is
  'Audits the caller''s MFA enrolments and removals (the PWA calls it after enrolling or removing a factor); returns the audit rows written.';

-- 2. The client's address, as the platform vouches for it ------------------------------------------
create or replace function private.request_ip() returns inet
  language plpgsql stable set search_path = ''
as $$
declare
  candidate text;
begin
  -- Only cf-connecting-ip: on hosted Supabase, Cloudflare sets it to the address of the socket
  -- and overwrites any value the client sent (the local gateway does the same). X-Forwarded-For
  -- and X-Real-IP start with whatever the client wrote, so they are never read here.
  candidate := trim(nullif(current_setting('request.headers', true), '')::jsonb ->> 'cf-connecting-ip');
  if candidate is null or length(candidate) > 64 or not pg_catalog.pg_input_is_valid(candidate, 'inet') then
    return null;
  end if;
  return candidate::inet;
exception
  when others then
    return null;
end;
$$;
comment on function private.request_ip() is 'The client IP from cf-connecting-ip (set by the platform, never by the client), or NULL.';

-- 9. The support pseudo-role ----------------------------------------------------------------------------
alter table private.permission_grants drop constraint permission_grants_role_check;
alter table private.permission_grants add constraint permission_grants_role_check
  check (role in ('owner', 'admin', 'manager', 'sales', 'technician', 'member', 'client', 'support'));

-- The caller's session meets the level their account asks for: aal2, or no verified factor.
create function private.is_mfa_satisfied() returns boolean
  language sql stable security definer set search_path = ''
as $$
  select coalesce((select auth.jwt()) ->> 'aal', 'aal1') = 'aal2'
      or not exists (select 1 from auth.mfa_factors f
                      where f.user_id = (select auth.uid()) and f.status = 'verified')
$$;
comment on function private.is_mfa_satisfied() is
  'Whether the caller''s session is aal2, or their account has no verified MFA factor (nothing to step up to).';

create or replace function private.my_roles() returns table (tenant_id uuid, role text)
  language sql stable security definer set search_path = ''
as $$
  select m.tenant_id, m.role
    from public.memberships m
   where m.user_id = (select auth.uid()) and m.status = 'active'
  union all
  -- Operators act as `support` (a read-only matrix column) while a grant is valid, in a session
  -- that passed MFA once they enrolled a factor.
  select g.tenant_id, 'support'
    from public.support_access_grants g
   where g.revoked_at is null and g.expires_at > now()
     and exists (select 1 from private.platform_operators o where o.user_id = (select auth.uid()))
     and private.is_mfa_satisfied()
     and not exists (
       select 1 from public.memberships m
        where m.tenant_id = g.tenant_id and m.user_id = (select auth.uid()) and m.status = 'active')
$$;
comment on function private.my_roles() is
  'Tenants and roles of the caller: active memberships, plus `support` for operators during a valid support-access grant.';

create or replace function public.operator_list_tenants() returns table (
  tenant_id uuid, name text, vertical text, plan text, created_at timestamptz, member_count integer,
  last_activity_at timestamptz, support_access_until timestamptz)
  language plpgsql stable security definer set search_path = ''
as $$
begin
  -- Authorization: platform operators only, in an aal2 session once they enrolled a factor (a
  -- deployment requirement: operators enrol MFA). Health metadata only, never business data.
  if not private.is_operator() then
    perform private.raise_error('forbidden', 403);
  end if;
  if not private.is_mfa_satisfied() then
    perform private.raise_error('mfa_required', 403);
  end if;
  return query
    select t.id, t.name, t.vertical, t.plan, t.created_at,
           (select count(*)::integer from public.memberships m where m.tenant_id = t.id and m.status = 'active'),
           (select max(a.created_at) from public.audit_log a where a.tenant_id = t.id),
           (select max(g.expires_at) from public.support_access_grants g
             where g.tenant_id = t.id and g.revoked_at is null and g.expires_at > now())
      from public.tenants t
     order by t.created_at desc;
end;
$$;
comment on function public.operator_list_tenants() is
  'Tenant health metadata for platform operators (no business data); aal2 required once the operator enrolled MFA.';

-- 6. Members' personal events: active members, from the day they joined --------------------------------
create function private.audited_members() returns table (user_id uuid, member_since timestamptz)
  language sql stable security definer set search_path = ''
as $$
  select m.user_id, m.created_at from public.memberships m
   where m.status = 'active'
     and m.tenant_id in (select private.tenants_with('audit_log', 'read', array['allow']))
$$;
comment on function private.audited_members() is
  'Active members (with the start of their membership) of the tenants whose audit log the caller may read.';

drop policy "owners and admins can read the audit log" on public.audit_log;
drop function private.audited_member_ids();
create policy "owners and admins can read the audit log" on public.audit_log for select to authenticated
  using (
    tenant_id in (select private.tenants_with('audit_log', 'read', array['allow']))
    or (tenant_id is null and exists (
          select 1 from private.audited_members() m
           where m.user_id = audit_log.subject_user_id and m.member_since <= audit_log.created_at))
  );

create or replace function public.list_audit_log(p_tenant_id uuid, p_before_id bigint default null, p_limit integer default 50)
  returns table (id bigint, action text, actor_id uuid, actor_name text, subject_user_id uuid, subject_name text,
    target_type text, target_id text, details jsonb, ip text, created_at timestamptz)
  language sql stable set search_path = ''
as $$
  select a.id, a.action, a.actor_id, actor.display_name, a.subject_user_id, subject.display_name,
         a.target_type, a.target_id, a.details, host(a.ip), a.created_at
    from public.audit_log a
    left join public.profiles actor on actor.user_id = a.actor_id
    left join public.profiles subject on subject.user_id = a.subject_user_id
   where (a.tenant_id = p_tenant_id
          or (a.tenant_id is null and exists (
                select 1 from public.memberships m
                 where m.tenant_id = p_tenant_id and m.user_id = a.subject_user_id
                   and m.status = 'active' and m.created_at <= a.created_at)))
     and (p_before_id is null or a.id < p_before_id)
   order by a.id desc
   limit least(greatest(coalesce(p_limit, 50), 1), 200)
$$;
comment on function public.list_audit_log(uuid, bigint, integer) is
  'A page of a tenant''s audit log, newest first (owners/admins by RLS), with the personal sign-in and MFA events of its active members since they joined.';

-- 8. Security metadata of the team for owners and admins only ------------------------------------------
create or replace function public.list_members(p_tenant_id uuid) returns table (
  membership_id uuid, user_id uuid, role text, status text, display_name text, email text,
  avatar_path text, has_mfa boolean, last_sign_in_at timestamptz, joined_at timestamptz)
  language plpgsql stable security definer set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  can_read_all boolean;
  can_read_own boolean;
  can_read_security boolean;
begin
  -- Authorization first: the matrix's memberships.read ('allow' = the team, 'own' = oneself);
  -- MFA status and last sign-in only for those who read the tenant's audit log (owners, admins).
  can_read_all := p_tenant_id in (select private.tenants_with('memberships', 'read', array['allow']));
  can_read_own := p_tenant_id in (select private.tenants_with('memberships', 'read', array['own']));
  if not can_read_all and not can_read_own then
    perform private.raise_error('not_found', 404);
  end if;
  can_read_security := p_tenant_id in (select private.tenants_with('audit_log', 'read', array['allow']));
  return query
    select m.id, m.user_id, m.role, m.status, coalesce(p.display_name, ''), u.email::text, p.avatar_path,
           case when can_read_security then
             exists (select 1 from auth.mfa_factors f where f.user_id = m.user_id and f.status = 'verified')
           end,
           case when can_read_security then u.last_sign_in_at end,
           m.created_at
      from public.memberships m
      join auth.users u on u.id = m.user_id
      left join public.profiles p on p.user_id = m.user_id
     where m.tenant_id = p_tenant_id and (can_read_all or m.user_id = uid)
     order by private.role_rank(m.role) desc, coalesce(p.display_name, u.email);
end;
$$;
comment on function public.list_members(uuid) is
  'The team of a tenant with names and emails (the team per the matrix, or oneself); has_mfa and last_sign_in_at for owners/admins only (NULL otherwise).';

-- 10 + 13. Memberships: guards defer to RLS; a suspended member may leave ---------------------------
create function private.my_suspended_tenants_with(p_resource text, p_action text, p_grants text[]) returns setof uuid
  language sql stable security definer set search_path = ''
as $$
  select m.tenant_id
    from public.memberships m
    join private.permission_grants g on g.role = m.role and g.resource = p_resource and g.action = p_action
   where m.user_id = (select auth.uid()) and m.status = 'suspended' and g.grant_kind = any (p_grants)
$$;
comment on function private.my_suspended_tenants_with(text, text, text[]) is
  'Tenants where the caller is suspended and their role has one of the grants (a suspended member acts in no tenant, but may leave it).';

-- DELETE … WHERE also applies the SELECT policy: a suspended member must see their own row to leave.
drop policy "members can read memberships per the matrix" on public.memberships;
create policy "members can read memberships per the matrix" on public.memberships for select to authenticated
  using (
    tenant_id in (select private.tenants_with('memberships', 'read', array['allow']))
    or (user_id = (select auth.uid()) and tenant_id in (select private.tenants_with('memberships', 'read', array['own'])))
    or (user_id = (select auth.uid()) and status = 'suspended')
  );
drop policy "owners and admins remove members, anyone leaves" on public.memberships;
create policy "owners and admins remove members, anyone leaves" on public.memberships for delete to authenticated
  using (
    tenant_id in (select private.tenants_with('memberships', 'delete', array['allow']))
    or (user_id = (select auth.uid()) and tenant_id in (select private.tenants_with('memberships', 'delete', array['own'])))
    or (user_id = (select auth.uid()) and status = 'suspended'
        and tenant_id in (select private.my_suspended_tenants_with('memberships', 'delete', array['own', 'allow'])))
  );

create or replace function private.guard_membership_change() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  actor_role text;
begin
  if tg_op = 'INSERT' then
    if private.is_api_caller() then
      -- BEFORE triggers fire before RLS checks new rows: a caller the matrix does not let create
      -- memberships here is left to RLS (42501), the guard's rules apply to those it lets.
      if not exists (select 1 from private.tenants_with('memberships', 'create', array['allow']) t(id)
                      where t.id = new.tenant_id) then
        return new;
      end if;
      actor_role := private.my_role_in(new.tenant_id);
      if actor_role is null or private.role_rank(new.role) > private.role_rank(actor_role) then
        perform private.raise_error('role_above_own', 403, jsonb_build_object('role', new.role));
      end if;
      perform private.assert_mfa_for_sensitive_change(new.tenant_id);
    end if;
    return new;
  end if;

  if tg_op = 'UPDATE' then
    if new.tenant_id <> old.tenant_id or new.user_id <> old.user_id or new.created_at <> old.created_at then
      perform private.raise_error('immutable_field', 400);
    end if;
    if private.is_api_caller() then
      actor_role := private.my_role_in(old.tenant_id);
      if old.role = 'owner' and actor_role is distinct from 'owner'
         and (new.role <> old.role or new.status <> old.status) then
        perform private.raise_error('cannot_change_owner', 403);
      end if;
      if new.role <> old.role and (actor_role is null or private.role_rank(new.role) > private.role_rank(actor_role)) then
        perform private.raise_error('role_above_own', 403, jsonb_build_object('role', new.role));
      end if;
      perform private.assert_mfa_for_sensitive_change(old.tenant_id);
    end if;
    if old.role = 'owner' and old.status = 'active' and (new.role <> 'owner' or new.status <> 'active')
       and private.count_other_active_owners(old.tenant_id, old.id) = 0 then
      perform private.raise_error('last_owner', 409);
    end if;
    return new;
  end if;

  -- DELETE. A tenant's own deletion cascades here: nothing to protect any more.
  if not private.tenant_exists(old.tenant_id) then
    return old;
  end if;
  if private.is_api_caller() and old.user_id <> (select auth.uid()) then
    actor_role := private.my_role_in(old.tenant_id);
    if old.role = 'owner' and actor_role is distinct from 'owner' then
      perform private.raise_error('cannot_change_owner', 403);
    end if;
    perform private.assert_mfa_for_sensitive_change(old.tenant_id);
  end if;
  if old.role = 'owner' and old.status = 'active' and private.count_other_active_owners(old.tenant_id, old.id) = 0 then
    perform private.raise_error('last_owner', 409);
  end if;
  return old;
end;
$$;
comment on function private.guard_membership_change() is
  'Memberships: nobody grants above their own role, admins cannot touch owners, the last owner stays, MFA when required (on top of what RLS allows).';

-- A multi-table operation may rename the removal of a membership (delete_my_account: 'user.deleted')
-- or silence it ('none'), as it already could for additions.
create or replace function private.audit_membership_change() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  action text;
begin
  if tg_op = 'INSERT' then
    action := private.audit_action_or('member.added');
    if action <> 'none' then
      perform private.record_audit(new.tenant_id, action, 'membership', new.id::text,
        jsonb_build_object('role', new.role), new.user_id);
    end if;
    return null;
  end if;
  if tg_op = 'UPDATE' then
    if new.role <> old.role then
      perform private.record_audit(new.tenant_id, 'member.role_changed', 'membership', new.id::text,
        jsonb_build_object('from', old.role, 'to', new.role, 'status', new.status), new.user_id);
    elsif new.status <> old.status then
      perform private.record_audit(new.tenant_id, 'member.status_changed', 'membership', new.id::text,
        jsonb_build_object('from', old.status, 'to', new.status), new.user_id);
    end if;
    return null;
  end if;
  if private.tenant_exists(old.tenant_id) then
    action := private.audit_action_or(
      case when old.user_id = (select auth.uid()) then 'member.left' else 'member.removed' end);
    if action <> 'none' then
      perform private.record_audit(old.tenant_id, action, 'membership', old.id::text,
        jsonb_build_object('role', old.role), old.user_id);
    end if;
  end if;
  return null;
end;
$$;
comment on function private.audit_membership_change() is
  'Audits members added, role/status changes, removals and departures (renamed or silenced by private.set_audit_action).';

-- 3 + 4 + 5. Invitations -------------------------------------------------------------------------------
-- Lookups of the rate limits: the audit log is append-only, so deleting invitations frees nothing.
create index audit_log_tenant_id_created_at_invitation_created_idx on public.audit_log (tenant_id, created_at desc)
  where action = 'invitation.created';
create index audit_log_actor_id_created_at_invitation_created_idx on public.audit_log (actor_id, created_at desc)
  where action = 'invitation.created';
create index audit_log_target_id_created_at_invitation_resent_idx on public.audit_log (target_id, created_at desc)
  where action = 'invitation.resent';

-- Whether a member with p_inviter_role may (still) offer p_invitation_role: the matrix lets that
-- role create invitations, and nobody grants above their own rank.
create function private.can_grant_invitation(p_inviter_role text, p_invitation_role text) returns boolean
  language sql stable security definer set search_path = ''
as $$
  select coalesce(private.role_rank(p_invitation_role) <= private.role_rank(p_inviter_role), false)
     and exists (select 1 from private.permission_grants g
                  where g.resource = 'invitations' and g.action = 'create' and g.role = p_inviter_role
                    and g.grant_kind = 'allow')
$$;
comment on function private.can_grant_invitation(text, text) is
  'Whether a member with the first role may invite with the second (matrix invitations.create + rank).';

create function private.is_invitation_backed(p_tenant_id uuid, p_invited_by uuid, p_role text) returns boolean
  language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
     where m.tenant_id = p_tenant_id and m.user_id = p_invited_by and m.status = 'active'
       and private.can_grant_invitation(m.role, p_role))
$$;
comment on function private.is_invitation_backed(uuid, uuid, text) is
  'Whether an invitation''s inviter is still an active member whose role may offer its role.';

-- Revokes the pending invitations p_inviter_id created in a tenant (those p_remaining_role may no
-- longer offer, or all when it is NULL), one invitation.revoked row each, saying why.
create function private.revoke_invitations_of(p_tenant_id uuid, p_inviter_id uuid, p_remaining_role text, p_reason text)
  returns integer
  language plpgsql security definer set search_path = ''
as $$
declare
  outer_action text := coalesce(current_setting('comptoir.audit_action', true), '');
  revoked public.invitations;
  written integer := 0;
begin
  -- The audit trigger would log the revocation without its reason: written here instead.
  perform private.set_audit_action('none');
  for revoked in
    update public.invitations i set status = 'revoked'
     where i.tenant_id = p_tenant_id and i.invited_by = p_inviter_id and i.status = 'pending'
       and (p_remaining_role is null or not private.can_grant_invitation(p_remaining_role, i.role))
    returning i.*
  loop
    perform private.record_audit(revoked.tenant_id, 'invitation.revoked', 'invitation', revoked.id::text,
      jsonb_build_object('email', revoked.email, 'reason', p_reason, 'invited_by', p_inviter_id));
    written := written + 1;
  end loop;
  perform private.set_audit_action(outer_action);
  return written;
end;
$$;
comment on function private.revoke_invitations_of(uuid, uuid, text, text) is
  'Revokes an inviter''s pending invitations in a tenant (all, or those a remaining role may not offer), audited with the reason.';

create function private.revoke_invitations_after_membership_change() returns trigger
  language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    -- A tenant's own deletion takes its invitations along.
    if private.tenant_exists(old.tenant_id) then
      perform private.revoke_invitations_of(old.tenant_id, old.user_id, null,
        case when old.user_id = (select auth.uid()) then 'inviter_left' else 'inviter_removed' end);
    end if;
  elsif old.status = 'active' and new.status <> 'active' then
    perform private.revoke_invitations_of(new.tenant_id, new.user_id, null, 'inviter_suspended');
  elsif new.status = 'active' and new.role <> old.role then
    perform private.revoke_invitations_of(new.tenant_id, new.user_id, new.role, 'inviter_demoted');
  end if;
  return null;
end;
$$;
comment on function private.revoke_invitations_after_membership_change() is
  'An inviter removed, leaving, suspended or demoted loses the pending invitations their role no longer backs.';
-- Sorts after memberships_audit_change: the membership change is logged before its consequences.
create trigger memberships_revoke_invitations after update or delete on public.memberships
  for each row execute function private.revoke_invitations_after_membership_change();
comment on trigger memberships_revoke_invitations on public.memberships is
  'Revokes the pending invitations a member''s removal, departure, suspension or demotion leaves unbacked.';

-- Rate limits, counted on the append-only audit log.
create function private.assert_invitation_quota(p_tenant_id uuid, p_inviter_id uuid) returns void
  language plpgsql security definer set search_path = ''
as $$
declare
  oldest timestamptz;
begin
  -- Serialises the count-and-insert per tenant and per inviter, so parallel invitations are all counted.
  perform pg_advisory_xact_lock(hashtextextended('comptoir.invitation_quota:tenant:' || p_tenant_id::text, 0));
  perform pg_advisory_xact_lock(hashtextextended('comptoir.invitation_quota:inviter:' || coalesce(p_inviter_id::text, ''), 0));
  -- The window frees when the limit-th most recent creation leaves it.
  select a.created_at into oldest from public.audit_log a
   where a.action = 'invitation.created' and a.tenant_id = p_tenant_id and a.created_at > now() - interval '24 hours'
   order by a.created_at desc offset 49 limit 1;
  if found then
    perform private.raise_error('too_many_invitations', 429, jsonb_build_object('scope', 'tenant', 'limit', 50,
      'retry_after_seconds', greatest(1, ceil(extract(epoch from oldest + interval '24 hours' - now())))::integer));
  end if;
  select a.created_at into oldest from public.audit_log a
   where a.action = 'invitation.created' and a.actor_id = p_inviter_id and a.created_at > now() - interval '24 hours'
   order by a.created_at desc offset 19 limit 1;
  if found then
    perform private.raise_error('too_many_invitations', 429, jsonb_build_object('scope', 'inviter', 'limit', 20,
      'retry_after_seconds', greatest(1, ceil(extract(epoch from oldest + interval '24 hours' - now())))::integer));
  end if;
end;
$$;
comment on function private.assert_invitation_quota(uuid, uuid) is
  'Refuses (429 too_many_invitations) a 51st invitation of a tenant or a 21st of an inviter in 24 hours.';

create function private.assert_resend_quota(p_invitation_id uuid) returns void
  language plpgsql security definer set search_path = ''
as $$
declare
  latest timestamptz;
  fifth timestamptz;
  wait_seconds integer := 0;
begin
  select max(a.created_at) into latest from public.audit_log a
   where a.action = 'invitation.resent' and a.target_id = p_invitation_id::text
     and a.created_at > now() - interval '60 seconds';
  if latest is not null then
    wait_seconds := greatest(1, ceil(extract(epoch from latest + interval '60 seconds' - now())))::integer;
  end if;
  select a.created_at into fifth from public.audit_log a
   where a.action = 'invitation.resent' and a.target_id = p_invitation_id::text
     and a.created_at > now() - interval '24 hours'
   order by a.created_at desc offset 4 limit 1;
  if found then
    wait_seconds := greatest(wait_seconds, 1, ceil(extract(epoch from fifth + interval '24 hours' - now()))::integer);
  end if;
  if wait_seconds > 0 then
    perform private.raise_error('too_many_invitations', 429,
      jsonb_build_object('scope', 'invitation', 'retry_after_seconds', wait_seconds));
  end if;
end;
$$;
comment on function private.assert_resend_quota(uuid) is
  'Refuses (429 too_many_invitations) a resend within 60 seconds of the last one, or a 6th in 24 hours.';

create or replace function private.guard_invitation_change() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  actor_role text;
begin
  if tg_op = 'INSERT' then
    new.email := lower(trim(new.email));
    if private.is_api_caller() then
      -- A caller the matrix does not let invite here is left to RLS (42501).
      if not exists (select 1 from private.tenants_with('invitations', 'create', array['allow']) t(id)
                      where t.id = new.tenant_id) then
        return new;
      end if;
      actor_role := private.my_role_in(new.tenant_id);
      if actor_role is null or private.role_rank(new.role) > private.role_rank(actor_role) then
        perform private.raise_error('role_above_own', 403, jsonb_build_object('role', new.role));
      end if;
      if new.status <> 'pending' then
        perform private.raise_error('invalid_state', 400);
      end if;
      new.invited_by := (select auth.uid());
      -- The link only ever exists in the email: an API caller never chooses (so never knows) the
      -- token; public.issue_invitation_token sets the real one for the invitations function.
      new.token_hash := encode(extensions.gen_random_bytes(32), 'hex');
      perform private.assert_mfa_for_sensitive_change(new.tenant_id);
      perform private.assert_invitation_quota(new.tenant_id, new.invited_by);
    end if;
    return new;
  end if;

  if tg_op = 'UPDATE' then
    -- invited_by only changes to NULL, when the inviter's account is deleted (ON DELETE SET NULL).
    if new.tenant_id <> old.tenant_id or new.email <> old.email or new.role <> old.role
       or new.created_at <> old.created_at
       or (new.invited_by is distinct from old.invited_by and (new.invited_by is not null or private.is_api_caller())) then
      perform private.raise_error('immutable_field', 400);
    end if;
    if private.is_api_caller() then
      if old.status <> 'pending' then
        perform private.raise_error('invitation_closed', 409, jsonb_build_object('status', old.status));
      end if;
      if new.status = 'accepted' or new.accepted_by is distinct from old.accepted_by then
        perform private.raise_error('invalid_state', 400);
      end if;
      -- Through the API a pending invitation is only revoked. Its link and lifetime change through
      -- resend_invitation (7 days from then), its acceptance through accept_invitation.
      if new.token_hash <> old.token_hash or new.expires_at <> old.expires_at
         or new.accepted_at is distinct from old.accepted_at or new.revoked_at is distinct from old.revoked_at then
        perform private.raise_error('immutable_field', 400);
      end if;
      perform private.assert_mfa_for_sensitive_change(old.tenant_id);
    end if;
    if new.status = 'revoked' and old.status <> 'revoked' then
      new.revoked_at := now();
    end if;
    return new;
  end if;

  if private.is_api_caller() and private.tenant_exists(old.tenant_id) then
    perform private.assert_mfa_for_sensitive_change(old.tenant_id);
  end if;
  return old;
end;
$$;
comment on function private.guard_invitation_change() is
  'Invitations: role not above the inviter''s, rate limits, token never chosen by the API; through the API only revocation; acceptance only through accept_invitation.';

-- A multi-table operation may silence invitation updates ('none'): the token issued to the
-- invitations function is part of the invitation or resend already audited, and automatic
-- revocations are logged with their reason by private.revoke_invitations_of.
create or replace function private.audit_invitation_change() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.record_audit(new.tenant_id, 'invitation.created', 'invitation', new.id::text,
      jsonb_build_object('email', new.email, 'role', new.role));
  elsif tg_op = 'UPDATE' then
    if private.audit_action_or('') = 'none' then
      return null;
    end if;
    if new.status = 'revoked' and old.status <> 'revoked' then
      perform private.record_audit(new.tenant_id, 'invitation.revoked', 'invitation', new.id::text,
        jsonb_build_object('email', new.email));
    elsif new.status = 'pending' and new.token_hash <> old.token_hash then
      perform private.record_audit(new.tenant_id, 'invitation.resent', 'invitation', new.id::text,
        jsonb_build_object('email', new.email));
    end if;
    -- Acceptance is audited once, by the membership it creates (accept_invitation).
  elsif private.tenant_exists(old.tenant_id) then
    perform private.record_audit(old.tenant_id, 'invitation.deleted', 'invitation', old.id::text,
      jsonb_build_object('email', old.email));
  end if;
  return null;
end;
$$;
comment on function private.audit_invitation_change() is
  'Audits invitations created, resent, revoked and deleted (updates silenced by private.set_audit_action(''none'')).';

-- The caller's name as an invitation email shows it: display name, else e-mail address.
create function private.get_my_display_name() returns text
  language sql stable security definer set search_path = ''
as $$
  select coalesce(
    (select nullif(trim(p.display_name), '') from public.profiles p where p.user_id = (select auth.uid())),
    (select u.email::text from auth.users u where u.id = (select auth.uid())),
    '')
$$;
comment on function private.get_my_display_name() is 'The caller''s display name, or their e-mail address when they have none.';

-- Gives a pending invitation a new (unknown) link and 7 more days, after the caller's own RLS-checked
-- touch of it in public.resend_invitation.
create function private.rotate_invitation_link(p_invitation_id uuid) returns public.invitations
  language plpgsql security definer set search_path = ''
as $$
declare
  invitation public.invitations;
begin
  -- Authorization: the caller may change the tenant's invitations (the matrix); re-checked here
  -- because this function runs as its owner.
  select * into invitation from public.invitations i where i.id = p_invitation_id for update;
  if not found or not exists (select 1 from private.tenants_with('invitations', 'update', array['allow']) t(id)
                               where t.id = invitation.tenant_id) then
    perform private.raise_error('not_found', 404);
  end if;
  if invitation.status <> 'pending' then
    perform private.raise_error('invitation_closed', 409, jsonb_build_object('status', invitation.status));
  end if;
  perform private.assert_mfa_for_sensitive_change(invitation.tenant_id);
  if not private.is_invitation_backed(invitation.tenant_id, invitation.invited_by, invitation.role) then
    perform private.raise_error('invitation_revoked', 410, jsonb_build_object('reason', 'inviter_no_longer_allowed'));
  end if;
  perform private.assert_resend_quota(invitation.id);
  update public.invitations i
     set token_hash = encode(extensions.gen_random_bytes(32), 'hex'), expires_at = now() + interval '7 days'
   where i.id = invitation.id
  returning * into invitation;
  return invitation;
end;
$$;
comment on function private.rotate_invitation_link(uuid) is
  'Resend: a new unknowable token hash and expiry now + 7 days for a pending invitation its inviter still backs (rate-limited).';

drop function public.invite_member(uuid, text, text);
create function public.invite_member(p_tenant_id uuid, p_email text, p_role text)
  returns table (invitation_id uuid, email text, role text, expires_at timestamptz, tenant_name text,
    tenant_locale text, tenant_time_zone text, inviter_name text)
  language plpgsql set search_path = ''
as $$
declare
  normalised text := lower(trim(coalesce(p_email, '')));
  created public.invitations;
  violated text;
begin
  -- Invoker: RLS (invitations.create), the role-rank guard, MFA and the rate limits decide.
  if exists (
    select 1 from public.list_members(p_tenant_id) lm where lower(lm.email) = normalised
  ) then
    perform private.raise_error('already_member', 409);
  end if;
  begin
    insert into public.invitations (tenant_id, email, role, token_hash)
    values (p_tenant_id, normalised, p_role, encode(extensions.gen_random_bytes(32), 'hex'))
    returning * into created;
  exception
    when unique_violation then
      perform private.raise_error('already_invited', 409);
    when insufficient_privilege then
      perform private.raise_error('forbidden', 403);
    when check_violation then
      get stacked diagnostics violated = constraint_name;
      perform private.raise_invalid_field(violated);
  end;
  return query
    select created.id, created.email, created.role, created.expires_at, t.name, t.locale, t.time_zone,
           private.get_my_display_name()
      from public.tenants t where t.id = created.tenant_id;
end;
$$;
comment on function public.invite_member(uuid, text, text) is
  'Creates an invitation (no usable link yet: the invitations function gets one from issue_invitation_token) and returns what its email shows.';

drop function public.resend_invitation(uuid);
create function public.resend_invitation(p_invitation_id uuid)
  returns table (invitation_id uuid, email text, role text, expires_at timestamptz, tenant_name text,
    tenant_locale text, tenant_time_zone text, inviter_name text)
  language plpgsql set search_path = ''
as $$
declare
  touched uuid;
  rotated public.invitations;
begin
  -- Authorization: the caller's RLS and guards, as for any change of the invitation (update right
  -- in its tenant, still pending, MFA when required); this touch changes nothing else.
  update public.invitations i set updated_at = now() where i.id = p_invitation_id returning i.id into touched;
  if touched is null then
    perform private.raise_error('not_found', 404);
  end if;
  rotated := private.rotate_invitation_link(p_invitation_id);
  return query
    select rotated.id, rotated.email, rotated.role, rotated.expires_at, t.name, t.locale, t.time_zone,
           private.get_my_display_name()
      from public.tenants t where t.id = rotated.tenant_id;
end;
$$;
comment on function public.resend_invitation(uuid) is
  'Kills a pending invitation''s link and extends it to now + 7 days (the invitations function then issues the new link); at most once a minute and 5 times a day.';

create function public.issue_invitation_token(p_invitation_id uuid) returns text
  language plpgsql set search_path = ''
as $$
declare
  raw_token text := encode(extensions.gen_random_bytes(32), 'hex');
  invitation public.invitations;
begin
  -- Authorization: EXECUTE is granted to service_role only — the invitations function calls it
  -- right after the caller's own invite_member / resend_invitation succeeded, and emails the token.
  select * into invitation from public.invitations i where i.id = p_invitation_id for update;
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
  if invitation.status <> 'pending' then
    perform private.raise_error('invitation_closed', 409, jsonb_build_object('status', invitation.status));
  end if;
  if invitation.expires_at <= now() then
    perform private.raise_error('invitation_expired', 410);
  end if;
  if not private.is_invitation_backed(invitation.tenant_id, invitation.invited_by, invitation.role) then
    perform private.raise_error('invitation_revoked', 410, jsonb_build_object('reason', 'inviter_no_longer_allowed'));
  end if;
  -- Part of the invitation or resend already audited.
  perform private.set_audit_action('none');
  update public.invitations i set token_hash = private.hash_token(raw_token) where i.id = invitation.id;
  perform private.set_audit_action('');
  return raw_token;
end;
$$;
comment on function public.issue_invitation_token(uuid) is
  'Service role only: gives a pending, unexpired invitation a fresh link and returns its one-time token (for the email); earlier links stop working.';

create or replace function public.get_invitation(p_token text) returns table (
  tenant_name text, tenant_vertical text, email text, role text, status text, expires_at timestamptz, invited_by_name text)
  language plpgsql stable security definer set search_path = ''
as $$
begin
  -- Authorization: possession of the emailed token (256 random bits) is the credential.
  return query
    select t.name, t.vertical, i.email, i.role,
           case
             when i.status = 'pending' and not private.is_invitation_backed(i.tenant_id, i.invited_by, i.role) then 'revoked'
             when i.status = 'pending' and i.expires_at <= now() then 'expired'
             else i.status
           end,
           i.expires_at, coalesce(p.display_name, '')
      from public.invitations i
      join public.tenants t on t.id = i.tenant_id
      left join public.profiles p on p.user_id = i.invited_by
     where i.token_hash = private.hash_token(coalesce(p_token, ''));
  if not found then
    perform private.raise_error('invitation_not_found', 404);
  end if;
end;
$$;
comment on function public.get_invitation(text) is
  'What an invitation link offers (shown before signing in or up); "revoked" once its inviter no longer backs it.';

create or replace function public.accept_invitation(p_token text) returns table (tenant_id uuid, role text)
  language plpgsql security definer set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  invitation public.invitations;
  account_email text;
  confirmed_at timestamptz;
begin
  -- Authorization: a signed-in user holding the token, whose confirmed email is the invited one,
  -- for an invitation its inviter still backs (an active member whose role may offer it).
  if uid is null then
    perform private.raise_error('not_authenticated', 401);
  end if;
  select * into invitation from public.invitations i
   where i.token_hash = private.hash_token(coalesce(p_token, '')) for update;
  if not found then
    perform private.raise_error('invitation_not_found', 404);
  end if;
  if invitation.status = 'accepted' then
    perform private.raise_error('invitation_used', 409);
  elsif invitation.status = 'revoked' then
    perform private.raise_error('invitation_revoked', 410);
  elsif invitation.expires_at <= now() then
    perform private.raise_error('invitation_expired', 410);
  end if;
  if not private.is_invitation_backed(invitation.tenant_id, invitation.invited_by, invitation.role) then
    perform private.raise_error('invitation_revoked', 410, jsonb_build_object('reason', 'inviter_no_longer_allowed'));
  end if;
  select lower(u.email), u.email_confirmed_at into account_email, confirmed_at from auth.users u where u.id = uid;
  if account_email is distinct from invitation.email then
    perform private.raise_error('invitation_email_mismatch', 403, jsonb_build_object('email', invitation.email));
  end if;
  if confirmed_at is null then
    perform private.raise_error('email_not_confirmed', 403);
  end if;
  if exists (select 1 from public.memberships m where m.tenant_id = invitation.tenant_id and m.user_id = uid) then
    perform private.raise_error('already_member', 409);
  end if;
  perform private.set_audit_action('invitation.accepted');
  insert into public.memberships (tenant_id, user_id, role) values (invitation.tenant_id, uid, invitation.role);
  perform private.set_audit_action('');
  update public.invitations i set status = 'accepted', accepted_by = uid, accepted_at = now() where i.id = invitation.id;
  return query select invitation.tenant_id, invitation.role;
end;
$$;
comment on function public.accept_invitation(text) is
  'Joins the tenant of an invitation: token valid, not used/revoked/expired, still backed by its inviter, email matching the caller''s confirmed email.';

-- Foreign keys cleared by an account deletion (ON DELETE SET NULL) ------------------------------------
create or replace function private.guard_tenant_change() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' then
    -- created_by only changes to NULL, when its account is deleted (ON DELETE SET NULL).
    if new.id <> old.id or new.created_at <> old.created_at
       or (new.created_by is distinct from old.created_by and (new.created_by is not null or private.is_api_caller())) then
      perform private.raise_error('immutable_field', 400);
    end if;
    if private.is_api_caller() then
      if new.plan <> old.plan then
        perform private.raise_error('plan_managed_by_billing', 403);
      end if;
      perform private.assert_mfa_for_sensitive_change(old.id);
    end if;
    return new;
  end if;
  if private.is_api_caller() then
    perform private.assert_mfa_for_sensitive_change(old.id);
  end if;
  return old;
end;
$$;
comment on function private.guard_tenant_change() is
  'Tenant updates/deletes: identity fields fixed, plan is billing-only, MFA for admins when required.';

-- The account deletion that clears created_by is audited as user.deleted, not as a settings change.
create or replace function private.audit_tenant_change() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  changed jsonb;
begin
  if tg_op = 'INSERT' then
    if private.audit_action_or('tenant.created') <> 'none' then
      perform private.record_audit(new.id, private.audit_action_or('tenant.created'), 'tenant', new.id::text,
        jsonb_build_object('name', new.name, 'vertical', new.vertical));
    end if;
    return null;
  end if;
  if tg_op = 'DELETE' then
    perform private.record_audit(old.id, 'tenant.deleted', 'tenant', old.id::text, jsonb_build_object('name', old.name));
    return null;
  end if;
  select coalesce(jsonb_object_agg(n.key, jsonb_build_object('from', o.value, 'to', n.value)), '{}')
    into changed
    from jsonb_each(to_jsonb(new)) n
    join jsonb_each(to_jsonb(old)) o on o.key = n.key
   where n.value is distinct from o.value and n.key not in ('updated_at', 'created_by');
  if changed <> '{}' then
    perform private.record_audit(new.id, 'tenant.settings_changed', 'tenant', new.id::text, jsonb_build_object('changes', changed));
  end if;
  return null;
end;
$$;
comment on function private.audit_tenant_change() is 'Audits tenant creation, setting changes (with before/after) and deletion.';

create or replace function private.guard_support_access_change() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if private.is_api_caller() then
      new.granted_by := (select auth.uid());
      new.created_at := now();
      perform private.assert_mfa_for_sensitive_change(new.tenant_id);
    end if;
    return new;
  end if;
  -- granted_by only changes to NULL, when its account is deleted (ON DELETE SET NULL).
  if new.tenant_id <> old.tenant_id
     or (new.granted_by is distinct from old.granted_by and (new.granted_by is not null or private.is_api_caller()))
     or new.expires_at <> old.expires_at or new.created_at <> old.created_at or new.reason <> old.reason
     or (old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at) then
    perform private.raise_error('immutable_field', 400);
  end if;
  if private.is_api_caller() then
    perform private.assert_mfa_for_sensitive_change(old.tenant_id);
  end if;
  return new;
end;
$$;
comment on function private.guard_support_access_change() is 'Support grants: only revocation changes an existing grant.';

-- 7. Deleting one's own account --------------------------------------------------------------------------
create function public.delete_my_account() returns void
  language plpgsql security definer set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  sole_ownerships jsonb;
  membership record;
  membership_count integer := 0;
begin
  -- Authorization: the caller's own account, in an aal2 session once they enrolled a factor.
  if uid is null then
    perform private.raise_error('not_authenticated', 401);
  end if;
  if not private.is_mfa_satisfied() then
    perform private.raise_error('mfa_required', 403);
  end if;
  -- The lock private.lock_tenant_ownership takes: a co-owner leaving at the same moment waits.
  perform 1 from public.tenants t
   where t.id in (select m.tenant_id from public.memberships m
                   where m.user_id = uid and m.role = 'owner' and m.status = 'active')
   order by t.id
     for no key update;
  select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) order by t.name) into sole_ownerships
    from public.memberships m
    join public.tenants t on t.id = m.tenant_id
   where m.user_id = uid and m.role = 'owner' and m.status = 'active'
     and private.count_other_active_owners(m.tenant_id, m.id) = 0;
  if sole_ownerships is not null then
    perform private.raise_error('last_owner', 409, jsonb_build_object('tenants', sole_ownerships));
  end if;
  -- One user.deleted row per tenant the person belonged to, in that tenant's log: its owners and
  -- admins must see why a member disappeared, and a personal (tenant-less) row would be hidden
  -- from them once the membership is gone. The pending invitations they sent go first.
  for membership in
    select m.id, m.tenant_id, m.role from public.memberships m where m.user_id = uid order by m.created_at, m.id
  loop
    perform private.revoke_invitations_of(membership.tenant_id, uid, null, 'inviter_account_deleted');
    perform private.record_audit(membership.tenant_id, 'user.deleted', 'user', uid::text,
      jsonb_build_object('role', membership.role), uid);
    membership_count := membership_count + 1;
  end loop;
  perform private.set_audit_action('none');
  delete from public.memberships m where m.user_id = uid;
  perform private.set_audit_action('');
  if membership_count = 0 then
    -- Someone in no tenant still leaves a trace of the deletion (platform accountability).
    perform private.record_audit(null, 'user.deleted', 'user', uid::text, '{}', uid);
  end if;
  -- Cascades to the profile, sessions, factors and sign-in counters; audit rows stay.
  delete from auth.users u where u.id = uid;
end;
$$;
comment on function public.delete_my_account() is
  'Deletes the caller''s account (refused with last_owner, naming the tenants, while they are a tenant''s only active owner); audited user.deleted per tenant.';

-- 11. Only the audit functions write the audit log --------------------------------------------------------
revoke insert on public.audit_log from service_role;
comment on table public.audit_log is
  'Append-only record of sensitive operations, written only by private.record_audit and private.record_sign_in_audit (running as the table owner); no API role, the service role included, may insert. UPDATE, DELETE and TRUNCATE are refused by triggers for every role, superusers included — but the table owner (postgres) and superusers can still drop or disable those triggers (or set session_replication_role = replica): append-only holds against the API and the service role, and against the owner only as far as migrations are reviewed.';

-- 12. create_tenant / update_tenant: typed fields as invalid_input ---------------------------------------
create function private.read_json_bigint(p_object jsonb, p_key text) returns bigint
  language plpgsql stable set search_path = ''
as $$
declare
  value text := p_object ->> p_key;
begin
  if value is not null and not pg_catalog.pg_input_is_valid(value, 'bigint') then
    perform private.raise_error('invalid_input', 400, jsonb_build_object('field', p_key));
  end if;
  return value::bigint;
end;
$$;
comment on function private.read_json_bigint(jsonb, text) is 'A JSON field as bigint, or invalid_input naming the field.';

create function private.read_json_integer(p_object jsonb, p_key text) returns integer
  language plpgsql stable set search_path = ''
as $$
declare
  value text := p_object ->> p_key;
begin
  if value is not null and not pg_catalog.pg_input_is_valid(value, 'integer') then
    perform private.raise_error('invalid_input', 400, jsonb_build_object('field', p_key));
  end if;
  return value::integer;
end;
$$;
comment on function private.read_json_integer(jsonb, text) is 'A JSON field as integer, or invalid_input naming the field.';

create function private.read_json_boolean(p_object jsonb, p_key text) returns boolean
  language plpgsql stable set search_path = ''
as $$
declare
  value text := p_object ->> p_key;
begin
  if value is not null and not pg_catalog.pg_input_is_valid(value, 'boolean') then
    perform private.raise_error('invalid_input', 400, jsonb_build_object('field', p_key));
  end if;
  return value::boolean;
end;
$$;
comment on function private.read_json_boolean(jsonb, text) is 'A JSON field as boolean, or invalid_input naming the field.';

create or replace function public.create_tenant(p_id uuid, p_name text, p_vertical text, p_identity jsonb default '{}')
  returns public.tenants
  language plpgsql security definer set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  tenant public.tenants;
  violated text;
begin
  -- Authorization: any signed-in user may create a tenant, which they then own (at most 20).
  if uid is null then
    perform private.raise_error('not_authenticated', 401);
  end if;
  if (select count(*) from public.memberships m where m.user_id = uid and m.role = 'owner') >= 20 then
    perform private.raise_error('too_many_tenants', 409);
  end if;
  begin
    perform private.assert_known_keys(p_identity, array[
      'legal_name', 'legal_form', 'share_capital_cents', 'siren', 'siret', 'registry_kind', 'registry_city',
      'vat_number', 'address_line1', 'address_line2', 'postal_code', 'city', 'country', 'locale', 'time_zone']);
    insert into public.tenants (
      id, name, vertical, legal_name, legal_form, share_capital_cents, siren, siret, registry_kind, registry_city,
      vat_number, address_line1, address_line2, postal_code, city, country, locale, time_zone, created_by)
    values (
      coalesce(p_id, gen_random_uuid()), trim(p_name), p_vertical,
      nullif(trim(p_identity ->> 'legal_name'), ''), nullif(trim(p_identity ->> 'legal_form'), ''),
      private.read_json_bigint(p_identity, 'share_capital_cents'),
      private.normalise_identifier(p_identity ->> 'siren'), private.normalise_identifier(p_identity ->> 'siret'),
      nullif(p_identity ->> 'registry_kind', ''), nullif(trim(p_identity ->> 'registry_city'), ''),
      private.normalise_identifier(p_identity ->> 'vat_number'),
      nullif(trim(p_identity ->> 'address_line1'), ''), nullif(trim(p_identity ->> 'address_line2'), ''),
      nullif(trim(p_identity ->> 'postal_code'), ''), nullif(trim(p_identity ->> 'city'), ''),
      coalesce(nullif(p_identity ->> 'country', ''), 'FR'), coalesce(nullif(p_identity ->> 'locale', ''), 'fr-FR'),
      coalesce(nullif(p_identity ->> 'time_zone', ''), 'Europe/Paris'), uid)
    returning * into tenant;
  exception
    when check_violation then
      get stacked diagnostics violated = constraint_name;
      perform private.raise_invalid_field(violated);
    -- Same answer as for the id of a deleted tenant (private.guard_tenant_insert): an id is taken.
    when unique_violation then
      perform private.raise_error('invalid_input', 400, jsonb_build_object('field', 'id'));
  end;
  -- One operation, one audit row: tenant.created (logged by the tenant trigger) covers the owner.
  perform private.set_audit_action('none');
  insert into public.memberships (tenant_id, user_id, role) values (tenant.id, uid, 'owner');
  perform private.set_audit_action('');
  return tenant;
end;
$$;
comment on function public.create_tenant(uuid, text, text, jsonb) is
  'Creates a tenant owned by the caller (sign-up / onboarding). Client-generated id (UUIDv7).';

create or replace function public.update_tenant(p_tenant_id uuid, p_changes jsonb) returns public.tenants
  language plpgsql set search_path = ''
as $$
declare
  tenant public.tenants;
  violated text;
begin
  perform private.assert_known_keys(p_changes, array[
    'name', 'legal_name', 'legal_form', 'share_capital_cents', 'siren', 'siret', 'registry_kind', 'registry_city',
    'vat_number', 'address_line1', 'address_line2', 'postal_code', 'city', 'country', 'logo_path', 'locale',
    'time_zone', 'session_timeout_minutes', 'mfa_required_for_admins', 'numbering_prefix']);
  update public.tenants t set
    name = case when p_changes ? 'name' then trim(p_changes ->> 'name') else t.name end,
    legal_name = case when p_changes ? 'legal_name' then nullif(trim(p_changes ->> 'legal_name'), '') else t.legal_name end,
    legal_form = case when p_changes ? 'legal_form' then nullif(trim(p_changes ->> 'legal_form'), '') else t.legal_form end,
    share_capital_cents = case when p_changes ? 'share_capital_cents'
      then private.read_json_bigint(p_changes, 'share_capital_cents') else t.share_capital_cents end,
    siren = case when p_changes ? 'siren' then private.normalise_identifier(p_changes ->> 'siren') else t.siren end,
    siret = case when p_changes ? 'siret' then private.normalise_identifier(p_changes ->> 'siret') else t.siret end,
    registry_kind = case when p_changes ? 'registry_kind' then nullif(p_changes ->> 'registry_kind', '') else t.registry_kind end,
    registry_city = case when p_changes ? 'registry_city' then nullif(trim(p_changes ->> 'registry_city'), '') else t.registry_city end,
    vat_number = case when p_changes ? 'vat_number' then private.normalise_identifier(p_changes ->> 'vat_number') else t.vat_number end,
    address_line1 = case when p_changes ? 'address_line1' then nullif(trim(p_changes ->> 'address_line1'), '') else t.address_line1 end,
    address_line2 = case when p_changes ? 'address_line2' then nullif(trim(p_changes ->> 'address_line2'), '') else t.address_line2 end,
    postal_code = case when p_changes ? 'postal_code' then nullif(trim(p_changes ->> 'postal_code'), '') else t.postal_code end,
    city = case when p_changes ? 'city' then nullif(trim(p_changes ->> 'city'), '') else t.city end,
    country = case when p_changes ? 'country' then p_changes ->> 'country' else t.country end,
    logo_path = case when p_changes ? 'logo_path' then nullif(p_changes ->> 'logo_path', '') else t.logo_path end,
    locale = case when p_changes ? 'locale' then p_changes ->> 'locale' else t.locale end,
    time_zone = case when p_changes ? 'time_zone' then p_changes ->> 'time_zone' else t.time_zone end,
    session_timeout_minutes = case when p_changes ? 'session_timeout_minutes'
      then private.read_json_integer(p_changes, 'session_timeout_minutes') else t.session_timeout_minutes end,
    mfa_required_for_admins = case when p_changes ? 'mfa_required_for_admins'
      then private.read_json_boolean(p_changes, 'mfa_required_for_admins') else t.mfa_required_for_admins end,
    numbering_prefix = case when p_changes ? 'numbering_prefix' then coalesce(p_changes ->> 'numbering_prefix', '') else t.numbering_prefix end
  where t.id = p_tenant_id
  returning * into tenant;
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
  return tenant;
exception
  when check_violation then
    get stacked diagnostics violated = constraint_name;
    perform private.raise_invalid_field(violated);
    return null;
  -- A NULL where a value is required (e.g. "mfa_required_for_admins": null).
  when not_null_violation then
    get stacked diagnostics violated = column_name;
    perform private.raise_error('invalid_input', 400, jsonb_build_object('field', violated));
    return null;
end;
$$;
comment on function public.update_tenant(uuid, jsonb) is 'Updates a tenant''s identity or settings (owners/admins by RLS; MFA when required).';

-- Grants -----------------------------------------------------------------------------------------------
revoke all on function
  private.reconcile_mfa_audit(uuid), private.is_mfa_satisfied(), private.audited_members(),
  private.my_suspended_tenants_with(text, text, text[]), private.can_grant_invitation(text, text),
  private.is_invitation_backed(uuid, uuid, text), private.revoke_invitations_of(uuid, uuid, text, text),
  private.revoke_invitations_after_membership_change(), private.assert_invitation_quota(uuid, uuid),
  private.assert_resend_quota(uuid), private.get_my_display_name(), private.rotate_invitation_link(uuid),
  private.read_json_bigint(jsonb, text), private.read_json_integer(jsonb, text), private.read_json_boolean(jsonb, text)
  from public, anon, authenticated;
-- What policies, invoker RPCs and the guards (running as the caller) call.
grant execute on function
  private.audited_members(), private.my_suspended_tenants_with(text, text, text[]),
  private.assert_invitation_quota(uuid, uuid), private.get_my_display_name(), private.rotate_invitation_link(uuid),
  private.read_json_bigint(jsonb, text), private.read_json_integer(jsonb, text), private.read_json_boolean(jsonb, text)
  to authenticated;
-- The service role runs issue_invitation_token (invoker) and may reconcile the MFA audit of a user
-- (admin tooling); the auth hooks run as the owner and need no grant.
grant execute on function
  private.reconcile_mfa_audit(uuid), private.is_mfa_satisfied(), private.audited_members(),
  private.my_suspended_tenants_with(text, text, text[]), private.can_grant_invitation(text, text),
  private.is_invitation_backed(uuid, uuid, text), private.revoke_invitations_of(uuid, uuid, text, text),
  private.assert_invitation_quota(uuid, uuid), private.assert_resend_quota(uuid), private.get_my_display_name(),
  private.rotate_invitation_link(uuid), private.read_json_bigint(jsonb, text), private.read_json_integer(jsonb, text),
  private.read_json_boolean(jsonb, text)
  to service_role;

revoke all on function
  public.reconcile_my_mfa(), public.invite_member(uuid, text, text), public.resend_invitation(uuid),
  public.issue_invitation_token(uuid), public.delete_my_account()
  from public, anon, authenticated, service_role;
grant execute on function
  public.reconcile_my_mfa(), public.invite_member(uuid, text, text), public.resend_invitation(uuid),
  public.delete_my_account()
  to authenticated;
grant execute on function public.invite_member(uuid, text, text), public.resend_invitation(uuid),
  public.issue_invitation_token(uuid)
  to service_role;
