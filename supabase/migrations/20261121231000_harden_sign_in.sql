-- Sign-in protection, hardened after the F2 review (follows 20261121222000_create_sign_in_protection.sql).
--
-- 1. The per-account limit without the password_verification_attempt hook. Hosted Supabase offers
--    that hook on the Team and Enterprise plans only. When the sign-in edge function runs with
--    COMPTOIR_PASSWORD_HOOK=off it enforces the same rule (5 failures per 15 minutes per account,
--    same table) through begin/finish_sign_in_attempt below: it reserves a `pending` row for the
--    account before calling Supabase Auth — so parallel guesses are all counted, as the hook's
--    advisory lock does — and settles it afterwards. Direct calls to Supabase Auth (not through
--    the function) are then limited per account only where the hook exists.
-- 2. Lockout abuse and audit flooding. Anyone who knows an address can keep its account locked,
--    and each refused attempt used to write an audit row. The rule stays, but a lock writes ONE
--    audit row, at its first refusal, per account and per IP; later refusals until the lock ends
--    are only counted (private.sign_in_lock_notices.suppressed_refusals) and that count appears
--    as `refused_during_previous_lock` in the row of the next lock of the same account or IP.
--    The lock is on passwords only: email links and codes (magic link, OTP) still sign the
--    victim in — no hook or function runs for them.
-- 3. Untrusted addresses stay out of the `ip` column. GoTrue gives hooks the left-most
--    X-Forwarded-For entry, which the client writes itself: the hooks now keep it as
--    `details.reported_ip` and leave `audit_log.ip` NULL. Rows written by the sign-in function
--    carry the address the platform vouches for (cf-connecting-ip) in `ip`.
-- 4. The access-token hook calls private.reconcile_mfa_audit(user) (20261121230000_harden_tenancy.sql,
--    which drops the trigger on auth.mfa_factors): MFA enrolments and removals are audited in the
--    transaction of the next token Supabase Auth issues.

-- Tables ------------------------------------------------------------------------------------------
alter table private.account_sign_in_failures
  add column status text not null default 'failed' check (status in ('pending', 'failed'));
comment on column private.account_sign_in_failures.status is
  'failed, or pending: an attempt in flight through the sign-in function when it enforces the account limit itself.';

create table private.sign_in_lock_notices (
  scope text not null check (scope in ('account', 'ip')),
  -- The account id, or the IP bucket (private.compute_ip_bucket) as text.
  subject text not null,
  locked_until timestamptz not null,
  suppressed_refusals integer not null default 0,
  primary key (scope, subject)
);
comment on table private.sign_in_lock_notices is
  'The last sign-in lock per account or IP bucket: its end, and how many refusals it silenced after the one audited.';

-- Indexes ------------------------------------------------------------------------------------------
create index sign_in_lock_notices_locked_until_idx on private.sign_in_lock_notices (locked_until);

-- Helpers ------------------------------------------------------------------------------------------
create function private.read_reported_ip(p_event jsonb) returns jsonb
  language sql stable set search_path = ''
as $$
  -- Informative only: GoTrue's metadata.ip_address is the left-most X-Forwarded-For entry.
  select case when reported is null then '{}'::jsonb else jsonb_build_object('reported_ip', pg_catalog.host(reported)) end
    from (select private.parse_inet(p_event -> 'metadata' ->> 'ip_address') as reported) r
$$;
comment on function private.read_reported_ip(jsonb) is
  'The client-written address an auth hook received, as {"reported_ip": …} audit details ({} when none).';

create function private.claim_sign_in_lock_notice(p_scope text, p_subject text, p_retry_after integer)
  returns integer
  language plpgsql set search_path = ''
as $$
declare
  notice private.sign_in_lock_notices;
begin
  select * into notice from private.sign_in_lock_notices n
   where n.scope = p_scope and n.subject = p_subject
     for update;
  if found and notice.locked_until > now() then
    update private.sign_in_lock_notices n set suppressed_refusals = n.suppressed_refusals + 1
     where n.scope = p_scope and n.subject = p_subject;
    return null;
  end if;
  insert into private.sign_in_lock_notices (scope, subject, locked_until)
  values (p_scope, p_subject, now() + make_interval(secs => p_retry_after))
  on conflict (scope, subject) do update set locked_until = excluded.locked_until, suppressed_refusals = 0;
  -- Bounded housekeeping of notices nobody will compare against any more (no cron job needed).
  delete from private.sign_in_lock_notices n
   where (n.scope, n.subject) in (select s.scope, s.subject from private.sign_in_lock_notices s
                                   where s.locked_until < now() - interval '30 days'
                                   order by s.locked_until limit 100 for update skip locked);
  return coalesce(notice.suppressed_refusals, 0);
end;
$$;
comment on function private.claim_sign_in_lock_notice(text, text, integer) is
  'A refusal by a sign-in lock: NULL (counted, not to be audited) while the lock was already announced, else the number of refusals the previous lock silenced.';

create function private.build_lock_details(p_scope text, p_retry_after integer, p_previous_refusals integer)
  returns jsonb
  language sql immutable set search_path = ''
as $$
  select jsonb_build_object('reason', 'too_many_attempts', 'scope', p_scope, 'retry_after_seconds', p_retry_after)
      || case when p_previous_refusals > 0
              then jsonb_build_object('refused_during_previous_lock', p_previous_refusals)
              else '{}'::jsonb end
$$;
comment on function private.build_lock_details(text, integer, integer) is 'Audit details of the first refusal of a sign-in lock.';

create function private.refuse_locked_account(
  p_user_id uuid, p_retry_after integer, p_ip inet, p_details jsonb, p_user_agent text
) returns void
  language plpgsql set search_path = ''
as $$
declare
  previous_refusals integer := private.claim_sign_in_lock_notice('account', p_user_id::text, p_retry_after);
begin
  if previous_refusals is not null then
    perform private.record_sign_in_audit('auth.sign_in_failed', p_user_id, null,
      private.build_lock_details('account', p_retry_after, previous_refusals) || coalesce(p_details, '{}'),
      p_ip, p_user_agent);
  end if;
end;
$$;
comment on function private.refuse_locked_account(uuid, integer, inet, jsonb, text) is
  'Notes a refusal by an account''s lock; only the first of each lock is audited.';

create function private.refuse_locked_ip(
  p_bucket cidr, p_retry_after integer, p_ip inet, p_email text, p_user_agent text
) returns void
  language plpgsql set search_path = ''
as $$
declare
  previous_refusals integer := private.claim_sign_in_lock_notice('ip', p_bucket::text, p_retry_after);
begin
  if previous_refusals is not null then
    perform private.record_sign_in_failure_by_email(p_email,
      private.build_lock_details('ip', p_retry_after, previous_refusals), p_ip, p_user_agent);
  end if;
end;
$$;
comment on function private.refuse_locked_ip(cidr, integer, inet, text, text) is
  'Notes a refusal by an IP bucket''s lock; only the first of each lock is audited (against the account it targeted).';

create function private.delete_expired_account_failures(p_user_id uuid) returns void
  language sql set search_path = ''
as $$
  delete from private.account_sign_in_failures f
   where f.user_id = p_user_id and f.failed_at <= now() - private.get_sign_in_failure_window()
$$;
comment on function private.delete_expired_account_failures(uuid) is 'Forgets an account''s failures that left the window.';

-- Per-IP and (function mode) per-account bookkeeping of the sign-in edge function ------------------
-- Called over SUPABASE_DB_URL (role postgres) only; no API role may execute them.
drop function private.begin_sign_in_attempt(inet, text, text);
drop function private.finish_sign_in_attempt(bigint, inet, text, text, text);

create function private.begin_sign_in_attempt(
  p_ip inet, p_email text, p_user_agent text, p_enforce_account_limit boolean
) returns jsonb
  language plpgsql set search_path = ''
as $$
declare
  bucket cidr;
  retry_after integer;
  ip_attempt_id bigint;
  account_id uuid;
  has_password boolean;
  account_attempt_id bigint;
begin
  if p_ip is not null then
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
      perform private.refuse_locked_ip(bucket, retry_after, p_ip, p_email, p_user_agent);
      return jsonb_build_object('scope', 'ip', 'retry_after_seconds', retry_after,
                                'ip_attempt_id', null, 'account_attempt_id', null);
    end if;
    insert into private.ip_sign_in_attempts (ip_bucket, ip) values (bucket, p_ip) returning id into ip_attempt_id;
  end if;

  if coalesce(p_enforce_account_limit, false) then
    select a.user_id, a.has_password into account_id, has_password from private.find_password_account(p_email) a;
    -- Without a password GoTrue refuses before any hook would run: nothing to count per account.
    if account_id is not null and has_password then
      -- The hook's lock: attempts on one account are checked and reserved one at a time.
      perform pg_advisory_xact_lock(hashtextextended('comptoir.account_sign_in:' || account_id::text, 0));
      perform private.delete_expired_account_failures(account_id);
      retry_after := private.compute_account_retry_after(account_id);
      if retry_after is not null then
        -- A guess at a locked account is a failed attempt for its IP, as when the hook refuses it.
        update private.ip_sign_in_attempts set status = 'failed' where id = ip_attempt_id;
        perform private.refuse_locked_account(account_id, retry_after, p_ip, '{}', p_user_agent);
        return jsonb_build_object('scope', 'account', 'retry_after_seconds', retry_after,
                                  'ip_attempt_id', null, 'account_attempt_id', null);
      end if;
      insert into private.account_sign_in_failures (user_id, status) values (account_id, 'pending')
      returning id into account_attempt_id;
    end if;
  end if;

  return jsonb_build_object('scope', null, 'retry_after_seconds', null,
                            'ip_attempt_id', ip_attempt_id, 'account_attempt_id', account_attempt_id);
end;
$$;
comment on function private.begin_sign_in_attempt(inet, text, text, boolean) is
  'Sign-in function, before calling GoTrue: refuses (scope, retry_after_seconds) an IP — or, when enforcing the account limit, an account — over the limit, else reserves the attempts.';

create function private.finish_sign_in_attempt(
  p_ip_attempt_id bigint, p_account_attempt_id bigint, p_ip inet, p_email text, p_user_agent text, p_outcome text
) returns void
  language plpgsql set search_path = ''
as $$
declare
  outcome text := case when p_outcome ~ '^[a-z0-9_]{1,64}$' then p_outcome else 'unexpected_failure' end;
  attempt_user_id uuid;
  account_id uuid;
  has_password boolean;
begin
  if p_account_attempt_id is not null then
    select f.user_id into attempt_user_id from private.account_sign_in_failures f
     where f.id = p_account_attempt_id and f.status = 'pending';
  end if;

  if outcome = 'invalid_credentials' then
    update private.ip_sign_in_attempts set status = 'failed' where id = p_ip_attempt_id;
    if attempt_user_id is not null then
      -- The function enforces the account limit (no hook): this wrong password counts for the
      -- account and is audited here, with the address the platform vouches for.
      update private.account_sign_in_failures set status = 'failed', failed_at = now() where id = p_account_attempt_id;
      perform private.record_sign_in_audit('auth.sign_in_failed', attempt_user_id, null,
        jsonb_build_object('reason', 'invalid_password'), p_ip, p_user_agent);
      return;
    end if;
    select a.user_id, a.has_password into account_id, has_password from private.find_password_account(p_email) a;
    -- For an account with a password the password hook ran and audited this failure already.
    if account_id is null or not has_password then
      perform private.record_sign_in_failure_by_email(p_email,
        jsonb_build_object('reason', case when account_id is null then 'unknown_account' else 'no_password' end),
        p_ip, p_user_agent);
    end if;
    return;
  end if;

  -- Not a credential failure: the attempts stop counting.
  delete from private.ip_sign_in_attempts where id = p_ip_attempt_id;
  if attempt_user_id is not null then
    -- A correct password clears the account's failures, as the hook does (other attempts still
    -- in flight keep their reservation).
    delete from private.account_sign_in_failures f
     where f.id = p_account_attempt_id
        or (outcome = 'succeeded' and f.user_id = attempt_user_id and f.status = 'failed');
  end if;
  if outcome in ('succeeded', 'abandoned') then
    -- A sign-in is audited by the access-token hook; an abandoned call never reached GoTrue.
    return;
  end if;
  -- Refusals no hook sees (user_banned, email_not_confirmed, GoTrue's own rate limit…).
  perform private.record_sign_in_failure_by_email(p_email, jsonb_build_object('reason', outcome), p_ip, p_user_agent);
end;
$$;
comment on function private.finish_sign_in_attempt(bigint, bigint, inet, text, text, text) is
  'Sign-in function, after GoTrue answered: counts invalid credentials against the IP (and the account when the function enforces its limit) and audits the failures no hook audited.';

-- Supabase Auth hooks --------------------------------------------------------------------------------
create or replace function public.hook_password_verification_attempt(event jsonb) returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  account_id uuid := (event ->> 'user_id')::uuid;
  is_valid boolean := coalesce((event ->> 'valid')::boolean, false);
  reported jsonb := private.read_reported_ip(event);
  retry_after integer;
begin
  -- Serialises attempts on one account, so parallel guesses cannot slip past the limit.
  perform pg_advisory_xact_lock(hashtextextended('comptoir.account_sign_in:' || account_id::text, 0));
  perform private.delete_expired_account_failures(account_id);
  retry_after := private.compute_account_retry_after(account_id);
  if retry_after is not null then
    perform private.refuse_locked_account(account_id, retry_after, null, reported, null);
    return jsonb_build_object('decision', 'reject', 'message', 'too_many_attempts retry_after=' || retry_after);
  end if;
  if is_valid then
    delete from private.account_sign_in_failures f where f.user_id = account_id and f.status = 'failed';
    return jsonb_build_object('decision', 'continue');
  end if;
  insert into private.account_sign_in_failures (user_id) values (account_id);
  perform private.record_sign_in_audit('auth.sign_in_failed', account_id, null,
    jsonb_build_object('reason', 'invalid_password') || reported, null, null);
  return jsonb_build_object('decision', 'continue');
end;
$$;
comment on function public.hook_password_verification_attempt(jsonb) is
  'Supabase Auth password_verification_attempt hook: 5 failures per 15 minutes per account; each failure and the first refusal of each lock audited.';

create or replace function public.hook_custom_access_token(event jsonb) returns jsonb
  language plpgsql security definer set search_path = ''
as $$
declare
  method text := coalesce(event ->> 'authentication_method', '');
  account_id uuid := (event ->> 'user_id')::uuid;
begin
  -- Every token (refreshes and MFA step-ups included) is a moment to audit factor changes, in
  -- the transaction that issues it.
  perform private.reconcile_mfa_audit(account_id);
  if method <> 'token_refresh' and method <> 'totp' and method not like 'mfa/%' then
    perform private.record_sign_in_audit('auth.signed_in', account_id, account_id,
      jsonb_build_object('method', method) || private.read_reported_ip(event), null, null);
  end if;
  return jsonb_build_object('claims', event -> 'claims');
end;
$$;
comment on function public.hook_custom_access_token(jsonb) is
  'Supabase Auth custom_access_token hook: audits each sign-in once (not refreshes or MFA step-ups) and reconciles the MFA audit; claims unchanged.';

-- Grants -------------------------------------------------------------------------------------------
-- CREATE OR REPLACE keeps the hooks' grants (supabase_auth_admin only). The private helpers run
-- as their owner (postgres): through the hooks, or from the sign-in function over SUPABASE_DB_URL.
revoke all on function
  private.read_reported_ip(jsonb), private.claim_sign_in_lock_notice(text, text, integer),
  private.build_lock_details(text, integer, integer),
  private.refuse_locked_account(uuid, integer, inet, jsonb, text), private.refuse_locked_ip(cidr, integer, inet, text, text),
  private.delete_expired_account_failures(uuid),
  private.begin_sign_in_attempt(inet, text, text, boolean),
  private.finish_sign_in_attempt(bigint, bigint, inet, text, text, text)
  from public, anon, authenticated, service_role;

-- Row Level Security: on, with no policy — only the owner's functions above touch these rows.
alter table private.sign_in_lock_notices enable row level security;
