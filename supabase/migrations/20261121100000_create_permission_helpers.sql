-- Permission helpers: the permission matrix of shared/permissions/matrix.ts lives in
-- private.permission_grants (filled by the generated *_sync_permission_grants migrations) and
-- every RLS policy asks private.tenants_with(resource, action, grants) — one source of truth,
-- checked by supabase/permissions.pg.test.ts. Helpers are security definer with an empty
-- search_path and fully qualified names; the API never exposes the `private` schema.

create table private.permission_grants (
  resource text not null,
  action text not null check (action in ('read', 'create', 'update', 'delete')),
  role text not null check (role in ('owner', 'admin', 'manager', 'sales', 'technician', 'member', 'client')),
  grant_kind text not null check (grant_kind in ('allow', 'own', 'assigned', 'deny')),
  primary key (resource, action, role)
);
comment on table private.permission_grants is
  'The permission matrix (resource × action × role → grant), generated from shared/permissions/matrix.ts.';

-- Platform operators (the agency running Comptoir): see tenant health metadata only, and tenant
-- data only while a tenant grants support access. Managed with the service role.
create table private.platform_operators (
  user_id uuid primary key references auth.users (id) on delete cascade,
  created_at timestamptz not null default now()
);
comment on table private.platform_operators is 'Users with the platform-level operator role.';

alter table private.permission_grants enable row level security;
alter table private.platform_operators enable row level security;

-- Ranks used by "nobody grants a role above their own" (shared/permissions/roles.ts ROLE_RANK).
create function private.role_rank(p_role text) returns integer
  language sql immutable set search_path = ''
as $$
  select case p_role
    when 'owner' then 100 when 'admin' then 80 when 'manager' then 60
    when 'sales' then 40 when 'technician' then 40 when 'member' then 20 when 'client' then 10
    else 0 end
$$;
comment on function private.role_rank(text) is 'Rank of a tenant role; mirrors ROLE_RANK in shared/permissions/roles.ts.';

create function private.is_operator() returns boolean
  language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from private.platform_operators o where o.user_id = (select auth.uid()))
$$;
comment on function private.is_operator() is 'Whether the caller is a platform operator.';

-- The request's client IP and user agent, from the headers PostgREST exposes.
create function private.request_ip() returns inet
  language plpgsql stable set search_path = ''
as $$
declare
  headers jsonb := nullif(current_setting('request.headers', true), '')::jsonb;
  candidate text;
begin
  candidate := trim(split_part(coalesce(headers ->> 'x-forwarded-for', headers ->> 'x-real-ip', ''), ',', 1));
  if candidate = '' then
    return null;
  end if;
  return candidate::inet;
exception
  when others then
    return null;
end;
$$;
comment on function private.request_ip() is 'Client IP from x-forwarded-for / x-real-ip, or NULL.';

create function private.request_user_agent() returns text
  language sql stable set search_path = ''
as $$
  select left(nullif(current_setting('request.headers', true), '')::jsonb ->> 'user-agent', 500)
$$;
comment on function private.request_user_agent() is 'The request''s user agent (truncated), or NULL.';

-- Raises a client-facing error: message is a machine code the PWA translates (errors.rpc.<code>),
-- errcode PTxxx sets the HTTP status through PostgREST, detail carries safe JSON details.
create function private.raise_error(p_code text, p_status integer, p_details jsonb default '{}') returns void
  language plpgsql set search_path = ''
as $$
begin
  raise exception using
    message = p_code,
    errcode = 'PT' || p_status::text,
    detail = p_details::text,
    hint = 'errors.rpc.' || p_code;
end;
$$;
comment on function private.raise_error(text, integer, jsonb) is
  'Raises a translated-by-code error; the HTTP status comes from errcode PT<status>.';

-- Authorization context of the current statement: true for API callers (anon/authenticated)
-- acting through RLS, false inside security definer RPCs, for the service role and migrations.
create function private.is_api_caller() returns boolean
  language sql stable set search_path = ''
as $$
  select current_user in ('anon', 'authenticated')
$$;
comment on function private.is_api_caller() is
  'True when the statement runs as anon/authenticated (guards apply), false for trusted paths.';

revoke all on all functions in schema private from public, anon, authenticated;
grant execute on function
  private.is_operator(), private.role_rank(text), private.request_ip(), private.request_user_agent(),
  private.raise_error(text, integer, jsonb), private.is_api_caller()
  to authenticated, service_role;
