-- Tenancy RPCs: what the PWA and the edge functions call. Invoker functions (most of them) act
-- under the caller's RLS, so the matrix and the guard triggers decide; the few security
-- definer ones (create_tenant, list_members, get/accept_invitation, operator and export
-- functions) check authorization themselves, first thing, and say so.
-- Errors are raised with private.raise_error(code, status): the PWA translates errors.rpc.<code>.

create function private.normalise_identifier(p_value text) returns text
  language sql immutable set search_path = ''
as $$ select nullif(regexp_replace(upper(coalesce(p_value, '')), '[\s.\-]', '', 'g'), '') $$;
comment on function private.normalise_identifier(text) is 'Removes spaces, dots and dashes typed inside SIREN/SIRET/VAT numbers.';

create function private.hash_token(p_token text) returns text
  language sql immutable set search_path = ''
as $$ select encode(extensions.digest(convert_to(p_token, 'UTF8'), 'sha256'), 'hex') $$;
comment on function private.hash_token(text) is 'SHA-256 (hex) of an emailed token; only the hash is stored.';

create function private.assert_known_keys(p_object jsonb, p_allowed text[]) returns void
  language plpgsql immutable set search_path = ''
as $$
declare
  unknown text[];
begin
  if p_object is null or jsonb_typeof(p_object) <> 'object' then
    perform private.raise_error('invalid_input', 400);
  end if;
  select array_agg(k) into unknown from jsonb_object_keys(p_object) k where not (k = any (p_allowed));
  if unknown is not null then
    perform private.raise_error('unknown_field', 400, jsonb_build_object('fields', to_jsonb(unknown)));
  end if;
end;
$$;
comment on function private.assert_known_keys(jsonb, text[]) is 'Refuses a JSON object with keys outside the allowed list.';

create function private.raise_invalid_field(p_constraint text) returns void
  language plpgsql set search_path = ''
as $$
begin
  -- tenants_siren_check → siren; tenants_siret_matches_siren → siret
  perform private.raise_error('invalid_input', 400, jsonb_build_object('field',
    regexp_replace(regexp_replace(coalesce(p_constraint, ''), '^[a-z]+s_', ''), '(_check|_matches_.*)$', '')));
end;
$$;
comment on function private.raise_invalid_field(text) is 'Turns a violated check constraint into invalid_input with the field name.';

-- Tenants ------------------------------------------------------------------------------------------
create function public.create_tenant(p_id uuid, p_name text, p_vertical text, p_identity jsonb default '{}')
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
      (p_identity ->> 'share_capital_cents')::bigint,
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

create function public.update_tenant(p_tenant_id uuid, p_changes jsonb) returns public.tenants
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
    share_capital_cents = case when p_changes ? 'share_capital_cents' then (p_changes ->> 'share_capital_cents')::bigint else t.share_capital_cents end,
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
      then (p_changes ->> 'session_timeout_minutes')::integer else t.session_timeout_minutes end,
    mfa_required_for_admins = case when p_changes ? 'mfa_required_for_admins'
      then (p_changes ->> 'mfa_required_for_admins')::boolean else t.mfa_required_for_admins end,
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
end;
$$;
comment on function public.update_tenant(uuid, jsonb) is 'Updates a tenant''s identity or settings (owners/admins by RLS; MFA when required).';

create function public.delete_tenant(p_tenant_id uuid, p_confirm_name text) returns void
  language plpgsql set search_path = ''
as $$
declare
  current_name text;
begin
  select t.name into current_name from public.tenants t where t.id = p_tenant_id;
  if current_name is null then
    perform private.raise_error('not_found', 404);
  end if;
  if p_confirm_name is distinct from current_name then
    perform private.raise_error('confirmation_mismatch', 400);
  end if;
  delete from public.tenants t where t.id = p_tenant_id;
  if not found then
    perform private.raise_error('forbidden', 403);
  end if;
end;
$$;
comment on function public.delete_tenant(uuid, text) is 'Deletes a tenant and all its data (owners by RLS; the name must be typed to confirm).';

create function public.list_my_tenants() returns table (
  id uuid, name text, vertical text, plan text, role text, locale text, time_zone text,
  session_timeout_minutes integer, mfa_required_for_admins boolean, logo_path text, created_at timestamptz)
  language sql stable set search_path = ''
as $$
  select t.id, t.name, t.vertical, t.plan, r.role, t.locale, t.time_zone, t.session_timeout_minutes,
         t.mfa_required_for_admins, t.logo_path, t.created_at
    from public.tenants t
    join private.my_roles() r on r.tenant_id = t.id
   order by t.name
$$;
comment on function public.list_my_tenants() is 'The tenants the caller belongs to, with the caller''s role (tenant switcher).';

create function public.get_tenant(p_tenant_id uuid) returns public.tenants
  language plpgsql stable set search_path = ''
as $$
declare
  tenant public.tenants;
begin
  select * into tenant from public.tenants t where t.id = p_tenant_id;
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
  return tenant;
end;
$$;
comment on function public.get_tenant(uuid) is 'A tenant the caller may read (settings page).';

-- Members ------------------------------------------------------------------------------------------
create function public.list_members(p_tenant_id uuid) returns table (
  membership_id uuid, user_id uuid, role text, status text, display_name text, email text,
  avatar_path text, has_mfa boolean, last_sign_in_at timestamptz, joined_at timestamptz)
  language plpgsql stable security definer set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  can_read_all boolean;
  can_read_own boolean;
begin
  -- Authorization first: the matrix's memberships.read ('allow' = the team, 'own' = oneself).
  can_read_all := p_tenant_id in (select private.tenants_with('memberships', 'read', array['allow']));
  can_read_own := p_tenant_id in (select private.tenants_with('memberships', 'read', array['own']));
  if not can_read_all and not can_read_own then
    perform private.raise_error('not_found', 404);
  end if;
  return query
    select m.id, m.user_id, m.role, m.status, coalesce(p.display_name, ''), u.email::text, p.avatar_path,
           exists (select 1 from auth.mfa_factors f where f.user_id = m.user_id and f.status = 'verified'),
           u.last_sign_in_at, m.created_at
      from public.memberships m
      join auth.users u on u.id = m.user_id
      left join public.profiles p on p.user_id = m.user_id
     where m.tenant_id = p_tenant_id and (can_read_all or m.user_id = uid)
     order by private.role_rank(m.role) desc, coalesce(p.display_name, u.email);
end;
$$;
comment on function public.list_members(uuid) is 'The team of a tenant with names and emails (the team per the matrix, or oneself).';

create function public.change_member_role(p_membership_id uuid, p_role text) returns public.memberships
  language plpgsql set search_path = ''
as $$
declare
  membership public.memberships;
begin
  update public.memberships m set role = p_role where m.id = p_membership_id returning * into membership;
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
  return membership;
end;
$$;
comment on function public.change_member_role(uuid, text) is 'Changes a member''s role (guards: owners, rank, last owner, MFA).';

create function public.set_member_status(p_membership_id uuid, p_status text) returns public.memberships
  language plpgsql set search_path = ''
as $$
declare
  membership public.memberships;
begin
  update public.memberships m set status = p_status where m.id = p_membership_id returning * into membership;
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
  return membership;
end;
$$;
comment on function public.set_member_status(uuid, text) is 'Suspends or reactivates a member.';

create function public.remove_member(p_membership_id uuid) returns void
  language plpgsql set search_path = ''
as $$
begin
  delete from public.memberships m where m.id = p_membership_id;
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
end;
$$;
comment on function public.remove_member(uuid) is 'Removes a member from a tenant (owners/admins; anyone for their own membership).';

create function public.leave_tenant(p_tenant_id uuid) returns void
  language plpgsql set search_path = ''
as $$
begin
  delete from public.memberships m where m.tenant_id = p_tenant_id and m.user_id = (select auth.uid());
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
end;
$$;
comment on function public.leave_tenant(uuid) is 'The caller leaves a tenant (refused for the last owner).';

-- Invitations --------------------------------------------------------------------------------------
create function public.invite_member(p_tenant_id uuid, p_email text, p_role text)
  returns table (invitation_id uuid, token text, email text, role text, expires_at timestamptz, tenant_name text)
  language plpgsql set search_path = ''
as $$
declare
  raw_token text := encode(extensions.gen_random_bytes(32), 'hex');
  normalised text := lower(trim(coalesce(p_email, '')));
  created public.invitations;
begin
  if exists (
    select 1 from public.list_members(p_tenant_id) lm where lower(lm.email) = normalised
  ) then
    perform private.raise_error('already_member', 409);
  end if;
  begin
    insert into public.invitations (tenant_id, email, role, token_hash)
    values (p_tenant_id, normalised, p_role, private.hash_token(raw_token))
    returning * into created;
  exception
    when unique_violation then
      perform private.raise_error('already_invited', 409);
    when insufficient_privilege then
      perform private.raise_error('forbidden', 403);
    when check_violation then
      perform private.raise_error('invalid_input', 400, jsonb_build_object('field', 'email'));
  end;
  return query select created.id, raw_token, created.email, created.role, created.expires_at,
    (select t.name from public.tenants t where t.id = p_tenant_id);
end;
$$;
comment on function public.invite_member(uuid, text, text) is
  'Creates an invitation and returns its one-time token (emailed by the invitations edge function).';

create function public.resend_invitation(p_invitation_id uuid)
  returns table (invitation_id uuid, token text, email text, role text, expires_at timestamptz, tenant_name text)
  language plpgsql set search_path = ''
as $$
declare
  raw_token text := encode(extensions.gen_random_bytes(32), 'hex');
  updated public.invitations;
begin
  update public.invitations i
     set token_hash = private.hash_token(raw_token), expires_at = now() + interval '7 days'
   where i.id = p_invitation_id
  returning * into updated;
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
  return query select updated.id, raw_token, updated.email, updated.role, updated.expires_at,
    (select t.name from public.tenants t where t.id = updated.tenant_id);
end;
$$;
comment on function public.resend_invitation(uuid) is 'Issues a fresh token for a pending invitation (the old link stops working).';

create function public.revoke_invitation(p_invitation_id uuid) returns void
  language plpgsql set search_path = ''
as $$
begin
  update public.invitations i set status = 'revoked' where i.id = p_invitation_id;
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
end;
$$;
comment on function public.revoke_invitation(uuid) is 'Revokes a pending invitation.';

create function public.list_invitations(p_tenant_id uuid) returns table (
  invitation_id uuid, email text, role text, status text, expires_at timestamptz, invited_by_name text, created_at timestamptz)
  language sql stable set search_path = ''
as $$
  select i.id, i.email, i.role,
         case when i.status = 'pending' and i.expires_at <= now() then 'expired' else i.status end,
         i.expires_at, p.display_name, i.created_at
    from public.invitations i
    left join public.profiles p on p.user_id = i.invited_by
   where i.tenant_id = p_tenant_id
   order by i.created_at desc
$$;
comment on function public.list_invitations(uuid) is 'Invitations of a tenant with their computed status (pending/accepted/revoked/expired).';

create function public.get_invitation(p_token text) returns table (
  tenant_name text, tenant_vertical text, email text, role text, status text, expires_at timestamptz, invited_by_name text)
  language plpgsql stable security definer set search_path = ''
as $$
begin
  -- Authorization: possession of the emailed token (256 random bits) is the credential.
  return query
    select t.name, t.vertical, i.email, i.role,
           case when i.status = 'pending' and i.expires_at <= now() then 'expired' else i.status end,
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
comment on function public.get_invitation(text) is 'What an invitation link offers (shown before signing in or up).';

create function public.accept_invitation(p_token text) returns table (tenant_id uuid, role text)
  language plpgsql security definer set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  invitation public.invitations;
  account_email text;
  confirmed_at timestamptz;
begin
  -- Authorization: a signed-in user holding the token, whose confirmed email is the invited one.
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
  'Joins the tenant of an invitation: token valid, not used/revoked/expired, email matching the caller''s confirmed email.';

-- Profiles ---------------------------------------------------------------------------------------------
create function public.get_my_profile() returns public.profiles
  language plpgsql stable set search_path = ''
as $$
declare
  profile public.profiles;
begin
  select * into profile from public.profiles p where p.user_id = (select auth.uid());
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
  return profile;
end;
$$;
comment on function public.get_my_profile() is 'The caller''s profile.';

create function public.update_my_profile(p_changes jsonb) returns public.profiles
  language plpgsql set search_path = ''
as $$
declare
  profile public.profiles;
  violated text;
begin
  perform private.assert_known_keys(p_changes, array['display_name', 'avatar_path', 'phone', 'preferred_language']);
  update public.profiles p set
    display_name = case when p_changes ? 'display_name' then trim(coalesce(p_changes ->> 'display_name', '')) else p.display_name end,
    avatar_path = case when p_changes ? 'avatar_path' then nullif(p_changes ->> 'avatar_path', '') else p.avatar_path end,
    phone = case when p_changes ? 'phone' then nullif(p_changes ->> 'phone', '') else p.phone end,
    preferred_language = case when p_changes ? 'preferred_language' then p_changes ->> 'preferred_language' else p.preferred_language end
  where p.user_id = (select auth.uid())
  returning * into profile;
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
  return profile;
exception
  when check_violation then
    get stacked diagnostics violated = constraint_name;
    perform private.raise_invalid_field(violated);
    return null;
end;
$$;
comment on function public.update_my_profile(jsonb) is 'Updates the caller''s profile (name, avatar, phone in E.164, language).';

-- Audit log ---------------------------------------------------------------------------------------------
create function public.list_audit_log(p_tenant_id uuid, p_before_id bigint default null, p_limit integer default 50)
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
          or (a.tenant_id is null and a.subject_user_id in (
                select m.user_id from public.memberships m where m.tenant_id = p_tenant_id)))
     and (p_before_id is null or a.id < p_before_id)
   order by a.id desc
   limit least(greatest(coalesce(p_limit, 50), 1), 200)
$$;
comment on function public.list_audit_log(uuid, bigint, integer) is
  'A page of a tenant''s audit log, newest first (owners/admins by RLS), including members'' sign-in and MFA events.';

-- Support access ---------------------------------------------------------------------------------------
create function public.grant_support_access(p_tenant_id uuid, p_hours integer, p_reason text default '')
  returns public.support_access_grants
  language plpgsql set search_path = ''
as $$
declare
  granted public.support_access_grants;
begin
  if p_hours is null or p_hours < 1 or p_hours > 168 then
    perform private.raise_error('invalid_input', 400, jsonb_build_object('field', 'hours'));
  end if;
  begin
    insert into public.support_access_grants (tenant_id, reason, expires_at)
    values (p_tenant_id, coalesce(p_reason, ''), now() + make_interval(hours => p_hours))
    returning * into granted;
  exception
    when insufficient_privilege then
      perform private.raise_error('forbidden', 403);
  end;
  return granted;
end;
$$;
comment on function public.grant_support_access(uuid, integer, text) is
  'Lets the platform operator read the tenant''s data for up to 7 days (owners).';

create function public.revoke_support_access(p_grant_id uuid) returns void
  language plpgsql set search_path = ''
as $$
begin
  update public.support_access_grants g set revoked_at = now() where g.id = p_grant_id and g.revoked_at is null;
  if not found then
    perform private.raise_error('not_found', 404);
  end if;
end;
$$;
comment on function public.revoke_support_access(uuid) is 'Ends a support access grant now.';

create function public.list_support_access(p_tenant_id uuid) returns setof public.support_access_grants
  language sql stable set search_path = ''
as $$
  select * from public.support_access_grants g where g.tenant_id = p_tenant_id order by g.created_at desc
$$;
comment on function public.list_support_access(uuid) is 'Support access grants of a tenant (owners/admins by RLS).';

-- Platform operator ----------------------------------------------------------------------------------------
create function public.operator_list_tenants() returns table (
  tenant_id uuid, name text, vertical text, plan text, created_at timestamptz, member_count integer,
  last_activity_at timestamptz, support_access_until timestamptz)
  language plpgsql stable security definer set search_path = ''
as $$
begin
  -- Authorization: platform operators only; they see health metadata, never business data.
  if not private.is_operator() then
    perform private.raise_error('forbidden', 403);
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
comment on function public.operator_list_tenants() is 'Tenant health metadata for platform operators (no business data).';

create function public.am_i_operator() returns boolean
  language sql stable set search_path = ''
as $$ select private.is_operator() $$;
comment on function public.am_i_operator() is 'Whether the caller is a platform operator (shows the operator console).';

-- Personal data export (GDPR art. 15/20) ----------------------------------------------------------------
create function public.export_my_data() returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  result jsonb;
begin
  -- Authorization: the caller's own data only.
  if uid is null then
    perform private.raise_error('not_authenticated', 401);
  end if;
  select jsonb_build_object(
    'exported_at', now(),
    'account', (select jsonb_build_object('id', u.id, 'email', u.email, 'created_at', u.created_at,
                  'last_sign_in_at', u.last_sign_in_at) from auth.users u where u.id = uid),
    'profile', (select to_jsonb(p) from public.profiles p where p.user_id = uid),
    'memberships', coalesce((select jsonb_agg(jsonb_build_object('tenant', t.name, 'role', m.role, 'status', m.status,
                  'since', m.created_at) order by m.created_at)
                  from public.memberships m join public.tenants t on t.id = m.tenant_id where m.user_id = uid), '[]'),
    'security_events', coalesce((select jsonb_agg(jsonb_build_object('action', a.action, 'at', a.created_at,
                  'ip', host(a.ip), 'details', a.details) order by a.id desc)
                  from (select * from public.audit_log a where a.subject_user_id = uid order by a.id desc limit 1000) a), '[]'))
    into result;
  perform private.record_audit(null, 'data.exported', 'user', uid::text, '{}', uid);
  return result;
end;
$$;
comment on function public.export_my_data() is 'Everything Comptoir stores about the caller as a person (JSON download); audited.';

-- Grants -------------------------------------------------------------------------------------------------
revoke execute on all functions in schema public from public, anon, authenticated;
grant execute on function
  public.create_tenant(uuid, text, text, jsonb), public.update_tenant(uuid, jsonb), public.delete_tenant(uuid, text),
  public.list_my_tenants(), public.get_tenant(uuid), public.list_members(uuid), public.change_member_role(uuid, text),
  public.set_member_status(uuid, text), public.remove_member(uuid), public.leave_tenant(uuid),
  public.invite_member(uuid, text, text), public.resend_invitation(uuid), public.revoke_invitation(uuid),
  public.list_invitations(uuid), public.get_invitation(text), public.accept_invitation(text),
  public.get_my_profile(), public.update_my_profile(jsonb), public.list_audit_log(uuid, bigint, integer),
  public.grant_support_access(uuid, integer, text), public.revoke_support_access(uuid),
  public.list_support_access(uuid), public.operator_list_tenants(), public.am_i_operator(), public.export_my_data()
  to authenticated;
grant execute on function public.get_invitation(text) to anon;
grant execute on all functions in schema public to service_role;
grant execute on function private.normalise_identifier(text), private.hash_token(text), private.assert_known_keys(jsonb, text[]),
  private.raise_invalid_field(text)
  to authenticated, service_role;
