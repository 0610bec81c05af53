-- Sign-in protection (issue F2, seed 000): failed sign-ins are limited to 5 per 15 minutes per
-- account and per client IP, with the time to wait in the refusal; every failure and every
-- sign-in leaves one user-level audit row (tenant_id null, subject_user_id = the user).
--
-- Per account, on every path (the PWA, supabase-js, direct calls to Supabase Auth): the
-- password_verification_attempt hook below runs after GoTrue checked a password of a known
-- account. It counts failures, audits each one, and once the account has 5 failures in the last
-- 15 minutes refuses every attempt — a correct password too — with the message
-- `too_many_attempts retry_after=<seconds>` (GoTrue answers 400 invalid_credentials carrying it).
-- A correct password clears the account's failures. Refused attempts are not counted: the wait
-- announced is the real one, and an attacker cannot keep a victim locked out beyond it by
-- continuing to guess.
--
-- Sign-ins: the custom_access_token hook runs once per token GoTrue issues, inside the
-- transaction that creates the session, so each sign-in (password, OTP / magic link, PKCE, OAuth,
-- recovery, invite, sign-up confirmation…) gives exactly one `auth.signed_in` row, committed with
-- the session or not at all. Token refreshes and MFA step-ups (totp, mfa/*) upgrade or extend a
-- session that was already audited when it began, so they are not sign-ins.
--
-- Per IP: hooks cannot do it. Their metadata.ip_address is the left-most X-Forwarded-For entry,
-- which the client writes itself, and no hook runs for an unknown email. The PWA therefore signs
-- in through the `sign-in` edge function, which reads the client IP the platform vouches for and
-- calls private.begin_sign_in_attempt / private.finish_sign_in_attempt over SUPABASE_DB_URL. The
-- IP counter is kept per /64 for IPv6 (one subscriber's prefix), per address for IPv4.

-- Tables ------------------------------------------------------------------------------------------
create table private.account_sign_in_failures (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  failed_at timestamptz not null default now()
);
comment on table private.account_sign_in_failures is
  'Wrong passwords per account in the current window (password_verification_attempt hook); cleared by a correct password.';

create table private.ip_sign_in_attempts (
  id bigint generated always as identity primary key,
  ip_bucket cidr not null,
  ip inet not null,
  status text not null default 'pending' check (status in ('pending', 'failed')),
  created_at timestamptz not null default now()
);
comment on table private.ip_sign_in_attempts is
  'Password sign-ins through the sign-in function per client IP bucket: pending (in flight, counted so that parallel guesses cannot slip past the limit) or failed.';

-- Indexes ------------------------------------------------------------------------------------------
create index account_sign_in_failures_user_id_failed_at_idx on private.account_sign_in_failures (user_id, failed_at desc);
create index ip_sign_in_attempts_ip_bucket_created_at_idx on private.ip_sign_in_attempts (ip_bucket, created_at desc);
create index ip_sign_in_attempts_created_at_idx on private.ip_sign_in_attempts (created_at);

-- Helpers ------------------------------------------------------------------------------------------
create function private.get_sign_in_failure_limit() returns integer
  language sql immutable set search_path = ''
as $$ select 5 $$;
comment on function private.get_sign_in_failure_limit() is 'Failed sign-ins allowed per window, per account and per IP (seed 000).';

create function private.get_sign_in_failure_window() returns interval
  language sql immutable set search_path = ''
as $$ select interval '15 minutes' $$;
comment on function private.get_sign_in_failure_window() is 'Sliding window of the sign-in failure limit (seed 000).';

create function private.parse_inet(p_value text) returns inet
  language plpgsql stable set search_path = ''
as $$
begin
  if p_value is null or length(p_value) > 64 or not pg_catalog.pg_input_is_valid(p_value, 'inet') then
    return null;
  end if;
  return p_value::inet;
end;
$$;
comment on function private.parse_inet(text) is 'The text as an inet, or NULL when it is not an address (hook metadata, headers).';

create function private.compute_ip_bucket(p_ip inet) returns cidr
  language plpgsql immutable set search_path = ''
as $$
begin
  if pg_catalog.family(p_ip) = 6 and p_ip <<= '::ffff:0.0.0.0/96'::inet then
    -- IPv4-mapped IPv6 is the IPv4 client it maps.
    return pg_catalog.network(pg_catalog.set_masklen('0.0.0.0'::inet + (p_ip - '::ffff:0.0.0.0'::inet), 32));
  end if;
  if pg_catalog.family(p_ip) = 6 then
    -- One IPv6 subscriber gets at least a /64: counting single addresses would give an attacker
    -- 2^64 fresh counters.
    return pg_catalog.network(pg_catalog.set_masklen(p_ip, 64));
  end if;
  return pg_catalog.network(pg_catalog.set_masklen(p_ip, 32));
end;
$$;
comment on function private.compute_ip_bucket(inet) is 'What the per-IP limit counts: the IPv4 address, or the IPv6 /64.';

create function private.compute_account_retry_after(p_user_id uuid) returns integer
  language sql stable set search_path = ''
as $$
  -- The window frees when the limit-th most recent failure leaves it.
  select greatest(1, ceil(extract(epoch from (f.failed_at + private.get_sign_in_failure_window() - now()))))::integer
    from private.account_sign_in_failures f
   where f.user_id = p_user_id and f.failed_at > now() - private.get_sign_in_failure_window()
   order by f.failed_at desc
  offset private.get_sign_in_failure_limit() - 1
   limit 1
$$;
comment on function private.compute_account_retry_after(uuid) is
  'Seconds until the account may try again, or NULL while it has fewer failures than the limit in the window.';

create function private.compute_ip_retry_after(p_bucket cidr) returns integer
  language sql stable set search_path = ''
as $$
  select greatest(1, ceil(extract(epoch from (a.created_at + private.get_sign_in_failure_window() - now()))))::integer
    from private.ip_sign_in_attempts a
   where a.ip_bucket = p_bucket and a.created_at > now() - private.get_sign_in_failure_window()
   order by a.created_at desc
  offset private.get_sign_in_failure_limit() - 1
   limit 1
$$;
comment on function private.compute_ip_retry_after(cidr) is
  'Seconds until the IP bucket may try again (failed and in-flight attempts count), or NULL below the limit.';

create function private.record_sign_in_audit(
  p_action text, p_subject_user_id uuid, p_actor_id uuid, p_details jsonb, p_ip inet, p_user_agent text
) returns void
  language sql set search_path = ''
as $$
  insert into public.audit_log (tenant_id, actor_id, subject_user_id, action, target_type, target_id, details, ip, user_agent)
  values (null, p_actor_id, p_subject_user_id, p_action,
          case when p_subject_user_id is not null then 'user' end, p_subject_user_id::text,
          coalesce(p_details, '{}'), p_ip, left(p_user_agent, 500))
$$;
comment on function private.record_sign_in_audit(text, uuid, uuid, jsonb, inet, text) is
  'Appends one user-level audit row (tenant_id null) for a sign-in or a failed one.';

create function private.find_password_account(p_email text)
  returns table (user_id uuid, has_password boolean)
  language sql stable set search_path = ''
as $$
  -- The lookup of GoTrue's password grant (FindUserByEmailAndAudience): case-insensitive, no SSO users.
  select u.id, coalesce(u.encrypted_password, '') <> ''
    from auth.users u
   where lower(u.email) = lower(p_email) and not u.is_sso_user
   order by u.created_at
   limit 1
$$;
comment on function private.find_password_account(text) is 'The account a password sign-in with this email addresses, if any.';

create function private.record_sign_in_failure_by_email(p_email text, p_details jsonb, p_ip inet, p_user_agent text)
  returns void
  language plpgsql set search_path = ''
as $$
declare
  account_id uuid;
  details jsonb := coalesce(p_details, '{}');
  normalized text := lower(coalesce(p_email, ''));
begin
  select a.user_id into account_id from private.find_password_account(p_email) a;
  if account_id is null then
    -- An address that belongs to nobody is personal data of someone we do not know (often the
    -- user's own typo, or a victim's address in credential stuffing). Data minimisation: keep a
    -- SHA-256 of the normalised address — support can still answer "was my address tried?" and
    -- correlate repeated attempts by hashing the address in question — and its domain only.
    details := details || jsonb_build_object(
      'email_sha256', encode(sha256(convert_to(normalized, 'UTF8')), 'hex'),
      'email_domain', nullif(left(split_part(normalized, '@', 2), 255), ''));
  end if;
  perform private.record_sign_in_audit('auth.sign_in_failed', account_id, null, details, p_ip, p_user_agent);
end;
$$;
comment on function private.record_sign_in_failure_by_email(text, jsonb, inet, text) is
  'Audits a failed sign-in for an email: subject = its account, else a hash and the domain of the address.';

-- Per-IP bookkeeping of the sign-in edge function ------------------------------------------------------
-- Called over SUPABASE_DB_URL (role postgres) only; no API role may execute them.
create function private.begin_sign_in_attempt(p_ip inet, p_email text, p_user_agent text) returns jsonb
  language plpgsql set search_path = ''
as $$
declare
  bucket cidr;
  retry_after integer;
  attempt_id bigint;
begin
  if p_ip is null then
    return jsonb_build_object('attempt_id', null, 'retry_after_seconds', null);
  end if;
  bucket := private.compute_ip_bucket(p_ip);
  -- Serialises the check-and-reserve of one bucket, so parallel guesses are all counted.
  perform pg_advisory_xact_lock(hashtextextended('comptoir.ip_sign_in:' || bucket::text, 0));
  delete from private.ip_sign_in_attempts a
   where a.ip_bucket = bucket and a.created_at <= now() - private.get_sign_in_failure_window();
  -- Bounded housekeeping of buckets that never came back (no cron job needed).
  delete from private.ip_sign_in_attempts a
   where a.id in (select s.id from private.ip_sign_in_attempts s
                   where s.created_at <= now() - private.get_sign_in_failure_window()
                   order by s.created_at limit 100 for update skip locked);
  retry_after := private.compute_ip_retry_after(bucket);
  if retry_after is not null then
    perform private.record_sign_in_failure_by_email(p_email,
      jsonb_build_object('reason', 'too_many_attempts', 'scope', 'ip', 'retry_after_seconds', retry_after),
      p_ip, p_user_agent);
    return jsonb_build_object('attempt_id', null, 'retry_after_seconds', retry_after);
  end if;
  insert into private.ip_sign_in_attempts (ip_bucket, ip) values (bucket, p_ip) returning id into attempt_id;
  return jsonb_build_object('attempt_id', attempt_id, 'retry_after_seconds', null);
end;
$$;
comment on function private.begin_sign_in_attempt(inet, text, text) is
  'Sign-in function, before calling GoTrue: refuses (retry_after_seconds, audited) an IP over the limit, else reserves an attempt.';

create function private.finish_sign_in_attempt(
  p_attempt_id bigint, p_ip inet, p_email text, p_user_agent text, p_outcome text
) returns void
  language plpgsql set search_path = ''
as $$
declare
  outcome text := case when p_outcome ~ '^[a-z0-9_]{1,64}$' then p_outcome else 'unexpected_failure' end;
  account_id uuid;
  has_password boolean;
begin
  if outcome = 'invalid_credentials' then
    update private.ip_sign_in_attempts set status = 'failed' where id = p_attempt_id;
    select a.user_id, a.has_password into account_id, has_password from private.find_password_account(p_email) a;
    -- For an account with a password the password hook ran and audited this failure already.
    if account_id is null or not has_password then
      perform private.record_sign_in_failure_by_email(p_email,
        jsonb_build_object('reason', case when account_id is null then 'unknown_account' else 'no_password' end),
        p_ip, p_user_agent);
    end if;
    return;
  end if;
  -- Not a credential failure: the attempt stops counting against the IP.
  delete from private.ip_sign_in_attempts where id = p_attempt_id;
  if outcome in ('succeeded', 'abandoned') then
    -- A sign-in is audited by the access-token hook; an abandoned call never reached GoTrue.
    return;
  end if;
  -- Refusals no hook sees (user_banned, email_not_confirmed, GoTrue's own rate limit…).
  perform private.record_sign_in_failure_by_email(p_email, jsonb_build_object('reason', outcome), p_ip, p_user_agent);
end;
$$;
comment on function private.finish_sign_in_attempt(bigint, inet, text, text, text) is
  'Sign-in function, after GoTrue answered: counts invalid credentials against the IP and audits the failures no hook audited.';

-- Supabase Auth hooks --------------------------------------------------------------------------------
-- GoTrue calls them as supabase_auth_admin (config.toml [auth.hook.*]); security definer so that
-- role needs no access to private or to audit_log.
create function public.hook_password_verification_attempt(event jsonb) returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  account_id uuid := (event ->> 'user_id')::uuid;
  is_valid boolean := coalesce((event ->> 'valid')::boolean, false);
  -- The left-most X-Forwarded-For entry as GoTrue read it: informative, never trusted for limits.
  client_ip inet := private.parse_inet(event -> 'metadata' ->> 'ip_address');
  retry_after integer;
begin
  -- Serialises attempts on one account, so parallel guesses cannot slip past the limit.
  perform pg_advisory_xact_lock(hashtextextended('comptoir.account_sign_in:' || account_id::text, 0));
  delete from private.account_sign_in_failures f
   where f.user_id = account_id and f.failed_at <= now() - private.get_sign_in_failure_window();
  retry_after := private.compute_account_retry_after(account_id);
  if retry_after is not null then
    perform private.record_sign_in_audit('auth.sign_in_failed', account_id, null,
      jsonb_build_object('reason', 'too_many_attempts', 'scope', 'account', 'retry_after_seconds', retry_after),
      client_ip, null);
    return jsonb_build_object('decision', 'reject', 'message', 'too_many_attempts retry_after=' || retry_after);
  end if;
  if is_valid then
    delete from private.account_sign_in_failures f where f.user_id = account_id;
    return jsonb_build_object('decision', 'continue');
  end if;
  insert into private.account_sign_in_failures (user_id) values (account_id);
  perform private.record_sign_in_audit('auth.sign_in_failed', account_id, null,
    jsonb_build_object('reason', 'invalid_password'), client_ip, null);
  return jsonb_build_object('decision', 'continue');
end;
$$;
comment on function public.hook_password_verification_attempt(jsonb) is
  'Supabase Auth password_verification_attempt hook: 5 failures per 15 minutes per account, each failure audited.';

create function public.hook_custom_access_token(event jsonb) returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  method text := coalesce(event ->> 'authentication_method', '');
  account_id uuid := (event ->> 'user_id')::uuid;
begin
  if method <> 'token_refresh' and method <> 'totp' and method not like 'mfa/%' then
    perform private.record_sign_in_audit('auth.signed_in', account_id, account_id,
      jsonb_build_object('method', method), private.parse_inet(event -> 'metadata' ->> 'ip_address'), null);
  end if;
  return jsonb_build_object('claims', event -> 'claims');
end;
$$;
comment on function public.hook_custom_access_token(jsonb) is
  'Supabase Auth custom_access_token hook: audits each sign-in once (not refreshes or MFA step-ups); claims unchanged.';

-- Grants -------------------------------------------------------------------------------------------
-- Supabase's documented hook pattern: only the auth server may run the hooks.
grant usage on schema public to supabase_auth_admin;
revoke all on function public.hook_password_verification_attempt(jsonb), public.hook_custom_access_token(jsonb)
  from public, anon, authenticated, service_role;
grant execute on function public.hook_password_verification_attempt(jsonb), public.hook_custom_access_token(jsonb)
  to supabase_auth_admin;

-- The private helpers run as their owner (postgres): through the hooks, or from the sign-in
-- function over SUPABASE_DB_URL. No API role executes them.
revoke all on function
  private.get_sign_in_failure_limit(), private.get_sign_in_failure_window(), private.parse_inet(text),
  private.compute_ip_bucket(inet), private.compute_account_retry_after(uuid), private.compute_ip_retry_after(cidr),
  private.record_sign_in_audit(text, uuid, uuid, jsonb, inet, text), private.find_password_account(text),
  private.record_sign_in_failure_by_email(text, jsonb, inet, text), private.begin_sign_in_attempt(inet, text, text),
  private.finish_sign_in_attempt(bigint, inet, text, text, text)
  from public, anon, authenticated, service_role;

-- Row Level Security: on, with no policy — only the owner's functions above touch these rows.
alter table private.account_sign_in_failures enable row level security;
alter table private.ip_sign_in_attempts enable row level security;
