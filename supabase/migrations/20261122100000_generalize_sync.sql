-- The sync engine (20261122000100_create_sync.sql, docs/sync.md) made generic over a registry of
-- synced tables, so a new table (V1: pipeline stages, opportunities, activities, …) is synced by
-- one call to private.register_sync_table in the migration that creates it. The protocol is
-- unchanged: pull answers one key per registered table the caller may read (changes, deletes,
-- evict), push accepts mutations of any registered table. Table names come from the registry and
-- reach SQL through format('%I') only.
--
-- A registered table has the synced columns (id uuid primary key, tenant_id, created_at,
-- updated_at, deleted_at, _txid stamped by private.stamp_sync_row()), an index on
-- (tenant_id, _txid, id) for the pull's keyset walk, RLS policies for the matrix resource of the
-- same name, and no client DELETE (a delete is a tombstone).

-- Registry -----------------------------------------------------------------------------------------
create table private.sync_tables (
  name text primary key,
  -- Pull order (parents first: a page never holds a child before its parent) and the cursor's
  -- table field ('t'), so a table registered later never shifts a cursor in flight.
  position integer not null unique check (position between 1 and 999999),
  -- Columns sync_push lets a client write (shared/* XXX_WRITABLE_FIELDS).
  writable_fields text[] not null,
  -- Columns an insert that omits them sets to the caller (owner_id: a sales user keeps seeing it).
  caller_default_fields text[] not null default '{}',
  -- An update setting one of these runs alone, never set-based with others (see sync_push).
  isolated_update_fields text[] not null default '{}'
);
comment on table private.sync_tables is
  'Tables replicated by the sync engine (sync_pull / sync_push), in pull order; see private.register_sync_table.';
alter table private.sync_tables enable row level security;
-- Push runs as the caller (security invoker, under RLS) and reads the writable fields; the
-- registry is schema, not data.
grant select on private.sync_tables to authenticated, service_role;
create policy "the sync registry is readable" on private.sync_tables for select to authenticated, service_role
  using (true);

-- Registers a synced table: its registry row and the statement-level Realtime poke triggers
-- (one data-less message per tenant and transaction on tenant:<id>:sync). Run by migrations.
create function private.register_sync_table(
  p_name text, p_position integer, p_writable_fields text[], p_caller_default_fields text[] default '{}',
  p_isolated_update_fields text[] default '{}'
) returns void
  language plpgsql set search_path = ''
as $$
declare
  relation regclass := to_regclass('public.' || quote_ident(p_name));
  missing text[];
begin
  if relation is null then
    raise exception 'register_sync_table: no table public.%', p_name;
  end if;
  missing := array(
    select c from unnest(array['id', 'tenant_id', 'created_at', 'updated_at', 'deleted_at', '_txid']
                         || p_writable_fields || coalesce(p_caller_default_fields, '{}')) c
     where not exists (select 1 from pg_catalog.pg_attribute a
                        where a.attrelid = relation and a.attname = c and a.attnum > 0 and not a.attisdropped));
  if cardinality(missing) > 0 then
    raise exception 'register_sync_table: public.% has no column %', p_name, array_to_string(missing, ', ');
  end if;
  if p_writable_fields && array['id', 'tenant_id', 'created_at', 'updated_at', 'deleted_at', '_txid'] then
    raise exception 'register_sync_table: the synced columns of public.% are the server''s', p_name;
  end if;
  if not coalesce(p_isolated_update_fields, '{}') <@ p_writable_fields then
    raise exception 'register_sync_table: isolated update fields of public.% must be writable', p_name;
  end if;
  insert into private.sync_tables (name, position, writable_fields, caller_default_fields, isolated_update_fields)
  values (p_name, p_position, p_writable_fields, coalesce(p_caller_default_fields, '{}'),
          coalesce(p_isolated_update_fields, '{}'));
  -- Replaces triggers of the same names (companies and contacts had theirs before the registry).
  execute format('drop trigger if exists %I on public.%I', p_name || '_poke_after_insert', p_name);
  execute format('drop trigger if exists %I on public.%I', p_name || '_poke_after_update', p_name);
  execute format('create trigger %I after insert on public.%I referencing new table as changed
                    for each statement execute function private.poke_sync_tenants()', p_name || '_poke_after_insert', p_name);
  execute format('create trigger %I after update on public.%I referencing new table as changed
                    for each statement execute function private.poke_sync_tenants()', p_name || '_poke_after_update', p_name);
  perform private.refresh_sync_functions();
end;
$$;
comment on function private.register_sync_table(text, integer, text[], text[], text[]) is
  'Adds a table to the sync registry (pull order, writable, caller-default and isolated fields) and creates its poke triggers.';

-- The caller's read grant on every registered table of a tenant, in pull order (one lookup for
-- the whole pull instead of one per table).
create function private.sync_read_grants(p_tenant_id uuid)
  returns table (name text, table_position integer, grant_kind text)
  language sql stable security definer set search_path = ''
as $$
  select s.name, s.position, coalesce(g.grant_kind, 'deny')
    from private.sync_tables s
    left join private.permission_grants g
      on g.resource = s.name and g.action = 'read' and g.role = (select private.my_role_in(p_tenant_id))
   order by s.position
$$;
comment on function private.sync_read_grants(uuid) is 'The caller''s read grant on each synced table in a tenant, in pull order.';

-- Realtime poke (unchanged function) and topics -----------------------------------------------------
-- Private topics the caller may listen to: tenants where they read some synced table.
create or replace function private.sync_topics() returns setof text
  language sql stable security definer set search_path = ''
as $$
  select 'tenant:' || r.tenant_id::text || ':sync'
    from private.my_roles() r
   where exists (select 1 from private.permission_grants g join private.sync_tables s on s.name = g.resource
                  where g.role = r.role and g.action = 'read' and g.grant_kind <> 'deny')
   group by r.tenant_id
$$;

-- Tombstone purge: every registered table, children first (reverse pull order).
create or replace function private.purge_sync_tombstones() returns integer
  language plpgsql security definer set search_path = ''
as $$
declare
  horizon timestamptz := now() - private.sync_tombstone_retention();
  tbl text;
  purged integer;
  total integer := 0;
begin
  for tbl in select s.name from private.sync_tables s order by s.position desc loop
    execute format('delete from public.%I r where r.deleted_at < $1', tbl) using horizon;
    get diagnostics purged = row_count;
    total := total + purged;
  end loop;
  return total;
end;
$$;

-- Pull ---------------------------------------------------------------------------------------------
create or replace function private.sync_window(
  p_table text, p_tenant_id uuid, p_lo pg_snapshot, p_hi pg_snapshot, p_after_txid xid8, p_after_id uuid,
  p_limit integer
) returns table (id uuid, txid xid8)
  language plpgsql stable security definer set search_path = ''
as $$
begin
  if not exists (select 1 from private.sync_tables s where s.name = p_table)
     or private.my_role_in(p_tenant_id) is null then
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

-- Planner settings: see 20261122000100_create_sync.sql (index-order walk forced, JIT off).
-- The cursor's table field 't' is the registry position of the table the page resumes at.
create or replace function public.sync_pull(p_tenant_id uuid, p_cursor text, p_limit integer) returns json
  language plpgsql set search_path = '' set enable_seqscan = off set enable_bitmapscan = off set jit = off
as $$
declare
  uid uuid := (select auth.uid());
  tables text[];
  positions integer[];
  grants text[];
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
  -- Per table (registry order); json, not jsonb: building jsonb documents costs several times more.
  changes json[];
  changes_out json;
  deletes jsonb := '{}';
  evict jsonb := '{}';
  has_more boolean;
  next_cursor jsonb;
  counted integer;
  is_valid boolean := true;
  i integer;
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
  select array_agg(g.name order by g.table_position), array_agg(g.table_position order by g.table_position),
         array_agg(g.grant_kind order by g.table_position)
    into tables, positions, grants
    from private.sync_read_grants(p_tenant_id) g;
  changes := array_fill(null::json, array[coalesce(cardinality(tables), 0)]);

  -- The cursor: validated field by field; anything unexpected is sync_cursor_invalid (400).
  if p_cursor is not null then
    cur := private.decode_sync_cursor(p_cursor);
    begin
      if cur is null or jsonb_typeof(cur) <> 'object' or cur ->> 'v' is distinct from '1'
         or cur ->> 'tn' is distinct from p_tenant_id::text or cur ->> 'u' is distinct from uid::text
         or jsonb_typeof(cur -> 'r') is distinct from 'string'
         or jsonb_typeof(cur -> 't') is distinct from 'number' or (cur ->> 't') !~ '^[0-9]{1,6}$'
         or not (cur ->> 't')::integer = any (positions)
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
        table_index := array_position(positions, (cur ->> 't')::integer);
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
    for i in 1 .. cardinality(tables) loop
      if grants[i] <> 'deny' then
        execute format('select count(*)::integer from public.%I r
                         where r.tenant_id = $1 and r.deleted_at is null and r._txid < pg_snapshot_xmax($2)
                           and pg_visible_in_snapshot(r._txid, $2)', tables[i])
          into counted using p_tenant_id, hi;
        total := total + counted;
      end if;
    end loop;
  end if;

  remaining := p_limit;
  while table_index <= cardinality(tables) and remaining > 0 loop
    tbl := tables[table_index];
    grant_kind := grants[table_index];
    scanned := 0;
    if grant_kind <> 'deny' then
      -- Replicated columns: all but the internal stamp and the tombstone (sent as deletes).
      select string_agg(format('p.%I', a.attname), ', ' order by a.attnum) into row_columns
        from pg_catalog.pg_attribute a
       where a.attrelid = ('public.' || quote_ident(tbl))::regclass and a.attnum > 0 and not a.attisdropped
         and a.attname not in ('_txid', 'deleted_at');
      if lo is null or grant_kind = 'allow' then
        -- Every row of the window the caller may see is visible to them: nothing to evict (an
        -- initial sync has nothing to evict either). One statement, RLS applies.
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
        -- `own`/`assigned` scope: the window's ids (all of the tenant's, private.sync_window)
        -- joined with the rows the caller may see (RLS) in one statement; the ones missing are evicted.
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
      -- A table is visited once per page: no concatenation of large values.
      changes[table_index] := page_changes;
      deletes := deletes || jsonb_build_object(tbl, page_deletes);
      evict := evict || jsonb_build_object(tbl, page_evict);
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

  -- One key per table the caller may read ([] when the page holds nothing of it), in pull order
  -- (the order of the series: no ORDER BY, which would sort, hence copy, the large values).
  select coalesce(json_object_agg(tables[k], coalesce(changes[k], '[]'::json)), '{}'::json),
         coalesce(jsonb_object_agg(tables[k], coalesce(deletes -> tables[k], '[]'::jsonb)), '{}'::jsonb),
         coalesce(jsonb_object_agg(tables[k], coalesce(evict -> tables[k], '[]'::jsonb)), '{}'::jsonb)
    into changes_out, deletes, evict
    from generate_series(1, coalesce(cardinality(tables), 0)) k
   where grants[k] <> 'deny';

  has_more := table_index <= cardinality(tables);
  if has_more then
    next_cursor := jsonb_build_object('v', 1, 'tn', p_tenant_id, 'u', uid, 'r', role,
      'lo', lo::text, 'la', lo_at, 'hi', hi::text, 'ha', hi_at, 't', positions[table_index], 'x', after_txid::text,
      'i', after_id, 'd', done, 'n', total);
  else
    -- Window exhausted: the next pull starts the window (hi, its own snapshot).
    next_cursor := jsonb_build_object('v', 1, 'tn', p_tenant_id, 'u', uid, 'r', role,
      'lo', hi::text, 'la', hi_at, 'hi', null, 'ha', null, 't', positions[1], 'x', '0',
      'i', '00000000-0000-0000-0000-000000000000', 'd', 0, 'n', 0);
  end if;

  return json_build_object(
    'changes', changes_out,
    'deletes', deletes,
    'evict', evict,
    'cursor', private.encode_sync_cursor(next_cursor),
    'has_more', has_more,
    'reset', is_reset,
    'snapshot', case when has_more then null else hi::text end,
    'progress', case when lo is null then json_build_object('done', done, 'total', greatest(total, done)) end);
end;
$$;

-- Push ---------------------------------------------------------------------------------------------
create or replace function private.sync_writable_fields(p_table text) returns text[]
  language sql stable set search_path = ''
as $$
  select s.writable_fields from private.sync_tables s where s.name = p_table
$$;

-- The field a violated constraint is about: companies_siret_check → siret, contacts_pkey → id;
-- also a constraint raised by a trigger (no pg_constraint row), named <table>_<column>_check.
-- When the name does not name a writable column, the constraint's only writable column.
create or replace function private.sync_constraint_field(p_table text, p_constraint text) returns text
  language sql stable set search_path = ''
as $$
  with derived as (
    select case when p_constraint = p_table || '_pkey' then 'id'
      else regexp_replace(regexp_replace(coalesce(p_constraint, ''), '^' || p_table || '_', ''), '_(check|fkey|key)$', '')
    end as field
  )
  select coalesce(
    (select d.field from private.sync_tables s where s.name = p_table and d.field = any (s.writable_fields)),
    (select min(a.attname)::text from pg_catalog.pg_constraint c
       join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
       join private.sync_tables s on s.name = p_table and a.attname = any (s.writable_fields)
      where c.conrelid = to_regclass('public.' || quote_ident(p_table)) and c.conname = p_constraint
     having count(*) = 1),
    d.field)
    from derived d
$$;

-- Fields whose JSON value has the wrong type for their column (typed per column from the catalog),
-- for every mutation of a batch in one statement: {"<1-based position>": [field, …]} for the
-- mutations that have some (a delete has no fields). The batch's shape is already checked.
-- json/jsonb columns take objects; numbers must fit the column (integer, bigint, …); strings
-- must parse as the column's type (uuid, date, timestamptz, …); arrays check each element.
create or replace function private.sync_mistyped_fields(p_mutations jsonb) returns jsonb
  language sql stable set search_path = ''
as $$
  select coalesce(jsonb_object_agg(x.ord::text, x.fields), '{}')
    from (
      select e.ord, to_jsonb(array_agg(f.key order by f.key)) as fields
        from jsonb_array_elements(p_mutations) with ordinality e(mutation, ord)
       cross join lateral jsonb_each(case when e.mutation ->> 'op' = 'delete' then '{}'::jsonb
                                          else coalesce(nullif(e.mutation -> 'fields', 'null'::jsonb), '{}') end) f
        join pg_catalog.pg_attribute a
          on a.attrelid = to_regclass('public.' || quote_ident(e.mutation ->> 'table'))
         and a.attname = f.key and a.attnum > 0 and not a.attisdropped
        join pg_catalog.pg_type t on t.oid = a.atttypid
        left join pg_catalog.pg_type et on et.oid = t.typelem and t.typcategory = 'A'
       where jsonb_typeof(f.value) <> 'null'
         and not case
           when a.atttypid = 'text'::regtype then jsonb_typeof(f.value) = 'string'
           when a.atttypid in ('jsonb'::regtype, 'json'::regtype) then jsonb_typeof(f.value) = 'object'
           when t.typcategory = 'B' then jsonb_typeof(f.value) = 'boolean'
           when t.typcategory = 'N' then jsonb_typeof(f.value) = 'number'
             and pg_input_is_valid(f.value::text, format_type(a.atttypid, a.atttypmod))
           when t.typcategory = 'A' then jsonb_typeof(f.value) = 'array'
             and not exists (
               select 1 from jsonb_array_elements(f.value) v
                where not case
                  when et.oid = 'text'::regtype then jsonb_typeof(v) = 'string'
                  when et.typcategory = 'B' then jsonb_typeof(v) = 'boolean'
                  when et.typcategory = 'N' then jsonb_typeof(v) = 'number'
                    and pg_input_is_valid(v::text, format_type(et.oid, null))
                  else jsonb_typeof(v) = 'string' and pg_input_is_valid(v #>> '{}', format_type(et.oid, null))
                end)
           else jsonb_typeof(f.value) = 'string'
             and pg_input_is_valid(f.value #>> '{}', format_type(a.atttypid, a.atttypmod))
         end
       group by e.ord) x
$$;

-- Applying mutations: generated per registered table --------------------------------------------
-- private.sync_apply_mutation (one mutation) and private.sync_apply_run (a set-based run) keep one
-- static statement per table and kind, as when they were written for companies and contacts:
-- PL/pgSQL caches the plan of a static statement for the session, where dynamic SQL would plan
-- every call again (RLS policies included: ~45 % more per mutation, 3× on one-by-one batches).
-- So their bodies are generated from the registry by private.refresh_sync_functions(), which
-- private.register_sync_table calls; call it again after changing a synced table's columns or
-- defaults. A field the client omits on insert gets its column's default (the expression is copied
-- from the catalog), a caller-default field the caller; the server sets id, tenant_id, created_at
-- and updated_at; an update writes the given fields over the current row (field-level merge).

-- The generated templates' per-table CASE branches; '@F' stands for the mutation's fields.
create function private.sync_insert_columns(p_table text)
  returns table (column_list text, value_list text)
  language sql stable set search_path = ''
as $$
  select coalesce(string_agg(format(', %I', a.attname), '' order by a.attnum), ''),
         coalesce(string_agg(case
           when a.attname = any (s.caller_default_fields)
             then format(', case when (@F) ? %L then r.%I else (select auth.uid()) end', a.attname, a.attname)
           when d.adbin is not null
             then format(', case when (@F) ? %L then r.%I else (%s) end', a.attname, a.attname,
                         pg_catalog.pg_get_expr(d.adbin, d.adrelid))
           else format(', r.%I', a.attname)
         end, '' order by a.attnum), '')
    from private.sync_tables s
    join pg_catalog.pg_attribute a
      on a.attrelid = to_regclass('public.' || quote_ident(s.name)) and a.attnum > 0 and not a.attisdropped
     and (a.attname = any (s.writable_fields) or a.attname = any (s.caller_default_fields))
    left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
   where s.name = p_table
$$;
comment on function private.sync_insert_columns(text) is
  'Generation helper: the column list and value expressions of a sync insert (@F = the fields).';

create function private.refresh_sync_functions() returns void
  language plpgsql set search_path = ''
as $gen$
declare
  s record;
  cols record;
  set_list text;
  get_list text;
  insert_one text := '';
  insert_run text := '';
  select_one text := '';
  delete_one text := '';
  update_one text := '';
  seen_run text := '';
  delete_run text := '';
  update_run text := '';
  body text;
begin
  for s in select t.name, t.writable_fields from private.sync_tables t order by t.position loop
    select * into cols from private.sync_insert_columns(s.name);
    select string_agg(format('%I', f), ', ' order by o), string_agg(format('r.%I', f), ', ' order by o)
      into set_list, get_list from unnest(s.writable_fields) with ordinality w(f, o);
    insert_one := insert_one || format($b$
        when %L then
          insert into public.%I (id, tenant_id, created_at, updated_at%s)
          select row_id, p_tenant_id, now(), now()%s from jsonb_populate_record(null::public.%I, fields) r;$b$,
      s.name, s.name, cols.column_list, replace(cols.value_list, '@F', 'fields'), s.name);
    insert_run := insert_run || format($b$
        when %L then
          insert into public.%I (id, tenant_id, created_at, updated_at%s)
          select (e.mutation ->> 'id')::uuid, p_tenant_id, now(), now()%s
            from unnest(p_items) with ordinality e(mutation, ord),
                 jsonb_populate_record(null::public.%I, e.mutation -> 'fields') r
           order by e.ord;$b$,
      s.name, s.name, cols.column_list, replace(cols.value_list, '@F', 'e.mutation -> ''fields'''), s.name);
    select_one := select_one || format($b$
        when %L then
          select r.deleted_at is not null into is_deleted from public.%I r where r.id = row_id and r.tenant_id = p_tenant_id;$b$,
      s.name, s.name);
    delete_one := delete_one || format($b$
        when %L then
          update public.%I t set deleted_at = now() where t.id = row_id and t.tenant_id = p_tenant_id;$b$,
      s.name, s.name);
    seen_run := seen_run || format($b$
      when %L then
        select coalesce(jsonb_object_agg(r.id, r.deleted_at is not null), '{}') into seen
          from public.%I r where r.id = any (ids) and r.tenant_id = p_tenant_id;$b$,
      s.name, s.name);
    delete_run := delete_run || format($b$
        when %L then
          with m as (select (e ->> 'id')::uuid as id from unnest(pending) e),
               u as (update public.%I t set deleted_at = now() from m
                      where t.id = m.id and t.id = any (pending_ids) and t.tenant_id = p_tenant_id returning t.id)
          select array_agg(u.id) into changed from u;$b$,
      s.name, s.name);
    if set_list is null then
      -- Nothing writable: every update is refused as unknown_field before it gets here.
      update_one := update_one || format($b$
        when %L then
          null;$b$, s.name);
      update_run := update_run || format($b$
        when %L then
          null;$b$, s.name);
    else
      update_one := update_one || format($b$
        when %L then
          update public.%I t set (%s) = (select %s from jsonb_populate_record(t, fields) r)
           where t.id = row_id and t.tenant_id = p_tenant_id;$b$,
        s.name, s.name, set_list, get_list);
      update_run := update_run || format($b$
        when %L then
          with m as (select (e ->> 'id')::uuid as id, e -> 'fields' as fields from unnest(pending) e),
               u as (update public.%I t set (%s) = (select %s from jsonb_populate_record(t, m.fields) r)
                       from m where t.id = m.id and t.id = any (pending_ids) and t.tenant_id = p_tenant_id returning t.id)
          select array_agg(u.id) into changed from u;$b$,
        s.name, s.name, set_list, get_list);
    end if;
  end loop;

  body := $tpl$
-- One mutation in its own savepoint, under the caller's RLS (security invoker): NULL when it
-- applied, else the rejection {code, fields}. Permanent errors become rejections; others propagate.
-- GENERATED by private.refresh_sync_functions() from the sync registry: do not edit.
create or replace function private.sync_apply_mutation(
  p_tenant_id uuid, tbl text, op text, row_id uuid, fields jsonb, keys text[]
) returns jsonb
  language plpgsql set search_path = ''
as $fn$
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
    if op = 'insert' then
      case tbl @INSERT_ONE@
      end case;
    else
      -- What the caller sees of the row decides: invisible → not_found, tombstone → deleted.
      case tbl @SELECT_ONE@
      end case;
      if is_deleted is null then
        result := jsonb_build_object('code', 'not_found', 'fields', '[]'::jsonb);
      elsif is_deleted then
        -- Deleting a deleted row achieves the user's intent (two devices deleted the same
        -- contact): applied, so it never lands in "needs attention". Editing it is `deleted`.
        if op <> 'delete' then
          result := jsonb_build_object('code', 'deleted', 'fields', '[]'::jsonb);
        end if;
      elsif op = 'delete' then
        case tbl @DELETE_ONE@
        end case;
        get diagnostics affected = row_count;
        if affected = 0 then
          result := jsonb_build_object('code', 'forbidden', 'fields', '[]'::jsonb);
        end if;
      elsif cardinality(keys) > 0 then
        case tbl @UPDATE_ONE@
        end case;
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
$fn$;
$tpl$;
  body := replace(body, '@INSERT_ONE@', insert_one);
  body := replace(body, '@SELECT_ONE@', select_one);
  body := replace(body, '@DELETE_ONE@', delete_one);
  body := replace(body, '@UPDATE_ONE@', update_one);
  execute body;

  body := $tpl$
-- A run of mutations of one table and kind (insert, update or delete) on distinct rows, applied
-- set-based: one statement for the run instead of one per mutation (each statement evaluates the
-- RLS policies and their permission lookups once). Rows of a run are independent — distinct ids,
-- each row's permission depends on that row only — so when the statement succeeds every mutation
-- has the effect and the outcome it has one by one. When it fails (a constraint, RLS, a guard),
-- its savepoint is rolled back and the run is split in halves, down to single mutations applied
-- by private.sync_apply_mutation: the results stay exactly those of applying them in order.
-- p_items: [{id, fields, keys}] in batch order; returns one entry per item, NULL when applied.
-- GENERATED by private.refresh_sync_functions() from the sync registry: do not edit.
create or replace function private.sync_apply_run(p_tenant_id uuid, tbl text, op text, p_items jsonb[]) returns jsonb[]
  language plpgsql set search_path = ''
as $fn$
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
      case tbl @INSERT_RUN@
      end case;
      return array_fill(null::jsonb, array[n]);
    end if;

    -- Updates and deletes: what the caller sees of each row decides, as one by one.
    ids := array(select (e.mutation ->> 'id')::uuid from unnest(p_items) with ordinality e(mutation, ord) order by e.ord);
    case tbl @SEEN_RUN@
    end case;
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
        case tbl @DELETE_RUN@
        end case;
      else
        case tbl @UPDATE_RUN@
        end case;
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
$fn$;
$tpl$;
  body := replace(body, '@INSERT_RUN@', insert_run);
  body := replace(body, '@SEEN_RUN@', seen_run);
  body := replace(body, '@DELETE_RUN@', delete_run);
  body := replace(body, '@UPDATE_RUN@', update_run);
  execute body;
end;
$gen$;
comment on function private.refresh_sync_functions() is
  'Regenerates private.sync_apply_mutation / sync_apply_run from the sync registry (register_sync_table calls it).';

create or replace function public.sync_push(p_client_id uuid, p_tenant_id uuid, p_mutations jsonb) returns jsonb
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
  -- An update that sets an isolated field (a company's SIRET) runs alone: one statement updating
  -- several companies checks the unique SIRET row by row in physical order, so a swap could pass
  -- set-based where, one by one in batch order, the first update conflicts (found by the
  -- differential test).
  isolated boolean;
  run_isolated boolean := false;
  j integer;
  new_last bigint;
  -- {table: {"w": writable fields, "i": isolated update fields}}
  registry jsonb;
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
  select coalesce(jsonb_object_agg(s.name, jsonb_build_object('w', to_jsonb(s.writable_fields),
                                                              'i', to_jsonb(s.isolated_update_fields))), '{}')
    into registry from private.sync_tables s;

  -- The whole batch is well-formed (shared/sync/protocol.ts mutationSchema), in increasing order.
  for m in select e from jsonb_array_elements(p_mutations) e loop
    if jsonb_typeof(m) <> 'object'
       or jsonb_typeof(m -> 'mutation_id') is distinct from 'number' or (m ->> 'mutation_id') !~ '^[1-9][0-9]{0,14}$'
       or jsonb_typeof(m -> 'table') is distinct from 'string' or not registry ? (m ->> 'table')
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
    unknown := array(select k from unnest(keys) k where not registry -> tbl -> 'w' ? k);
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

    isolated := op = 'update' and registry -> tbl -> 'i' ?| keys;
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

-- The F3 tables (their poke triggers, created before the registry, are replaced by the same ones).
select private.register_sync_table('companies', 1,
  array['name', 'siren', 'siret', 'vat_number', 'email', 'phone', 'website', 'address_line1', 'address_line2',
        'postal_code', 'city', 'country', 'sector', 'size', 'tags', 'owner_id', 'notes'],
  array['owner_id'], array['siret']);
select private.register_sync_table('contacts', 2,
  array['first_name', 'last_name', 'email', 'phone', 'mobile', 'company_id', 'job_title', 'address_line1',
        'postal_code', 'city', 'country', 'tags', 'custom_fields', 'consent_marketing', 'processing_basis',
        'owner_id', 'notes'],
  array['owner_id']);

-- Grants -------------------------------------------------------------------------------------------
revoke all on function
  private.register_sync_table(text, integer, text[], text[], text[]), private.sync_read_grants(uuid),
  private.sync_insert_columns(text), private.refresh_sync_functions()
  from public, anon, authenticated;
grant execute on function private.sync_read_grants(uuid) to authenticated, service_role;
