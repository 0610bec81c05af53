-- Sync protocol (F3, docs/sync.md; shapes in shared/sync/protocol.ts):
--   public.sync_pull(tenant, cursor, limit) — changes since a cursor, under the caller's RLS;
--   public.sync_push(client, tenant, mutations) — a batch of mutations, each in a savepoint;
--   a data-less Realtime poke per tenant and transaction on the private topic tenant:<id>:sync.
--
-- Cursor (opaque base64 JSON): a window (lo, hi) of pg_snapshots plus a keyset (table, _txid, id).
-- A page holds the rows whose _txid is visible in hi and not in lo. hi is taken once per window
-- (pg_current_snapshot()) and kept in the cursor, so every page of a window — each its own
-- statement in READ COMMITTED, as PostgREST runs RPCs — filters against the same hi: a row
-- written again after hi has a newer _txid and moves to the next window; a transaction still
-- running at hi is in hi's xip, hence invisible, hence delivered by the window that sees it
-- commit. When a window is exhausted the next cursor is (hi, <next call's snapshot>).

-- Settings and bookkeeping --------------------------------------------------------------------------
create table private.sync_settings (
  key text primary key,
  value text not null
);
comment on table private.sync_settings is 'Sync engine settings (tombstone_retention: a Postgres interval).';
insert into private.sync_settings (key, value) values ('tombstone_retention', '30 days');
alter table private.sync_settings enable row level security;

create table private.sync_clients (
  client_id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  last_mutation_id bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table private.sync_clients is 'One row per device replica (client_id) of a user in a tenant, with its last mutation number.';
create index sync_clients_user_id_idx on private.sync_clients (user_id);
alter table private.sync_clients enable row level security;

-- The outcome of each recent mutation, so a replay (lost acknowledgement) gets the same answer.
create table private.sync_mutation_results (
  client_id uuid not null references private.sync_clients (client_id) on delete cascade,
  mutation_id bigint not null,
  result jsonb not null,
  primary key (client_id, mutation_id)
);
comment on table private.sync_mutation_results is
  'Results of the last 1000 mutations of each client (replays answer `duplicate` with the original outcome).';
alter table private.sync_mutation_results enable row level security;

create function private.sync_tombstone_retention() returns interval
  language sql stable security definer set search_path = ''
as $$
  select coalesce((select s.value::interval from private.sync_settings s where s.key = 'tombstone_retention'),
                  interval '30 days')
$$;
comment on function private.sync_tombstone_retention() is 'How long tombstones are kept; older cursors get `reset`.';

-- Removes tombstones past the horizon (children first); run it daily (pg_cron or a scheduled job).
create function private.purge_sync_tombstones() returns integer
  language plpgsql security definer set search_path = ''
as $$
declare
  horizon timestamptz := now() - private.sync_tombstone_retention();
  contacts_purged integer;
  companies_purged integer;
begin
  delete from public.contacts c where c.deleted_at < horizon;
  get diagnostics contacts_purged = row_count;
  delete from public.companies c where c.deleted_at < horizon;
  get diagnostics companies_purged = row_count;
  return contacts_purged + companies_purged;
end;
$$;
comment on function private.purge_sync_tombstones() is 'Deletes tombstones older than the retention horizon; returns how many.';

-- Realtime poke ------------------------------------------------------------------------------------
-- One data-less message per tenant and transaction (a push of 500 mutations pokes once); it is
-- delivered at commit only. Pokes are hints: clients also pull on reconnect, focus and a timer.
create function private.poke_sync_tenants() returns trigger
  language plpgsql security definer set search_path = ''
as $$
declare
  tenant uuid;
  poked text := coalesce(current_setting('comptoir.sync_poked', true), '');
begin
  for tenant in select distinct c.tenant_id from changed c loop
    if position(tenant::text in poked) = 0 then
      perform realtime.send('{}'::jsonb, 'poke', 'tenant:' || tenant::text || ':sync', true);
      poked := poked || tenant::text || ',';
    end if;
  end loop;
  perform set_config('comptoir.sync_poked', poked, true);
  return null;
end;
$$;
comment on function private.poke_sync_tenants() is 'Statement trigger: one realtime poke per tenant touched by the transaction.';

create trigger companies_poke_after_insert after insert on public.companies
  referencing new table as changed for each statement execute function private.poke_sync_tenants();
create trigger companies_poke_after_update after update on public.companies
  referencing new table as changed for each statement execute function private.poke_sync_tenants();
create trigger contacts_poke_after_insert after insert on public.contacts
  referencing new table as changed for each statement execute function private.poke_sync_tenants();
create trigger contacts_poke_after_update after update on public.contacts
  referencing new table as changed for each statement execute function private.poke_sync_tenants();

-- Private topics the caller may listen to: tenants where they read companies or contacts.
create function private.sync_topics() returns setof text
  language sql stable security definer set search_path = ''
as $$
  select 'tenant:' || t.id::text || ':sync'
    from (select private.tenants_with('companies', 'read', array['allow', 'own'])
          union
          select private.tenants_with('contacts', 'read', array['allow', 'own'])) t(id)
$$;
comment on function private.sync_topics() is 'tenant:<id>:sync topics of the tenants whose synced data the caller reads.';

create policy "tenant staff receive sync pokes" on realtime.messages for select to authenticated
  using (realtime.messages.extension = 'broadcast' and (select realtime.topic()) in (select private.sync_topics()));

-- Pull ---------------------------------------------------------------------------------------------
create function private.sync_read_grant(p_tenant_id uuid, p_table text) returns text
  language sql stable security definer set search_path = ''
as $$
  select coalesce((select g.grant_kind from private.permission_grants g
                    where g.resource = p_table and g.action = 'read' and g.role = private.my_role_in(p_tenant_id)),
                  'deny')
$$;
comment on function private.sync_read_grant(uuid, text) is 'The caller''s read grant on a synced table in a tenant.';

-- Every row of the caller's tenant in the window, visible to the caller or not (ids and stamps
-- only): the pull joins it with the table under RLS; rows missing from that join are `evict`.
-- Restricted to a tenant the caller belongs to. STABLE: it reads the calling statement's snapshot.
create function private.sync_window(
  p_table text, p_tenant_id uuid, p_lo pg_snapshot, p_hi pg_snapshot, p_after_txid xid8, p_after_id uuid,
  p_limit integer
) returns table (id uuid, txid xid8)
  language plpgsql stable security definer set search_path = ''
as $$
begin
  if p_table not in ('companies', 'contacts') or private.my_role_in(p_tenant_id) is null then
    return;
  end if;
  if p_lo is null then
    -- Initial sync: live rows as of hi.
    return query execute format(
      'select r.id, r._txid from public.%I r
        where r.tenant_id = $1 and (r._txid, r.id) > ($3, $4) and r._txid < pg_snapshot_xmax($2)
          and pg_visible_in_snapshot(r._txid, $2) and r.deleted_at is null
        order by r._txid, r.id limit $5', p_table)
      using p_tenant_id, p_hi, p_after_txid, p_after_id, p_limit;
  else
    return query execute format(
      'select r.id, r._txid from public.%I r
        where r.tenant_id = $1 and (r._txid, r.id) > ($4, $5)
          and r._txid >= pg_snapshot_xmin($2) and r._txid < pg_snapshot_xmax($3)
          and pg_visible_in_snapshot(r._txid, $3) and not pg_visible_in_snapshot(r._txid, $2)
        order by r._txid, r.id limit $6', p_table)
      using p_tenant_id, p_lo, p_hi, greatest(p_after_txid, ((pg_snapshot_xmin(p_lo)::text::numeric - 1)::text)::xid8), p_after_id, p_limit;
  end if;
end;
$$;
comment on function private.sync_window(text, uuid, pg_snapshot, pg_snapshot, xid8, uuid, integer) is
  'Ids and _txid of the caller''s tenant rows in a pull window, in keyset order (no RLS: the pull applies it).';

create function private.encode_sync_cursor(p_cursor jsonb) returns text
  language sql immutable set search_path = ''
as $$ select translate(encode(convert_to(p_cursor::text, 'UTF8'), 'base64'), E'\n', '') $$;

create function private.decode_sync_cursor(p_cursor text) returns jsonb
  language plpgsql immutable set search_path = ''
as $$
begin
  return convert_from(decode(p_cursor, 'base64'), 'UTF8')::jsonb;
exception
  when others then
    return null;
end;
$$;

-- Planner settings: a page is `order by (_txid, id) limit n` on the (tenant_id, _txid, id) index,
-- but the planner underestimates the matching rows (snapshot and RLS filters are opaque to it)
-- and, whenever the limit exceeds its estimate, prefers reading the tenant's whole range and
-- sorting it (a bitmap or sequential scan: 20× slower on 100,000 rows). The walk in index order is
-- always right here, so the other scans are off for this function's statements. JIT is off too:
-- PostgreSQL 17 prices a disabled scan it cannot avoid (a small table without a usable index) at
-- 10^10, above the JIT threshold, and compiling would cost more than these short statements take.
create function public.sync_pull(p_tenant_id uuid, p_cursor text, p_limit integer) returns json
  language plpgsql set search_path = '' set enable_seqscan = off set enable_bitmapscan = off set jit = off
as $$
declare
  uid uuid := (select auth.uid());
  tables constant text[] := array['companies', 'contacts'];
  role text;
  cur jsonb;
  is_reset boolean := false;
  lo pg_snapshot;
  hi pg_snapshot;
  lo_at double precision;
  hi_at double precision;
  table_index integer := 1;
  after_txid xid8 := '0'::xid8;
  after_id uuid := '00000000-0000-0000-0000-000000000000';
  done integer := 0;
  total integer := 0;
  remaining integer;
  tbl text;
  grant_kind text;
  page_changes json;
  row_columns text;
  page_deletes jsonb;
  page_evict jsonb;
  scanned integer;
  last_txid xid8;
  last_id uuid;
  page_rows integer;
  -- One variable per table: large json values are not copied in and out of an array.
  companies_changes json := '[]';
  contacts_changes json := '[]';
  deletes jsonb := '{"companies": [], "contacts": []}';
  evict jsonb := '{"companies": [], "contacts": []}';
  has_more boolean;
  next_cursor jsonb;
  counted integer;
  is_valid boolean := true;
begin
  if uid is null then
    perform private.raise_error('not_authenticated', 401);
  end if;
  if p_tenant_id is null then
    perform private.raise_error('invalid_input', 400, '{"field": "p_tenant_id"}');
  end if;
  if p_limit is null or p_limit < 1 or p_limit > 10000 then
    perform private.raise_error('invalid_input', 400, '{"field": "p_limit"}');
  end if;
  role := private.my_role_in(p_tenant_id);
  if role is null then
    perform private.raise_error('not_a_member', 403);
  end if;

  -- The cursor: validated field by field; anything unexpected is sync_cursor_invalid (400).
  if p_cursor is not null then
    cur := private.decode_sync_cursor(p_cursor);
    begin
      if cur is null or jsonb_typeof(cur) <> 'object' or cur ->> 'v' is distinct from '1'
         or cur ->> 'tn' is distinct from p_tenant_id::text or cur ->> 'u' is distinct from uid::text
         or jsonb_typeof(cur -> 'r') is distinct from 'string'
         or jsonb_typeof(cur -> 't') is distinct from 'number' or (cur ->> 't') not in ('1', '2')
         or jsonb_typeof(cur -> 'x') is distinct from 'string' or (cur ->> 'x') !~ '^[0-9]{1,19}$'
         or jsonb_typeof(cur -> 'i') is distinct from 'string' or not pg_input_is_valid(cur ->> 'i', 'uuid')
         or jsonb_typeof(cur -> 'd') is distinct from 'number' or (cur ->> 'd') !~ '^[0-9]{1,9}$'
         or jsonb_typeof(cur -> 'n') is distinct from 'number' or (cur ->> 'n') !~ '^[0-9]{1,9}$'
         or coalesce(jsonb_typeof(cur -> 'lo'), '') not in ('string', 'null')
         or coalesce(jsonb_typeof(cur -> 'hi'), '') not in ('string', 'null')
         or coalesce(jsonb_typeof(cur -> 'la'), '') not in ('number', 'null')
         or coalesce(jsonb_typeof(cur -> 'ha'), '') not in ('number', 'null')
         or (cur ->> 'lo' is not null and not pg_input_is_valid(cur ->> 'lo', 'pg_snapshot'))
         or (cur ->> 'hi' is not null and not pg_input_is_valid(cur ->> 'hi', 'pg_snapshot'))
         or (cur ->> 'lo' is null and cur ->> 'hi' is null)
         or (cur ->> 'lo' is not null) <> (cur ->> 'la' is not null)
         or (cur ->> 'hi' is not null) <> (cur ->> 'ha' is not null) then
        is_valid := false;
      else
        lo := (cur ->> 'lo')::pg_snapshot;
        hi := (cur ->> 'hi')::pg_snapshot;
        lo_at := (cur ->> 'la')::double precision;
        hi_at := (cur ->> 'ha')::double precision;
        table_index := (cur ->> 't')::integer;
        after_txid := (cur ->> 'x')::xid8;
        after_id := (cur ->> 'i')::uuid;
        done := (cur ->> 'd')::integer;
        total := (cur ->> 'n')::integer;
        -- Snapshots come from this server, in order: nothing from the future, lo before hi.
        if (hi is not null and pg_snapshot_xmax(hi) > pg_snapshot_xmax(pg_current_snapshot()))
           or (lo is not null and pg_snapshot_xmax(lo) > pg_snapshot_xmax(pg_current_snapshot()))
           or (lo is not null and hi is not null and pg_snapshot_xmax(lo) > pg_snapshot_xmax(hi))
           or lo_at > extract(epoch from clock_timestamp()) + 60 then
          is_valid := false;
        end if;
      end if;
    exception
      when others then
        is_valid := false;
    end;
    if not is_valid then
      perform private.raise_error('sync_cursor_invalid', 400);
    end if;
    -- Reset: the caller's role changed (their scope), or tombstones past the horizon may be gone.
    if cur ->> 'r' <> role
       or (lo is not null and lo_at < extract(epoch from now() - private.sync_tombstone_retention())) then
      is_reset := true;
    end if;
  end if;

  if p_cursor is null or is_reset then
    -- A new initial sync: the window (∅, now), with its progress total.
    lo := null;
    lo_at := null;
    hi := null;
    table_index := 1;
    done := 0;
    total := -1;
  end if;
  if hi is null then
    hi := pg_current_snapshot();
    hi_at := extract(epoch from clock_timestamp());
    table_index := 1;
    after_txid := '0'::xid8;
    after_id := '00000000-0000-0000-0000-000000000000';
  end if;

  if lo is null and total < 0 then
    total := 0;
    foreach tbl in array tables loop
      if private.sync_read_grant(p_tenant_id, tbl) <> 'deny' then
        execute format('select count(*)::integer from public.%I r
                         where r.tenant_id = $1 and r.deleted_at is null and r._txid < pg_snapshot_xmax($2)
                           and pg_visible_in_snapshot(r._txid, $2)', tbl)
          into counted using p_tenant_id, hi;
        total := total + counted;
      end if;
    end loop;
  end if;

  remaining := p_limit;
  while table_index <= array_length(tables, 1) and remaining > 0 loop
    tbl := tables[table_index];
    grant_kind := private.sync_read_grant(p_tenant_id, tbl);
    scanned := 0;
    if grant_kind <> 'deny' then
      -- Replicated columns: all but the internal stamp and the tombstone (sent as deletes).
      select string_agg(format('p.%I', a.attname), ', ' order by a.attnum) into row_columns
        from pg_catalog.pg_attribute a
       where a.attrelid = ('public.' || tbl)::regclass and a.attnum > 0 and not a.attisdropped
         and a.attname not in ('_txid', 'deleted_at');
      if lo is null or grant_kind = 'allow' then
        -- Every row of the window the caller may see is visible to them: nothing to evict (an
        -- initial sync has nothing to evict either). One statement, RLS applies; json, not jsonb,
        -- because building jsonb documents costs several times more.
        execute format($q$
          with page as materialized (
            select r.* from public.%I r
             where r.tenant_id = $1 and (r._txid, r.id) > ($4, $5) and r._txid < pg_snapshot_xmax($3)
               and pg_visible_in_snapshot(r._txid, $3)
               and case when $2::pg_snapshot is null then r.deleted_at is null
                        else r._txid >= pg_snapshot_xmin($2) and not pg_visible_in_snapshot(r._txid, $2) end
             order by r._txid, r.id limit $6
          ), last as (
            select p._txid, p.id from page p order by p._txid desc, p.id desc limit 1
          )
          select coalesce((select json_agg(s) from (select %s from page p where p.deleted_at is null) s), '[]'),
                 coalesce((select jsonb_agg(p.id) from page p where p.deleted_at is not null), '[]'),
                 '[]'::jsonb,
                 (select count(*)::integer from page),
                 (select count(*)::integer from page p where p.deleted_at is null),
                 (select l._txid from last l),
                 (select l.id from last l)
          $q$, tbl, row_columns)
          into page_changes, page_deletes, page_evict, scanned, page_rows, last_txid, last_id
          -- Incremental windows start at lo's xmin (every older txid is visible in lo): an index range.
          using p_tenant_id, lo, hi,
                case when lo is null then after_txid
                     else greatest(after_txid, ((pg_snapshot_xmin(lo)::text::numeric - 1)::text)::xid8) end,
                after_id, remaining;
      else
        -- `own` scope: the window's ids (all of the tenant's, private.sync_window) joined with the
        -- rows the caller may see (RLS) in one statement; the ones missing are evicted.
        execute format($q$
          with w as materialized (
            select w.id, w.txid from private.sync_window(%L, $1, $2, $3, $4, $5, $6) w
          ), page as materialized (
            select w.id as window_id, w.txid, r.* from w left join public.%I r on r.id = w.id
          )
          select coalesce((select json_agg(s) from (select %s from page p where p.id is not null and p.deleted_at is null
                                                    order by p.txid, p.window_id) s), '[]'),
                 coalesce((select jsonb_agg(p.id order by p.txid, p.window_id) from page p where p.deleted_at is not null), '[]'),
                 coalesce((select jsonb_agg(p.window_id order by p.txid, p.window_id) from page p where p.id is null), '[]'),
                 (select count(*)::integer from page),
                 (select count(*)::integer from page p where p.id is not null and p.deleted_at is null),
                 (select p.txid from page p order by p.txid desc, p.window_id desc limit 1),
                 (select p.window_id from page p order by p.txid desc, p.window_id desc limit 1)
          $q$, tbl, tbl, row_columns)
          into page_changes, page_deletes, page_evict, scanned, page_rows, last_txid, last_id
          using p_tenant_id, lo, hi, after_txid, after_id, remaining;
      end if;
      if table_index = 1 then
        companies_changes := page_changes;
      else
        contacts_changes := page_changes;
      end if;
      deletes := jsonb_set(deletes, array[tbl], (deletes -> tbl) || page_deletes);
      evict := jsonb_set(evict, array[tbl], (evict -> tbl) || page_evict);
      done := done + page_rows;
    end if;
    if grant_kind <> 'deny' and scanned >= remaining then
      after_txid := last_txid;
      after_id := last_id;
      remaining := 0;
    else
      table_index := table_index + 1;
      after_txid := '0'::xid8;
      after_id := '00000000-0000-0000-0000-000000000000';
      remaining := remaining - scanned;
    end if;
  end loop;

  has_more := table_index <= array_length(tables, 1);
  if has_more then
    next_cursor := jsonb_build_object('v', 1, 'tn', p_tenant_id, 'u', uid, 'r', role,
      'lo', lo::text, 'la', lo_at, 'hi', hi::text, 'ha', hi_at, 't', table_index, 'x', after_txid::text,
      'i', after_id, 'd', done, 'n', total);
  else
    -- Window exhausted: the next pull starts the window (hi, its own snapshot).
    next_cursor := jsonb_build_object('v', 1, 'tn', p_tenant_id, 'u', uid, 'r', role,
      'lo', hi::text, 'la', hi_at, 'hi', null, 'ha', null, 't', 1, 'x', '0',
      'i', '00000000-0000-0000-0000-000000000000', 'd', 0, 'n', 0);
  end if;

  return json_build_object(
    'changes', json_build_object('companies', companies_changes, 'contacts', contacts_changes),
    'deletes', deletes,
    'evict', evict,
    'cursor', private.encode_sync_cursor(next_cursor),
    'has_more', has_more,
    'reset', is_reset,
    'snapshot', case when has_more then null else hi::text end,
    'progress', case when lo is null then json_build_object('done', done, 'total', greatest(total, done)) end);
end;
$$;
comment on function public.sync_pull(uuid, text, integer) is
  'Changes the caller may see in a tenant since a cursor (null: initial sync), one page (docs/sync.md).';

-- Push ---------------------------------------------------------------------------------------------
-- Fields a client may write (shared/crm COMPANY_/CONTACT_WRITABLE_FIELDS; sync-push.pg.test.ts
-- checks they agree).
create function private.sync_writable_fields(p_table text) returns text[]
  language sql immutable set search_path = ''
as $$
  select case p_table
    when 'companies' then array['name', 'siren', 'siret', 'vat_number', 'email', 'phone', 'website', 'address_line1',
      'address_line2', 'postal_code', 'city', 'country', 'sector', 'size', 'tags', 'owner_id', 'notes']
    when 'contacts' then array['first_name', 'last_name', 'email', 'phone', 'mobile', 'company_id', 'job_title',
      'address_line1', 'postal_code', 'city', 'country', 'tags', 'custom_fields', 'consent_marketing',
      'processing_basis', 'owner_id', 'notes']
  end
$$;
comment on function private.sync_writable_fields(text) is 'Columns sync_push lets a client write, per synced table.';

-- Takes (and locks until commit) the client's row, creating it on first use; refuses a client id
-- that belongs to another user or tenant. Returns its last mutation number.
create function private.sync_claim_client(p_client_id uuid, p_tenant_id uuid) returns bigint
  language plpgsql security definer set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  client private.sync_clients;
begin
  insert into private.sync_clients (client_id, user_id, tenant_id) values (p_client_id, uid, p_tenant_id)
  on conflict (client_id) do nothing;
  select * into client from private.sync_clients c where c.client_id = p_client_id for update;
  if client.user_id <> uid or client.tenant_id <> p_tenant_id then
    perform private.raise_error('client_mismatch', 403);
  end if;
  return client.last_mutation_id;
end;
$$;
comment on function private.sync_claim_client(uuid, uuid) is 'Locks (or creates) the caller''s sync client row; client_mismatch when it is someone else''s.';

create function private.sync_stored_results(p_client_id uuid, p_from bigint, p_to bigint) returns jsonb
  language sql stable security definer set search_path = ''
as $$
  select coalesce(jsonb_object_agg(r.mutation_id::text, r.result), '{}')
    from private.sync_mutation_results r
    join private.sync_clients c on c.client_id = r.client_id and c.user_id = (select auth.uid())
   where r.client_id = p_client_id and r.mutation_id between p_from and p_to
$$;
comment on function private.sync_stored_results(uuid, bigint, bigint) is 'Stored results of the caller''s client for a range of mutation numbers.';

create function private.sync_record_results(p_client_id uuid, p_results jsonb, p_last bigint) returns void
  language plpgsql security definer set search_path = ''
as $$
begin
  if not exists (select 1 from private.sync_clients c where c.client_id = p_client_id and c.user_id = (select auth.uid())) then
    perform private.raise_error('client_mismatch', 403);
  end if;
  insert into private.sync_mutation_results (client_id, mutation_id, result)
  select p_client_id, (e ->> 'mutation_id')::bigint, e from jsonb_array_elements(p_results) e;
  update private.sync_clients c set last_mutation_id = p_last, updated_at = now()
   where c.client_id = p_client_id and c.last_mutation_id < p_last;
  -- A bounded history: replays come from the last unacknowledged batch (≤ 500 mutations).
  delete from private.sync_mutation_results r where r.client_id = p_client_id and r.mutation_id <= p_last - 1000;
end;
$$;
comment on function private.sync_record_results(uuid, jsonb, bigint) is 'Stores mutation results and advances the client''s last mutation number.';

-- The field a violated constraint is about: companies_siret_check → siret, contacts_pkey → id.
create function private.sync_constraint_field(p_table text, p_constraint text) returns text
  language sql immutable set search_path = ''
as $$
  select case when p_constraint = p_table || '_pkey' then 'id'
    else regexp_replace(regexp_replace(coalesce(p_constraint, ''), '^' || p_table || '_', ''), '_(check|fkey|key)$', '')
  end
$$;

-- Fields whose JSON value has the wrong type for their column (typed per column from the catalog),
-- for every mutation of a batch in one statement: {"<1-based position>": [field, …]} for the
-- mutations that have some (a delete has no fields). The batch's shape is already checked.
create function private.sync_mistyped_fields(p_mutations jsonb) returns jsonb
  language sql stable set search_path = ''
as $$
  select coalesce(jsonb_object_agg(x.ord::text, x.fields), '{}')
    from (
      select e.ord, to_jsonb(array_agg(f.key order by f.key)) as fields
        from jsonb_array_elements(p_mutations) with ordinality e(mutation, ord)
       cross join lateral jsonb_each(case when e.mutation ->> 'op' = 'delete' then '{}'::jsonb
                                          else coalesce(nullif(e.mutation -> 'fields', 'null'::jsonb), '{}') end) f
        join pg_catalog.pg_attribute a
          on a.attrelid = case e.mutation ->> 'table' when 'companies' then 'public.companies'::regclass
                                                      else 'public.contacts'::regclass end
         and a.attname = f.key and not a.attisdropped
       where jsonb_typeof(f.value) <> 'null'
         and not case a.atttypid
           when 'text'::regtype then jsonb_typeof(f.value) = 'string'
           when 'uuid'::regtype then jsonb_typeof(f.value) = 'string' and pg_input_is_valid(f.value #>> '{}', 'uuid')
           when 'boolean'::regtype then jsonb_typeof(f.value) = 'boolean'
           when 'jsonb'::regtype then jsonb_typeof(f.value) = 'object'
           when 'text[]'::regtype then jsonb_typeof(f.value) = 'array'
             and not exists (select 1 from jsonb_array_elements(f.value) v where jsonb_typeof(v) <> 'string')
           else false
         end
       group by e.ord) x
$$;
comment on function private.sync_mistyped_fields(jsonb) is
  'Per mutation of a batch (1-based position), the fields whose JSON value does not fit their column''s type.';

-- One mutation in its own savepoint, under the caller's RLS (security invoker): NULL when it
-- applied, else the rejection {code, fields}. Permanent errors become rejections; others propagate.
create function private.sync_apply_mutation(
  p_tenant_id uuid, tbl text, op text, row_id uuid, fields jsonb, keys text[]
) returns jsonb
  language plpgsql set search_path = ''
as $$
declare
  result jsonb;
  is_deleted boolean;
  affected integer;
  state text;
  violated text;
  bad_column text;
  error_message text;
begin
  begin
    -- Static statements per table (plans are cached; dynamic SQL cost ~45 % more per mutation).
    -- jsonb_populate_record fills the given fields over a base: the column defaults for an
    -- insert, the current row for an update (field-level merge: other columns keep their value).
    if op = 'insert' then
      if tbl = 'companies' then
        insert into public.companies
        select r.* from jsonb_populate_record(null::public.companies,
          -- Unless the client says otherwise, the creator owns the row (a sales user sees it).
          jsonb_build_object('owner_id', auth.uid()) || '{"country": "FR", "tags": []}'::jsonb || fields
          || jsonb_build_object('id', row_id, 'tenant_id', p_tenant_id, 'created_at', now(), 'updated_at', now())) r;
      else
        insert into public.contacts
        select r.* from jsonb_populate_record(null::public.contacts,
          -- Unless the client says otherwise, the creator owns the row (a sales user sees it).
          jsonb_build_object('owner_id', auth.uid()) || '{"country": "FR", "tags": [], "custom_fields": {}, "consent_marketing": false,
            "processing_basis": "legitimate_interest"}'::jsonb || fields
          || jsonb_build_object('id', row_id, 'tenant_id', p_tenant_id, 'created_at', now(), 'updated_at', now())) r;
      end if;
    else
      -- What the caller sees of the row decides: invisible → not_found, tombstone → deleted.
      if tbl = 'companies' then
        select r.deleted_at is not null into is_deleted from public.companies r
         where r.id = row_id and r.tenant_id = p_tenant_id;
      else
        select r.deleted_at is not null into is_deleted from public.contacts r
         where r.id = row_id and r.tenant_id = p_tenant_id;
      end if;
      if is_deleted is null then
        result := jsonb_build_object('code', 'not_found', 'fields', '[]'::jsonb);
      elsif is_deleted then
        -- Deleting a deleted row achieves the user's intent (two devices deleted the same
        -- contact): applied, so it never lands in "needs attention". Editing it is `deleted`.
        if op <> 'delete' then
          result := jsonb_build_object('code', 'deleted', 'fields', '[]'::jsonb);
        end if;
      elsif op = 'delete' then
        if tbl = 'companies' then
          update public.companies t set deleted_at = now() where t.id = row_id and t.tenant_id = p_tenant_id;
        else
          update public.contacts t set deleted_at = now() where t.id = row_id and t.tenant_id = p_tenant_id;
        end if;
        get diagnostics affected = row_count;
        if affected = 0 then
          result := jsonb_build_object('code', 'forbidden', 'fields', '[]'::jsonb);
        end if;
      elsif cardinality(keys) > 0 then
        if tbl = 'companies' then
          update public.companies t set (name, siren, siret, vat_number, email, phone, website, address_line1, address_line2, postal_code, city, country, sector, size, tags, owner_id, notes)
            = (select r.name, r.siren, r.siret, r.vat_number, r.email, r.phone, r.website, r.address_line1, r.address_line2, r.postal_code, r.city, r.country, r.sector, r.size, r.tags, r.owner_id, r.notes from jsonb_populate_record(t, fields) r)
           where t.id = row_id and t.tenant_id = p_tenant_id;
        else
          update public.contacts t set (first_name, last_name, email, phone, mobile, company_id, job_title, address_line1, postal_code, city, country, tags, custom_fields, consent_marketing, processing_basis, owner_id, notes)
            = (select r.first_name, r.last_name, r.email, r.phone, r.mobile, r.company_id, r.job_title, r.address_line1, r.postal_code, r.city, r.country, r.tags, r.custom_fields, r.consent_marketing, r.processing_basis, r.owner_id, r.notes from jsonb_populate_record(t, fields) r)
           where t.id = row_id and t.tenant_id = p_tenant_id;
        end if;
        get diagnostics affected = row_count;
        if affected = 0 then
          result := jsonb_build_object('code', 'forbidden', 'fields', to_jsonb(keys));
        end if;
      end if;
    end if;
  exception
    when unique_violation then
      get stacked diagnostics violated = constraint_name;
      result := jsonb_build_object('code', 'conflict',
        'fields', jsonb_build_array(private.sync_constraint_field(tbl, violated)));
    when check_violation or foreign_key_violation then
      get stacked diagnostics violated = constraint_name;
      result := jsonb_build_object('code', 'invalid',
        'fields', jsonb_build_array(private.sync_constraint_field(tbl, violated)));
    when not_null_violation then
      get stacked diagnostics bad_column = column_name;
      result := jsonb_build_object('code', 'invalid', 'fields', jsonb_build_array(bad_column));
    when insufficient_privilege then
      result := jsonb_build_object('code', 'forbidden', 'fields', '[]'::jsonb);
    when data_exception then
      result := jsonb_build_object('code', 'invalid', 'fields', to_jsonb(keys));
    when others then
      get stacked diagnostics state = returned_sqlstate, error_message = message_text;
      -- Named refusals of the guards (private.raise_error): PT<status>.
      if state like 'PT4%' then
        result := jsonb_build_object('code', case state when 'PT403' then 'forbidden' when 'PT404' then 'not_found'
          when 'PT409' then 'conflict' else 'invalid' end, 'fields', '[]'::jsonb);
      else
        raise;
      end if;
  end;
  return result;
end;
$$;
comment on function private.sync_apply_mutation(uuid, text, text, uuid, jsonb, text[]) is
  'Applies one sync mutation in a savepoint under RLS; NULL when applied, else the rejection {code, fields}.';

-- A run of mutations of one table and kind (insert, update or delete) on distinct rows, applied
-- set-based: one statement for the run instead of one per mutation (each statement evaluates the
-- RLS policies and their permission lookups once). Rows of a run are independent — distinct ids,
-- each row's permission depends on that row only — so when the statement succeeds every mutation
-- has the effect and the outcome it has one by one. When it fails (a constraint, RLS, a guard),
-- its savepoint is rolled back and the run is split in halves, down to single mutations applied
-- by private.sync_apply_mutation: the results stay exactly those of applying them in order.
-- p_items: [{id, fields, keys}] in batch order; returns one entry per item, NULL when applied.
create function private.sync_apply_run(p_tenant_id uuid, tbl text, op text, p_items jsonb[]) returns jsonb[]
  language plpgsql set search_path = ''
as $$
declare
  n integer := cardinality(p_items);
  outcomes jsonb[];
  ids uuid[];
  seen jsonb;
  pending jsonb[] := '{}';
  pending_index integer[] := '{}';
  -- Also a condition of the statements: the planner then reads these rows by primary key
  -- instead of joining the whole table (it cannot see how few rows unnest() yields).
  pending_ids uuid[] := '{}';
  changed uuid[];
  item jsonb;
  i integer;
  half integer;
  state text;
begin
  if n = 1 then
    item := p_items[1];
    return array[private.sync_apply_mutation(p_tenant_id, tbl, op, (item ->> 'id')::uuid, item -> 'fields',
      array(select jsonb_array_elements_text(item -> 'keys')))];
  end if;
  begin
    if op = 'insert' then
      if tbl = 'companies' then
        insert into public.companies
        select r.* from unnest(p_items) with ordinality e(mutation, ord),
          jsonb_populate_record(null::public.companies,
            jsonb_build_object('owner_id', (select auth.uid())) || '{"country": "FR", "tags": []}'::jsonb || (e.mutation -> 'fields')
            || jsonb_build_object('id', e.mutation -> 'id', 'tenant_id', p_tenant_id, 'created_at', now(), 'updated_at', now())) r
         order by e.ord;
      else
        insert into public.contacts
        select r.* from unnest(p_items) with ordinality e(mutation, ord),
          jsonb_populate_record(null::public.contacts,
            jsonb_build_object('owner_id', (select auth.uid())) || '{"country": "FR", "tags": [], "custom_fields": {}, "consent_marketing": false,
              "processing_basis": "legitimate_interest"}'::jsonb || (e.mutation -> 'fields')
            || jsonb_build_object('id', e.mutation -> 'id', 'tenant_id', p_tenant_id, 'created_at', now(), 'updated_at', now())) r
         order by e.ord;
      end if;
      return array_fill(null::jsonb, array[n]);
    end if;

    -- Updates and deletes: what the caller sees of each row decides, as one by one.
    ids := array(select (e.mutation ->> 'id')::uuid from unnest(p_items) with ordinality e(mutation, ord) order by e.ord);
    if tbl = 'companies' then
      select coalesce(jsonb_object_agg(r.id, r.deleted_at is not null), '{}') into seen
        from public.companies r where r.id = any (ids) and r.tenant_id = p_tenant_id;
    else
      select coalesce(jsonb_object_agg(r.id, r.deleted_at is not null), '{}') into seen
        from public.contacts r where r.id = any (ids) and r.tenant_id = p_tenant_id;
    end if;
    outcomes := array_fill(null::jsonb, array[n]);
    for i in 1 .. n loop
      item := p_items[i];
      if not seen ? (ids[i]::text) then
        outcomes[i] := jsonb_build_object('code', 'not_found', 'fields', '[]'::jsonb);
      elsif (seen -> (ids[i]::text))::boolean then
        if op <> 'delete' then
          outcomes[i] := jsonb_build_object('code', 'deleted', 'fields', '[]'::jsonb);
        end if;
      elsif op = 'delete' or jsonb_array_length(item -> 'keys') > 0 then
        pending := pending || item;
        pending_index := pending_index || i;
        pending_ids := pending_ids || ids[i];
      end if;
    end loop;
    if cardinality(pending_index) > 0 then
      if op = 'delete' then
        if tbl = 'companies' then
          with m as (select (e ->> 'id')::uuid as id from unnest(pending) e),
               u as (update public.companies t set deleted_at = now() from m
                      where t.id = m.id and t.id = any (pending_ids) and t.tenant_id = p_tenant_id returning t.id)
          select array_agg(u.id) into changed from u;
        else
          with m as (select (e ->> 'id')::uuid as id from unnest(pending) e),
               u as (update public.contacts t set deleted_at = now() from m
                      where t.id = m.id and t.id = any (pending_ids) and t.tenant_id = p_tenant_id returning t.id)
          select array_agg(u.id) into changed from u;
        end if;
      elsif tbl = 'companies' then
        with m as (select (e ->> 'id')::uuid as id, e -> 'fields' as fields from unnest(pending) e),
             u as (update public.companies t set (name, siren, siret, vat_number, email, phone, website, address_line1, address_line2, postal_code, city, country, sector, size, tags, owner_id, notes)
                     = (select r.name, r.siren, r.siret, r.vat_number, r.email, r.phone, r.website, r.address_line1, r.address_line2, r.postal_code, r.city, r.country, r.sector, r.size, r.tags, r.owner_id, r.notes from jsonb_populate_record(t, m.fields) r)
                     from m where t.id = m.id and t.id = any (pending_ids) and t.tenant_id = p_tenant_id returning t.id)
        select array_agg(u.id) into changed from u;
      else
        with m as (select (e ->> 'id')::uuid as id, e -> 'fields' as fields from unnest(pending) e),
             u as (update public.contacts t set (first_name, last_name, email, phone, mobile, company_id, job_title, address_line1, postal_code, city, country, tags, custom_fields, consent_marketing, processing_basis, owner_id, notes)
                     = (select r.first_name, r.last_name, r.email, r.phone, r.mobile, r.company_id, r.job_title, r.address_line1, r.postal_code, r.city, r.country, r.tags, r.custom_fields, r.consent_marketing, r.processing_basis, r.owner_id, r.notes from jsonb_populate_record(t, m.fields) r)
                     from m where t.id = m.id and t.id = any (pending_ids) and t.tenant_id = p_tenant_id returning t.id)
        select array_agg(u.id) into changed from u;
      end if;
      -- A row RLS lets the caller see but not change is left alone: forbidden, as one by one.
      if coalesce(cardinality(changed), 0) < cardinality(pending_index) then
        foreach i in array pending_index loop
          if not ids[i] = any (coalesce(changed, '{}')) then
            outcomes[i] := jsonb_build_object('code', 'forbidden',
              'fields', case when op = 'delete' then '[]'::jsonb else p_items[i] -> 'keys' end);
          end if;
        end loop;
      end if;
    end if;
    return outcomes;
  exception
    when unique_violation or check_violation or foreign_key_violation or not_null_violation
         or insufficient_privilege or data_exception then
      null;
    when others then
      get stacked diagnostics state = returned_sqlstate;
      if state not like 'PT4%' then
        raise;
      end if;
  end;
  -- The run failed as a whole (its effects are rolled back): each half on its own.
  half := n / 2;
  return private.sync_apply_run(p_tenant_id, tbl, op, p_items[1:half])
      || private.sync_apply_run(p_tenant_id, tbl, op, p_items[half + 1:n]);
end;
$$;
comment on function private.sync_apply_run(uuid, text, text, jsonb[]) is
  'Applies a run of same-table, same-kind mutations on distinct rows set-based under RLS; on failure halves it, down to one by one.';

create function public.sync_push(p_client_id uuid, p_tenant_id uuid, p_mutations jsonb) returns jsonb
  language plpgsql set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  m jsonb;
  i integer := 0;
  n integer;
  mutation_id bigint;
  previous_id bigint := 0;
  last_id bigint;
  first_new bigint;
  stored jsonb := '{}';
  outcomes jsonb[];
  new_index integer[] := '{}';
  result jsonb;
  tbl text;
  op text;
  row_id uuid;
  fields jsonb;
  keys text[];
  unknown text[];
  mistyped jsonb;
  mistyped_by_position jsonb;
  run_table text;
  run_op text;
  run_ids uuid[] := '{}';
  run_items jsonb[] := '{}';
  run_index integer[] := '{}';
  run_outcomes jsonb[];
  -- An update that sets a company's SIRET runs alone: one statement updating several companies
  -- checks the unique SIRET row by row in physical order, so a swap could pass set-based where,
  -- one by one in batch order, the first update conflicts (found by the differential test).
  isolated boolean;
  run_isolated boolean := false;
  j integer;
  new_last bigint;
  company_fields constant text[] := private.sync_writable_fields('companies');
  contact_fields constant text[] := private.sync_writable_fields('contacts');
begin
  if uid is null then
    perform private.raise_error('not_authenticated', 401);
  end if;
  if p_client_id is null or p_tenant_id is null or p_mutations is null or jsonb_typeof(p_mutations) <> 'array'
     or jsonb_array_length(p_mutations) = 0 then
    perform private.raise_error('sync_batch_invalid', 400, '{"reason": "shape"}');
  end if;
  n := jsonb_array_length(p_mutations);
  if n > 500 then
    perform private.raise_error('sync_batch_too_large', 413, jsonb_build_object('max', 500));
  end if;

  -- The whole batch is well-formed (shared/sync/protocol.ts mutationSchema), in increasing order.
  for m in select e from jsonb_array_elements(p_mutations) e loop
    if jsonb_typeof(m) <> 'object'
       or jsonb_typeof(m -> 'mutation_id') is distinct from 'number' or (m ->> 'mutation_id') !~ '^[1-9][0-9]{0,14}$'
       or jsonb_typeof(m -> 'table') is distinct from 'string' or (m ->> 'table') not in ('companies', 'contacts')
       or jsonb_typeof(m -> 'op') is distinct from 'string' or (m ->> 'op') not in ('insert', 'update', 'delete')
       or jsonb_typeof(m -> 'id') is distinct from 'string'
       or (m ->> 'id') !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
       or coalesce(jsonb_typeof(m -> 'fields'), 'null') not in ('object', 'null') then
      perform private.raise_error('sync_batch_invalid', 400, jsonb_build_object('index', i));
    end if;
    mutation_id := (m ->> 'mutation_id')::bigint;
    if mutation_id <= previous_id then
      perform private.raise_error('sync_batch_invalid', 400, jsonb_build_object('index', i, 'reason', 'order'));
    end if;
    previous_id := mutation_id;
    i := i + 1;
  end loop;

  if private.my_role_in(p_tenant_id) is null then
    perform private.raise_error('not_a_member', 403);
  end if;
  -- Pushes of one tenant apply one after the other: two devices' batches touching the same rows in
  -- different orders never deadlock, and "server order" is the order of these locks.
  perform pg_advisory_xact_lock(hashtextextended('sync_push:' || p_tenant_id::text, 0));
  last_id := private.sync_claim_client(p_client_id, p_tenant_id);

  -- Replays (≤ last) answer their stored result; new mutations continue last + 1, 2, … (no gap).
  select min((e ->> 'mutation_id')::bigint) into first_new
    from jsonb_array_elements(p_mutations) e where (e ->> 'mutation_id')::bigint > last_id;
  if first_new is not null then
    if first_new <> last_id + 1
       or (select max((e ->> 'mutation_id')::bigint) - first_new + 1 from jsonb_array_elements(p_mutations) e
            where (e ->> 'mutation_id')::bigint > last_id)
          <> (select count(*) from jsonb_array_elements(p_mutations) e where (e ->> 'mutation_id')::bigint > last_id) then
      perform private.raise_error('mutation_gap', 409, jsonb_build_object('expected', last_id + 1));
    end if;
  end if;
  if (p_mutations -> 0 ->> 'mutation_id')::bigint <= last_id then
    stored := private.sync_stored_results(p_client_id, (p_mutations -> 0 ->> 'mutation_id')::bigint, last_id);
  end if;
  new_last := last_id;
  outcomes := array_fill(null::jsonb, array[n]);
  mistyped_by_position := private.sync_mistyped_fields(p_mutations);

  -- Replays answer at once; the new mutations are checked (fields known and typed), then applied
  -- in batch order, consecutive ones of the same table and kind on distinct rows as one run
  -- (private.sync_apply_run). A mutation refused before touching the database has no effect, so
  -- it does not interrupt a run.
  i := 0;
  for m in select e from jsonb_array_elements(p_mutations) e loop
    i := i + 1;
    mutation_id := (m ->> 'mutation_id')::bigint;
    if mutation_id <= last_id then
      result := stored -> mutation_id::text;
      outcomes[i] := jsonb_strip_nulls(jsonb_build_object('mutation_id', mutation_id, 'status', 'duplicate',
        'original', coalesce(result ->> 'status', 'applied'), 'code', result -> 'code', 'fields', result -> 'fields'));
      continue;
    end if;
    new_index := new_index || i;
    new_last := mutation_id;

    tbl := m ->> 'table';
    op := m ->> 'op';
    row_id := (m ->> 'id')::uuid;
    fields := case when op = 'delete' then '{}' else coalesce(nullif(m -> 'fields', 'null'::jsonb), '{}') end;
    select coalesce(array_agg(k order by k), '{}') into keys from jsonb_object_keys(fields) k;
    unknown := array(select k from unnest(keys) k
                      where not (k = any (case tbl when 'companies' then company_fields else contact_fields end)));
    result := null;
    if cardinality(unknown) > 0 then
      result := jsonb_build_object('code', 'unknown_field', 'fields', to_jsonb(unknown));
    else
      mistyped := mistyped_by_position -> i::text;
      if mistyped is not null then
        result := jsonb_build_object('code', 'invalid', 'fields', mistyped);
      end if;
    end if;
    if result is not null then
      outcomes[i] := result;
      continue;
    end if;

    isolated := tbl = 'companies' and op = 'update' and 'siret' = any (keys);
    if cardinality(run_index) > 0
       and (tbl <> run_table or op <> run_op or row_id = any (run_ids) or isolated or run_isolated) then
      run_outcomes := private.sync_apply_run(p_tenant_id, run_table, run_op, run_items);
      for j in 1 .. cardinality(run_index) loop
        outcomes[run_index[j]] := run_outcomes[j];
      end loop;
      run_ids := '{}';
      run_items := '{}';
      run_index := '{}';
    end if;
    run_table := tbl;
    run_op := op;
    run_isolated := isolated;
    run_ids := run_ids || row_id;
    run_items := run_items || jsonb_build_object('id', row_id, 'fields', fields, 'keys', to_jsonb(keys));
    run_index := run_index || i;
  end loop;
  if cardinality(run_index) > 0 then
    run_outcomes := private.sync_apply_run(p_tenant_id, run_table, run_op, run_items);
    for j in 1 .. cardinality(run_index) loop
      outcomes[run_index[j]] := run_outcomes[j];
    end loop;
  end if;

  foreach i in array new_index loop
    mutation_id := (p_mutations -> (i - 1) ->> 'mutation_id')::bigint;
    if outcomes[i] is null then
      outcomes[i] := jsonb_build_object('mutation_id', mutation_id, 'status', 'applied');
    else
      outcomes[i] := jsonb_build_object('mutation_id', mutation_id, 'status', 'rejected') || outcomes[i];
    end if;
  end loop;

  if new_last > last_id then
    perform private.sync_record_results(p_client_id,
      to_jsonb(array(select outcomes[k] from unnest(new_index) k)), new_last);
  end if;
  return jsonb_build_object('results', to_jsonb(outcomes), 'txid', pg_current_xact_id()::text, 'last_mutation_id', new_last);
end;
$$;
comment on function public.sync_push(uuid, uuid, jsonb) is
  'Applies a batch of mutations under the caller''s RLS, each in a savepoint; replays answer duplicate, gaps refuse the batch.';

-- Grants -------------------------------------------------------------------------------------------
revoke all on function
  private.sync_tombstone_retention(), private.purge_sync_tombstones(), private.poke_sync_tenants(),
  private.sync_topics(), private.sync_read_grant(uuid, text),
  private.sync_window(text, uuid, pg_snapshot, pg_snapshot, xid8, uuid, integer),
  private.encode_sync_cursor(jsonb), private.decode_sync_cursor(text), private.sync_writable_fields(text),
  private.sync_claim_client(uuid, uuid), private.sync_stored_results(uuid, bigint, bigint),
  private.sync_record_results(uuid, jsonb, bigint), private.sync_constraint_field(text, text),
  private.sync_mistyped_fields(jsonb), private.sync_apply_mutation(uuid, text, text, uuid, jsonb, text[]),
  private.sync_apply_run(uuid, text, text, jsonb[])
  from public, anon;
grant execute on function
  private.sync_tombstone_retention(), private.sync_topics(), private.sync_read_grant(uuid, text),
  private.sync_window(text, uuid, pg_snapshot, pg_snapshot, xid8, uuid, integer),
  private.encode_sync_cursor(jsonb), private.decode_sync_cursor(text), private.sync_writable_fields(text),
  private.sync_claim_client(uuid, uuid), private.sync_stored_results(uuid, bigint, bigint),
  private.sync_record_results(uuid, jsonb, bigint), private.sync_constraint_field(text, text),
  private.sync_mistyped_fields(jsonb), private.poke_sync_tenants(),
  private.sync_apply_mutation(uuid, text, text, uuid, jsonb, text[]), private.sync_apply_run(uuid, text, text, jsonb[])
  to authenticated;
grant execute on all functions in schema private to service_role;

revoke all on function public.sync_pull(uuid, text, integer), public.sync_push(uuid, uuid, jsonb)
  from public, anon, authenticated, service_role;
grant execute on function public.sync_pull(uuid, text, integer), public.sync_push(uuid, uuid, jsonb) to authenticated;
