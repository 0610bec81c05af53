-- Tenancy: tenants (a garage, an agency, an SME), their members and roles, invitations,
-- people's profiles, time-limited support access for the platform operator, and the
-- append-only audit log. Shared tables isolated by RLS (never schema-per-tenant); every policy
-- reads the permission matrix through private.tenants_with(). Business rules that must hold on
-- every write path (last owner, no grant above one's own role, MFA for sensitive changes,
-- exactly one audit row per sensitive operation) are enforced by triggers.

-- Identity validators (mirror shared/identity/french-ids.ts) -----------------------------------
create function private.is_valid_luhn(p_digits text) returns boolean
  language plpgsql immutable set search_path = ''
as $$
declare
  total integer := 0;
  d integer;
  i integer;
  n integer := length(p_digits);
begin
  if p_digits is null or p_digits !~ '^[0-9]+$' then
    return false;
  end if;
  for i in 0 .. n - 1 loop
    d := substr(p_digits, n - i, 1)::integer;
    if i % 2 = 1 then
      d := d * 2;
      if d > 9 then d := d - 9; end if;
    end if;
    total := total + d;
  end loop;
  return total % 10 = 0;
end;
$$;
comment on function private.is_valid_luhn(text) is 'Luhn check (SIREN/SIRET keys).';

create function private.is_valid_siren(p_siren text) returns boolean
  language sql immutable set search_path = ''
as $$ select p_siren ~ '^[0-9]{9}$' and private.is_valid_luhn(p_siren) $$;
comment on function private.is_valid_siren(text) is 'SIREN: 9 digits, valid Luhn key.';

create function private.is_valid_siret(p_siret text) returns boolean
  language sql immutable set search_path = ''
as $$
  select p_siret ~ '^[0-9]{14}$' and case
    -- La Poste's establishments share one SIREN and use a digit-sum rule instead of Luhn.
    when left(p_siret, 9) = '356000000' then
      (select sum(substr(p_siret, i, 1)::integer) from generate_series(1, 14) i) % 5 = 0
    else private.is_valid_luhn(left(p_siret, 9)) and private.is_valid_luhn(p_siret)
  end
$$;
comment on function private.is_valid_siret(text) is 'SIRET: 14 digits, valid SIREN and Luhn key (La Poste excepted).';

create function private.is_valid_vat_number(p_vat text) returns boolean
  language sql immutable set search_path = ''
as $$
  select case
    when p_vat ~ '^FR[0-9]{2}[0-9]{9}$' then
      private.is_valid_siren(right(p_vat, 9))
      and substr(p_vat, 3, 2)::integer = (12 + 3 * (right(p_vat, 9)::bigint % 97)) % 97
    when p_vat ~ '^FR[0-9A-HJ-NP-Z]{2}[0-9]{9}$' then private.is_valid_siren(right(p_vat, 9))
    else p_vat ~ '^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[0-9A-Z+*]{2,12}$'
  end
$$;
comment on function private.is_valid_vat_number(text) is
  'Intra-community VAT number: French key checked against the SIREN, other EU numbers by format.';

-- Tables -------------------------------------------------------------------------------------
create table public.tenants (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(trim(name)) between 1 and 120),
  vertical text not null check (vertical in ('agency', 'garage', 'services')),
  plan text not null default 'free' check (plan in ('free', 'starter', 'pro', 'enterprise')),
  -- Legal identity printed on quotes and invoices (raison sociale, forme, capital, RCS/RM…).
  legal_name text check (char_length(legal_name) <= 200),
  legal_form text check (char_length(legal_form) <= 60),
  share_capital_cents bigint check (share_capital_cents >= 0),
  siren text check (siren is null or private.is_valid_siren(siren)),
  siret text check (siret is null or private.is_valid_siret(siret)),
  registry_kind text check (registry_kind in ('RCS', 'RM')),
  registry_city text check (char_length(registry_city) <= 80),
  vat_number text check (vat_number is null or private.is_valid_vat_number(vat_number)),
  address_line1 text check (char_length(address_line1) <= 200),
  address_line2 text check (char_length(address_line2) <= 200),
  postal_code text check (char_length(postal_code) <= 12),
  city text check (char_length(city) <= 80),
  country text not null default 'FR' check (country ~ '^[A-Z]{2}$'),
  logo_path text check (char_length(logo_path) <= 500),
  locale text not null default 'fr-FR' check (locale in ('fr-FR', 'en-GB')),
  time_zone text not null default 'Europe/Paris' check (char_length(time_zone) between 1 and 64),
  currency text not null default 'EUR' check (currency = 'EUR'),
  -- Settings
  session_timeout_minutes integer not null default 30 check (session_timeout_minutes between 5 and 1440),
  mfa_required_for_admins boolean not null default false,
  numbering_prefix text not null default '' check (numbering_prefix ~ '^[A-Z0-9-]{0,12}$'),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- The SIRET of an establishment starts with the company's SIREN.
  constraint tenants_siret_matches_siren check (siret is null or siren is null or left(siret, 9) = siren)
);
comment on table public.tenants is 'A business using Comptoir (garage, agency, SME): identity, legal mentions, settings.';

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'manager', 'sales', 'technician', 'member', 'client')),
  status text not null default 'active' check (status in ('active', 'suspended')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, user_id)
);
comment on table public.memberships is 'A user''s role in a tenant; a user may belong to several tenants.';

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  email text not null check (email = lower(trim(email)) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(email) <= 254),
  role text not null check (role in ('owner', 'admin', 'manager', 'sales', 'technician', 'member', 'client')),
  -- Only the SHA-256 of the emailed token is stored.
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  status text not null default 'pending' check (status in ('pending', 'accepted', 'revoked')),
  expires_at timestamptz not null default now() + interval '7 days',
  invited_by uuid references auth.users (id) on delete set null,
  accepted_by uuid references auth.users (id) on delete set null,
  accepted_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.invitations is
  'Invitations by email; status pending/accepted/revoked, "expired" when pending past expires_at.';

create table public.profiles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null default '' check (char_length(display_name) <= 120),
  avatar_path text check (char_length(avatar_path) <= 500),
  phone text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  preferred_language text not null default 'fr' check (preferred_language in ('fr', 'en')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is 'A person''s display name, avatar, phone (E.164) and language.';

create table public.support_access_grants (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  granted_by uuid references auth.users (id) on delete set null,
  reason text not null default '' check (char_length(reason) <= 500),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  constraint support_access_grants_window check (expires_at > created_at and expires_at <= created_at + interval '7 days')
);
comment on table public.support_access_grants is
  'Time-limited read-only access a tenant grants to the platform operator for support.';

-- No foreign keys: audit rows outlive the tenants and users they mention.
create table public.audit_log (
  id bigint generated always as identity primary key,
  tenant_id uuid,
  actor_id uuid,
  subject_user_id uuid,
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_type text,
  target_id text,
  details jsonb not null default '{}',
  ip inet,
  user_agent text,
  created_at timestamptz not null default now()
);
comment on table public.audit_log is
  'Append-only record of sensitive operations (sign-in, failures, MFA, roles, invitations, removals, settings, export, deletion).';

-- Indexes (every column a policy or a frequent lookup reads) --------------------------------
create index memberships_user_id_idx on public.memberships (user_id);
create index memberships_tenant_id_role_idx on public.memberships (tenant_id, role);
create index invitations_tenant_id_idx on public.invitations (tenant_id);
create unique index invitations_tenant_id_email_pending_idx on public.invitations (tenant_id, email)
  where status = 'pending';
create index support_access_grants_tenant_id_idx on public.support_access_grants (tenant_id);
create index audit_log_tenant_id_created_at_idx on public.audit_log (tenant_id, created_at desc);
create index audit_log_subject_user_id_created_at_idx on public.audit_log (subject_user_id, created_at desc);

-- Permission helpers that read the tables above -----------------------------------------------
-- (tenant, role) pairs the caller acts as: active memberships, plus read-only support access
-- ('member' grants) for operators while a tenant's grant is valid.
create function private.my_roles() returns table (tenant_id uuid, role text)
  language sql stable security definer set search_path = ''
as $$
  select m.tenant_id, m.role
    from public.memberships m
   where m.user_id = (select auth.uid()) and m.status = 'active'
  union all
  select g.tenant_id, 'member'
    from public.support_access_grants g
   where g.revoked_at is null and g.expires_at > now()
     and exists (select 1 from private.platform_operators o where o.user_id = (select auth.uid()))
     and not exists (
       select 1 from public.memberships m
        where m.tenant_id = g.tenant_id and m.user_id = (select auth.uid()) and m.status = 'active')
$$;
comment on function private.my_roles() is 'Tenants and roles of the caller (memberships + operator support access).';

-- Tenants where the caller's role has one of p_grants for (resource, action). Policies use it
-- as `tenant_id in (select private.tenants_with(...))`, evaluated once per statement.
create function private.tenants_with(p_resource text, p_action text, p_grants text[]) returns setof uuid
  language sql stable security definer set search_path = ''
as $$
  select r.tenant_id
    from private.my_roles() r
    join private.permission_grants g on g.role = r.role and g.resource = p_resource and g.action = p_action
   where g.grant_kind = any (p_grants)
$$;
comment on function private.tenants_with(text, text, text[]) is
  'Tenants where the caller has one of the given grants for resource/action (RLS building block).';

create function private.my_role_in(p_tenant_id uuid) returns text
  language sql stable security definer set search_path = ''
as $$
  select r.role from private.my_roles() r where r.tenant_id = p_tenant_id
   order by private.role_rank(r.role) desc limit 1
$$;
comment on function private.my_role_in(uuid) is 'The caller''s role in a tenant, or NULL.';

-- Users whose profile the caller may read: members of tenants where profiles.read is 'allow'.
create function private.visible_profile_user_ids() returns setof uuid
  language sql stable security definer set search_path = ''
as $$
  select m.user_id from public.memberships m
   where m.tenant_id in (select private.tenants_with('profiles', 'read', array['allow']))
$$;
comment on function private.visible_profile_user_ids() is 'Users whose profile the caller may read (matrix: profiles.read allow).';

-- Users whose user-level audit events (sign-ins, MFA) the caller may read.
create function private.audited_member_ids() returns setof uuid
  language sql stable security definer set search_path = ''
as $$
  select m.user_id from public.memberships m
   where m.tenant_id in (select private.tenants_with('audit_log', 'read', array['allow']))
$$;
comment on function private.audited_member_ids() is 'Members of the tenants whose audit log the caller may read.';

create function private.count_other_active_owners(p_tenant_id uuid, p_membership_id uuid) returns integer
  language sql stable security definer set search_path = ''
as $$
  select count(*)::integer from public.memberships m
   where m.tenant_id = p_tenant_id and m.id <> p_membership_id and m.role = 'owner' and m.status = 'active'
$$;
comment on function private.count_other_active_owners(uuid, uuid) is 'Active owners of a tenant other than one membership.';

create function private.tenant_exists(p_tenant_id uuid) returns boolean
  language sql stable security definer set search_path = ''
as $$ select exists (select 1 from public.tenants t where t.id = p_tenant_id) $$;
comment on function private.tenant_exists(uuid) is
  'False while a tenant''s deletion cascades to its rows (their triggers then stay silent).';

-- Audit ------------------------------------------------------------------------------------------
create function private.record_audit(
  p_tenant_id uuid, p_action text, p_target_type text, p_target_id text,
  p_details jsonb default '{}', p_subject_user_id uuid default null
) returns void
  language sql security definer set search_path = ''
as $$
  insert into public.audit_log (tenant_id, actor_id, subject_user_id, action, target_type, target_id, details, ip, user_agent)
  values (p_tenant_id, (select auth.uid()), p_subject_user_id, p_action, p_target_type, p_target_id,
          coalesce(p_details, '{}'), private.request_ip(), private.request_user_agent())
$$;
comment on function private.record_audit(uuid, text, text, text, jsonb, uuid) is
  'Appends one audit row with the caller, IP and user agent of the current request.';

-- A security definer RPC that performs one sensitive operation touching several tables names
-- the operation once; the row triggers then log it once (or stay silent with 'none').
create function private.set_audit_action(p_action text) returns void
  language sql set search_path = ''
as $$ select set_config('comptoir.audit_action', coalesce(p_action, ''), true) $$;
comment on function private.set_audit_action(text) is 'Overrides (or silences with ''none'') the next audit rows of this transaction.';

create function private.audit_action_or(p_default text) returns text
  language sql stable set search_path = ''
as $$ select coalesce(nullif(current_setting('comptoir.audit_action', true), ''), p_default) $$;
comment on function private.audit_action_or(text) is 'The overriding audit action of this transaction, else the default.';

-- Sensitive changes by owners/admins need aal2 when the tenant requires MFA for them.
create function private.assert_mfa_for_sensitive_change(p_tenant_id uuid) returns void
  language plpgsql stable security definer set search_path = ''
as $$
declare
  is_required boolean;
begin
  select t.mfa_required_for_admins into is_required from public.tenants t where t.id = p_tenant_id;
  if coalesce(is_required, false)
     and private.my_role_in(p_tenant_id) in ('owner', 'admin')
     and coalesce((select auth.jwt()) ->> 'aal', 'aal1') <> 'aal2' then
    perform private.raise_error('mfa_required', 403);
  end if;
end;
$$;
comment on function private.assert_mfa_for_sensitive_change(uuid) is
  'Refuses (403 mfa_required) a sensitive change by an owner/admin without aal2 when the tenant requires MFA.';

-- Triggers: updated_at ------------------------------------------------------------------------------
create function private.touch_updated_at() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
comment on function private.touch_updated_at() is 'Sets updated_at on every update.';

create trigger tenants_touch_updated_at before update on public.tenants
  for each row execute function private.touch_updated_at();
create trigger memberships_touch_updated_at before update on public.memberships
  for each row execute function private.touch_updated_at();
create trigger invitations_touch_updated_at before update on public.invitations
  for each row execute function private.touch_updated_at();
create trigger profiles_touch_updated_at before update on public.profiles
  for each row execute function private.touch_updated_at();

-- Triggers: guards (security invoker, so they see who is calling) ---------------------------------
create function private.guard_tenant_change() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' then
    if new.id <> old.id or new.created_by is distinct from old.created_by or new.created_at <> old.created_at then
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
comment on function private.guard_tenant_change() is 'Tenant updates/deletes: plan is billing-only, MFA for admins when required.';
create trigger tenants_guard_change before update or delete on public.tenants
  for each row execute function private.guard_tenant_change();

create function private.guard_membership_change() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  actor_role text;
begin
  if tg_op = 'INSERT' then
    if private.is_api_caller() then
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
  'Memberships: nobody grants above their own role, admins cannot touch owners, the last owner stays, MFA when required.';
create trigger memberships_guard_change before insert or update or delete on public.memberships
  for each row execute function private.guard_membership_change();

create function private.guard_invitation_change() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  actor_role text;
begin
  if tg_op = 'INSERT' then
    new.email := lower(trim(new.email));
    if private.is_api_caller() then
      actor_role := private.my_role_in(new.tenant_id);
      if actor_role is null or private.role_rank(new.role) > private.role_rank(actor_role) then
        perform private.raise_error('role_above_own', 403, jsonb_build_object('role', new.role));
      end if;
      if new.status <> 'pending' then
        perform private.raise_error('invalid_state', 400);
      end if;
      new.invited_by := (select auth.uid());
      perform private.assert_mfa_for_sensitive_change(new.tenant_id);
    end if;
    return new;
  end if;

  if tg_op = 'UPDATE' then
    if new.tenant_id <> old.tenant_id or new.email <> old.email or new.role <> old.role
       or new.invited_by is distinct from old.invited_by or new.created_at <> old.created_at then
      perform private.raise_error('immutable_field', 400);
    end if;
    if private.is_api_caller() then
      if old.status <> 'pending' then
        perform private.raise_error('invitation_closed', 409, jsonb_build_object('status', old.status));
      end if;
      if new.status = 'accepted' or new.accepted_by is distinct from old.accepted_by then
        perform private.raise_error('invalid_state', 400);
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
  'Invitations: role not above the inviter''s, only pending ones change, acceptance only through accept_invitation.';
create trigger invitations_guard_change before insert or update or delete on public.invitations
  for each row execute function private.guard_invitation_change();

create function private.guard_support_access_change() returns trigger
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
  if new.tenant_id <> old.tenant_id or new.granted_by is distinct from old.granted_by
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
create trigger support_access_grants_guard_change before insert or update on public.support_access_grants
  for each row execute function private.guard_support_access_change();

create function private.guard_profile_change() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if new.user_id <> old.user_id or new.created_at <> old.created_at then
    perform private.raise_error('immutable_field', 400);
  end if;
  return new;
end;
$$;
comment on function private.guard_profile_change() is 'Profiles: the owner never changes.';
create trigger profiles_guard_change before update on public.profiles
  for each row execute function private.guard_profile_change();

create function private.refuse_audit_log_change() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  perform private.raise_error('audit_log_is_append_only', 403);
  return null;
end;
$$;
comment on function private.refuse_audit_log_change() is 'The audit log is append-only, for every role.';
create trigger audit_log_refuse_change before update or delete on public.audit_log
  for each row execute function private.refuse_audit_log_change();
create trigger audit_log_refuse_truncate before truncate on public.audit_log
  for each statement execute function private.refuse_audit_log_change();

-- Triggers: audit (exactly one row per sensitive operation) -------------------------------------
create function private.audit_tenant_change() returns trigger
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
   where n.value is distinct from o.value and n.key not in ('updated_at');
  if changed <> '{}' then
    perform private.record_audit(new.id, 'tenant.settings_changed', 'tenant', new.id::text, jsonb_build_object('changes', changed));
  end if;
  return null;
end;
$$;
comment on function private.audit_tenant_change() is 'Audits tenant creation, setting changes (with before/after) and deletion.';
create trigger tenants_audit_change after insert or update or delete on public.tenants
  for each row execute function private.audit_tenant_change();

create function private.audit_membership_change() returns trigger
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
    perform private.record_audit(old.tenant_id,
      case when old.user_id = (select auth.uid()) then 'member.left' else 'member.removed' end,
      'membership', old.id::text, jsonb_build_object('role', old.role), old.user_id);
  end if;
  return null;
end;
$$;
comment on function private.audit_membership_change() is 'Audits members added, role/status changes, removals and departures.';
create trigger memberships_audit_change after insert or update or delete on public.memberships
  for each row execute function private.audit_membership_change();

create function private.audit_invitation_change() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.record_audit(new.tenant_id, 'invitation.created', 'invitation', new.id::text,
      jsonb_build_object('email', new.email, 'role', new.role));
  elsif tg_op = 'UPDATE' then
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
comment on function private.audit_invitation_change() is 'Audits invitations created, resent, revoked and deleted.';
create trigger invitations_audit_change after insert or update or delete on public.invitations
  for each row execute function private.audit_invitation_change();

create function private.audit_support_access_change() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.record_audit(new.tenant_id, 'support_access.granted', 'support_access_grant', new.id::text,
      jsonb_build_object('expires_at', new.expires_at, 'reason', new.reason));
  elsif new.revoked_at is not null and old.revoked_at is null then
    perform private.record_audit(new.tenant_id, 'support_access.revoked', 'support_access_grant', new.id::text, '{}');
  end if;
  return null;
end;
$$;
comment on function private.audit_support_access_change() is 'Audits support access granted and revoked.';
create trigger support_access_grants_audit_change after insert or update on public.support_access_grants
  for each row execute function private.audit_support_access_change();

-- MFA enrolment and removal happen in Supabase Auth; its factor rows are audited here.
create function private.audit_mfa_factor_change() returns trigger
  language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.status = 'verified' and old.status <> 'verified' then
    perform private.record_audit(null, 'mfa.enrolled', 'mfa_factor', new.id::text,
      jsonb_build_object('factor_type', new.factor_type), new.user_id);
  elsif tg_op = 'DELETE' and old.status = 'verified' then
    perform private.record_audit(null, 'mfa.removed', 'mfa_factor', old.id::text,
      jsonb_build_object('factor_type', old.factor_type), old.user_id);
  end if;
  return null;
end;
$$;
comment on function private.audit_mfa_factor_change() is 'Audits TOTP factors verified (enrolled) and verified factors removed.';
-- No trigger on auth.mfa_factors: hosted Supabase refuses it to postgres. MFA changes are audited by
-- reconciliation instead (20261121230000_harden_tenancy.sql).

-- A profile for every new user (Supabase Auth inserts into auth.users).
create function private.create_profile_for_new_user() returns trigger
  language plpgsql security definer set search_path = ''
as $$
declare
  meta jsonb := coalesce(new.raw_user_meta_data, '{}');
  name text := left(trim(coalesce(meta ->> 'display_name', meta ->> 'full_name', meta ->> 'name', '')), 120);
  language text := case when meta ->> 'preferred_language' in ('fr', 'en') then meta ->> 'preferred_language' else 'fr' end;
begin
  if name = '' then
    name := left(split_part(coalesce(new.email, ''), '@', 1), 120);
  end if;
  insert into public.profiles (user_id, display_name, preferred_language)
  values (new.id, name, language)
  on conflict (user_id) do nothing;
  return new;
end;
$$;
comment on function private.create_profile_for_new_user() is 'Creates the profile of a user signing up (name and language from sign-up metadata).';
create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.create_profile_for_new_user();

-- Grants ---------------------------------------------------------------------------------------
revoke all on all functions in schema private from public, anon, authenticated;
grant execute on all functions in schema private to service_role;
grant execute on function
  private.my_roles(), private.tenants_with(text, text, text[]), private.my_role_in(uuid),
  private.visible_profile_user_ids(), private.audited_member_ids(), private.count_other_active_owners(uuid, uuid),
  private.tenant_exists(uuid), private.record_audit(uuid, text, text, text, jsonb, uuid),
  private.audit_action_or(text), private.assert_mfa_for_sensitive_change(uuid),
  private.is_valid_luhn(text), private.is_valid_siren(text), private.is_valid_siret(text),
  private.is_valid_vat_number(text), private.touch_updated_at(), private.guard_tenant_change(),
  private.guard_membership_change(), private.guard_invitation_change(), private.guard_support_access_change(),
  private.guard_profile_change(), private.refuse_audit_log_change(), private.audit_tenant_change(),
  private.audit_membership_change(), private.audit_invitation_change(), private.audit_support_access_change(),
  private.is_operator(), private.role_rank(text), private.request_ip(), private.request_user_agent(),
  private.raise_error(text, integer, jsonb), private.is_api_caller()
  to authenticated;

grant select, update, delete on public.tenants to authenticated;
grant select, insert, update, delete on public.memberships to authenticated;
grant select, insert, update, delete on public.invitations to authenticated;
grant select, insert, update on public.profiles to authenticated;
grant select, insert, update on public.support_access_grants to authenticated;
grant select on public.audit_log to authenticated;
grant select, insert, update, delete on public.tenants, public.memberships, public.invitations, public.profiles,
  public.support_access_grants to service_role;
grant select, insert on public.audit_log to service_role;

-- Row Level Security ------------------------------------------------------------------------------
alter table public.tenants enable row level security;
alter table public.memberships enable row level security;
alter table public.invitations enable row level security;
alter table public.profiles enable row level security;
alter table public.support_access_grants enable row level security;
alter table public.audit_log enable row level security;

create policy "members can read their tenants" on public.tenants for select to authenticated
  using (id in (select private.tenants_with('tenants', 'read', array['allow'])));
create policy "owners and admins can update their tenant" on public.tenants for update to authenticated
  using (id in (select private.tenants_with('tenants', 'update', array['allow'])))
  with check (id in (select private.tenants_with('tenants', 'update', array['allow'])));
create policy "owners can delete their tenant" on public.tenants for delete to authenticated
  using (id in (select private.tenants_with('tenants', 'delete', array['allow'])));

create policy "members can read memberships per the matrix" on public.memberships for select to authenticated
  using (
    tenant_id in (select private.tenants_with('memberships', 'read', array['allow']))
    or (user_id = (select auth.uid()) and tenant_id in (select private.tenants_with('memberships', 'read', array['own'])))
  );
create policy "owners and admins can add members" on public.memberships for insert to authenticated
  with check (tenant_id in (select private.tenants_with('memberships', 'create', array['allow'])));
create policy "owners and admins can change members" on public.memberships for update to authenticated
  using (tenant_id in (select private.tenants_with('memberships', 'update', array['allow'])))
  with check (tenant_id in (select private.tenants_with('memberships', 'update', array['allow'])));
create policy "owners and admins remove members, anyone leaves" on public.memberships for delete to authenticated
  using (
    tenant_id in (select private.tenants_with('memberships', 'delete', array['allow']))
    or (user_id = (select auth.uid()) and tenant_id in (select private.tenants_with('memberships', 'delete', array['own'])))
  );

create policy "owners and admins can read invitations" on public.invitations for select to authenticated
  using (tenant_id in (select private.tenants_with('invitations', 'read', array['allow'])));
create policy "owners and admins can invite" on public.invitations for insert to authenticated
  with check (tenant_id in (select private.tenants_with('invitations', 'create', array['allow'])));
create policy "owners and admins can change invitations" on public.invitations for update to authenticated
  using (tenant_id in (select private.tenants_with('invitations', 'update', array['allow'])))
  with check (tenant_id in (select private.tenants_with('invitations', 'update', array['allow'])));
create policy "owners and admins can delete invitations" on public.invitations for delete to authenticated
  using (tenant_id in (select private.tenants_with('invitations', 'delete', array['allow'])));

create policy "people can read their own and their colleagues' profiles" on public.profiles for select to authenticated
  using (user_id = (select auth.uid()) or user_id in (select private.visible_profile_user_ids()));
create policy "people can create their own profile" on public.profiles for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy "people can update their own profile" on public.profiles for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "owners and admins can read support access" on public.support_access_grants for select to authenticated
  using (tenant_id in (select private.tenants_with('support_access_grants', 'read', array['allow'])));
create policy "owners can grant support access" on public.support_access_grants for insert to authenticated
  with check (tenant_id in (select private.tenants_with('support_access_grants', 'create', array['allow'])));
create policy "owners can revoke support access" on public.support_access_grants for update to authenticated
  using (tenant_id in (select private.tenants_with('support_access_grants', 'update', array['allow'])))
  with check (tenant_id in (select private.tenants_with('support_access_grants', 'update', array['allow'])));

create policy "owners and admins can read the audit log" on public.audit_log for select to authenticated
  using (
    tenant_id in (select private.tenants_with('audit_log', 'read', array['allow']))
    or (tenant_id is null and subject_user_id in (select private.audited_member_ids()))
  );
