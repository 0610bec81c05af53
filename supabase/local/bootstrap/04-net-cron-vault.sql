-- Local bootstrap 04: stand-ins for three Supabase extensions that Debian/embedded-postgres do
-- not ship: pg_net (`net`), pg_cron (`cron`) and Supabase Vault (`vault`). The SQL API matches
-- upstream (supabase/pg_net sql/pg_net.sql, citusdata/pg_cron, supabase/vault) so migrations that
-- schedule functions are identical locally and in production; the work is done by the local
-- gateway: a worker LISTENs on `net_request` and performs queued HTTP calls after commit, and the
-- scheduler reads cron.job and runs each job's command on time.

-- pg_net ---------------------------------------------------------------------------------------
create schema net authorization supabase_admin;
grant usage on schema net to postgres, anon, authenticated, service_role;

create unlogged table net.http_request_queue (
  id bigserial primary key,
  method text not null check (method in ('GET', 'POST', 'DELETE')),
  url text not null,
  headers jsonb,
  body bytea,
  timeout_milliseconds integer not null
);

create unlogged table net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz not null default now()
);
create index _http_response_created_idx on net._http_response (created);

-- curl_easy_escape, as pg_net's C helper of the same name: every byte of the UTF-8 form except
-- A-Z a-z 0-9 - . _ ~ becomes %XX (upper-case hex), so `&`, `#`, `=`, spaces and non-ASCII in
-- params survive the trip into the query string.
create function net._urlencode_string(string varchar) returns text
  language sql immutable strict set search_path = ''
as $$
  select coalesce(string_agg(
    case when b between 48 and 57 or b between 65 and 90 or b between 97 and 122 or b in (45, 46, 95, 126)
      then chr(b)
      else '%' || upper(lpad(to_hex(b), 2, '0'))
    end, '' order by i), '')
  from (select i, get_byte(raw, i) as b
          from (select convert_to(string, 'UTF8') as raw) as r,
               generate_series(0, octet_length(raw) - 1) as i) as bytes
$$;

create function net._enqueue(method text, url text, params jsonb, headers jsonb, body bytea,
  timeout_milliseconds integer) returns bigint
  language plpgsql security definer set search_path = ''
as $$
declare
  request_id bigint;
  full_url text := url;
  fragment text := '';
  query text;
begin
  -- As pg_net: key=value pairs, each side escaped; a JSON null value drops its pair.
  select string_agg(net._urlencode_string(key) || '=' || net._urlencode_string(value), '&') into query
    from jsonb_each_text(coalesce(params, '{}'::jsonb));
  if query is not null then
    -- curl's CURLU_APPENDQUERY: the query goes before any #fragment, after an existing query.
    if position('#' in full_url) > 0 then
      fragment := substr(full_url, position('#' in full_url));
      full_url := left(full_url, position('#' in full_url) - 1);
    end if;
    full_url := full_url || case when position('?' in full_url) > 0 then '&' else '?' end || query || fragment;
  end if;
  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values (method, full_url, headers, body, timeout_milliseconds)
  returning id into request_id;
  perform pg_notify('net_request', request_id::text);
  return request_id;
end;
$$;

create function net.http_get(url text, params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb, timeout_milliseconds integer default 5000) returns bigint
  language sql security definer set search_path = ''
as $$ select net._enqueue('GET', url, params, headers, null, timeout_milliseconds) $$;

create function net.http_post(url text, body jsonb default '{}'::jsonb, params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer default 5000) returns bigint
  language plpgsql security definer set search_path = ''
as $$
declare
  content_type text;
begin
  select value into content_type from jsonb_each_text(headers) where lower(key) = 'content-type';
  if content_type is null then
    headers := headers || '{"Content-Type": "application/json"}'::jsonb;
  elsif content_type <> 'application/json' then
    raise exception 'Content-Type header must be "application/json"';
  end if;
  return net._enqueue('POST', url, params, headers, convert_to(body::text, 'UTF8'), timeout_milliseconds);
end;
$$;

create function net.http_delete(url text, params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb, timeout_milliseconds integer default 5000) returns bigint
  language sql security definer set search_path = ''
as $$ select net._enqueue('DELETE', url, params, headers, null, timeout_milliseconds) $$;

revoke execute on function net._enqueue(text, text, jsonb, jsonb, bytea, integer) from public;
grant execute on function net.http_get(text, jsonb, jsonb, integer),
  net.http_post(text, jsonb, jsonb, jsonb, integer),
  net.http_delete(text, jsonb, jsonb, integer) to postgres, anon, authenticated, service_role;
grant select on net._http_response to postgres, service_role;

-- pg_cron ------------------------------------------------------------------------------------
create schema cron authorization supabase_admin;
grant usage on schema cron to postgres;

create table cron.job (
  jobid bigserial primary key,
  schedule text not null,
  command text not null,
  nodename text not null default 'localhost',
  nodeport integer not null default 5432,
  database text not null default current_database(),
  username text not null default current_user,
  active boolean not null default true,
  jobname text,
  unique (jobname, username)
);

create table cron.job_run_details (
  jobid bigint,
  runid bigserial primary key,
  job_pid integer,
  database text,
  username text,
  command text,
  status text,
  return_message text,
  start_time timestamptz,
  end_time timestamptz
);

create function cron._notify_scheduler() returns trigger
  language plpgsql
as $$
begin
  perform pg_notify('cron_jobs', '');
  return null;
end;
$$;
create trigger job_changed after insert or update or delete on cron.job
  for each statement execute function cron._notify_scheduler();

create function cron._validate_schedule(schedule text) returns void
  language plpgsql immutable
as $$
begin
  if schedule ~ '^\s*[1-5]?[0-9]\s+seconds?\s*$' then
    if (regexp_match(schedule, '([0-9]+)'))[1]::int not between 1 and 59 then
      raise exception 'invalid schedule: %', schedule;
    end if;
    return;
  end if;
  if schedule ~ '^\s*@(yearly|annually|monthly|weekly|daily|hourly|midnight|reboot)\s*$' then
    return;
  end if;
  if array_length(regexp_split_to_array(trim(schedule), '\s+'), 1) <> 5 then
    raise exception 'invalid schedule: %', schedule;
  end if;
end;
$$;

-- Whose job it is. pg_cron records the caller's current_user (GetUserId()); these functions are
-- SECURITY DEFINER (postgres may not write cron.job itself, as on Supabase), so current_user in
-- here is their owner, supabase_admin. We record session_user, the role that logged in, instead:
-- it is the same for every real caller (migrations, the SQL editor and jobs log in as postgres),
-- and never more than the caller can already reach, since a session can always `reset role` to
-- its session user. The scheduler then logs in as that user to run the job.
create function cron.schedule(job_name text, schedule text, command text) returns bigint
  language plpgsql security definer set search_path = ''
as $$
declare
  id bigint;
begin
  perform cron._validate_schedule(schedule);
  -- The upsert can only meet the caller's own job of that name: (jobname, username) is unique.
  insert into cron.job (jobname, schedule, command, username)
  values (job_name, schedule, command, session_user)
  on conflict (jobname, username) do update set schedule = excluded.schedule, command = excluded.command,
    database = excluded.database
  returning jobid into id;
  return id;
end;
$$;

create function cron.schedule(schedule text, command text) returns bigint
  language plpgsql security definer set search_path = ''
as $$
declare
  id bigint;
begin
  perform cron._validate_schedule(schedule);
  insert into cron.job (schedule, command, username) values (schedule, command, session_user)
  returning jobid into id;
  return id;
end;
$$;

-- By name: only the caller's own job, whoever the caller is (pg_cron's cron_unschedule_named).
create function cron.unschedule(job_name text) returns boolean
  language plpgsql security definer set search_path = ''
as $$
begin
  if job_name is null then
    raise exception 'job_name can not be NULL';
  end if;
  delete from cron.job where jobname = job_name and username = session_user;
  if not found then
    raise exception 'could not find valid entry for job ''%''', job_name;
  end if;
  return true;
end;
$$;

-- By id: the caller's own job, or any job for a role that may delete from cron.job (superusers),
-- as pg_cron's EnsureDeletePermission.
create function cron.unschedule(job_id bigint) returns boolean
  language plpgsql security definer set search_path = ''
as $$
declare
  job_owner text;
begin
  select username into job_owner from cron.job where jobid = job_id for update;
  if not found then
    raise exception 'could not find valid entry for job %', job_id;
  end if;
  if job_owner <> session_user and not pg_catalog.has_table_privilege(session_user, 'cron.job', 'DELETE') then
    raise exception 'permission denied for table job' using errcode = 'insufficient_privilege';
  end if;
  delete from cron.job where jobid = job_id;
  return true;
end;
$$;

revoke execute on all functions in schema cron from public;
grant execute on function cron.schedule(text, text, text), cron.schedule(text, text),
  cron.unschedule(text), cron.unschedule(bigint) to postgres;
-- As Supabase's grant_pg_cron_access event trigger: postgres may do anything with the run log
-- (jobs that purge cron.job_run_details run as postgres) but only read cron.job, which changes
-- through cron.schedule/unschedule.
grant all privileges on all tables in schema cron to postgres with grant option;
grant all privileges on all sequences in schema cron to postgres with grant option;
revoke all on table cron.job from postgres;
grant select on table cron.job to postgres with grant option;

-- Supabase Vault -------------------------------------------------------------------------------
-- Upstream encrypts with pgsodium; locally the secrets are plain (loopback-only dev database).
create schema vault authorization supabase_admin;
grant usage on schema vault to postgres, service_role;

create table vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text unique,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create view vault.decrypted_secrets as
  select id, name, description, secret, secret as decrypted_secret, key_id, nonce, created_at, updated_at
  from vault.secrets;

create function vault.create_secret(new_secret text, new_name text default null,
  new_description text default '', new_key_id uuid default null) returns uuid
  language plpgsql security definer set search_path = ''
as $$
declare
  rec_id uuid;
begin
  insert into vault.secrets (secret, name, description, key_id)
  values (new_secret, new_name, coalesce(new_description, ''), new_key_id)
  returning id into rec_id;
  return rec_id;
end;
$$;

create function vault.update_secret(secret_id uuid, new_secret text default null, new_name text default null,
  new_description text default null, new_key_id uuid default null) returns void
  language plpgsql security definer set search_path = ''
as $$
begin
  update vault.secrets set
    secret = coalesce(new_secret, secret),
    name = coalesce(new_name, name),
    description = coalesce(new_description, description),
    key_id = coalesce(new_key_id, key_id),
    updated_at = now()
  where id = secret_id;
end;
$$;

revoke all on vault.secrets from public;
revoke execute on all functions in schema vault from public;
grant select on vault.decrypted_secrets to postgres, service_role;
grant execute on function vault.create_secret(text, text, text, uuid),
  vault.update_secret(uuid, text, text, text, uuid) to postgres, service_role;
