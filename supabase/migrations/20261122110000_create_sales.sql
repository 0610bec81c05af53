-- V1 field sales: pipeline stages, opportunities and their stage history, activities, tasks,
-- comments, notifications and scoring models — all synced through the F3 engine (docs/sync.md),
-- registered in private.sync_tables (20261122100000_generalize_sync.sql) at positions 3..10.
-- CHECK constraints mirror the zod rules of shared/sales (supabase/tests/sales-constraints.pg.test.ts
-- runs the same edge cases through both) and are named <table>_<field>_check so that sync_push
-- names the offending field. RLS reads the permission matrix; each resource is its table's name.
--
-- Trigger conventions (BEFORE triggers fire in name order, then RLS checks the new row, then AFTER
-- triggers fire):
--   <table>_a_*  BEFORE, invoker: server-set columns, what API callers may not forge;
--   <table>_z_*  BEFORE, invoker: the common sync stamps (private.stamp_sync_row);
--   <table>_check_* AFTER, invoker: rules that raise. They run only for writes RLS accepted, so a
--                write the matrix refuses is always refused by RLS (42501), never by a rule, and
--                under the caller's RLS, so "the linked record exists" means "exists for the caller";
--   <table>_effects_* AFTER, security definer: rows the server writes on the caller's behalf
--                (stage history, system activities, notifications, last_contacted_at). They only
--                follow a write RLS accepted and never copy anything the caller could not read.

-- Contacts gain server-written scores, and a (tenant_id, id) key for same-tenant foreign keys ----
alter table public.contacts
  add column score smallint constraint contacts_score_check check (score between 0 and 100),
  add column score_explanation jsonb
    constraint contacts_score_explanation_check check (jsonb_typeof(score_explanation) = 'object'),
  add column scored_at timestamptz,
  add constraint contacts_tenant_id_id_key unique (tenant_id, id);

-- Common stamps of synced rows without an owner_id (private.stamp_sync_row checks the owner, which
-- these tables do not have): _txid, updated_at, unforgeable server columns, immutable id and tenant,
-- tombstones that change nothing else.
create function private.stamp_unowned_sync_row() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if private.is_api_caller() then
      new.created_at := now();
      new.updated_at := now();
      new.deleted_at := null;
    end if;
  else
    if new.id <> old.id or new.tenant_id <> old.tenant_id then
      perform private.raise_error('immutable_field', 400);
    end if;
    if old.deleted_at is null and new.deleted_at is not null and private.is_api_caller() then
      new := old;
      new.deleted_at := now();
    end if;
    new.created_at := old.created_at;
    new.updated_at := now();
  end if;
  new._txid := pg_current_xact_id();
  return new;
end;
$$;
comment on function private.stamp_unowned_sync_row() is
  'Synced rows without owner_id: _txid, updated_at, server columns unforgeable, tombstones change nothing else.';

-- Same-tenant links the caller can read (RLS applies: security invoker). Arguments: pairs
-- '<column>:<table>'; a link is checked when it is set or changed. A missing or invisible row is a
-- foreign key violation on <table>_<column>_fkey, which sync_push reports on that field.
create function private.check_visible_links() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  pair text;
  col text;
  target text;
  new_value uuid;
  is_visible boolean;
begin
  if not private.is_api_caller() or new.deleted_at is not null then
    return null;
  end if;
  foreach pair in array tg_argv loop
    col := split_part(pair, ':', 1);
    target := split_part(pair, ':', 2);
    new_value := (to_jsonb(new) ->> col)::uuid;
    if new_value is not null and (tg_op = 'INSERT' or new_value is distinct from (to_jsonb(old) ->> col)::uuid) then
      execute format('select exists (select 1 from public.%I r where r.id = $1 and r.tenant_id = $2 and r.deleted_at is null)',
                     target)
        into is_visible using new_value, new.tenant_id;
      if not is_visible then
        raise exception using errcode = 'foreign_key_violation', constraint = tg_table_name || '_' || col || '_fkey',
          message = format('%s %s is not a live %s row the caller can read', col, new_value, target);
      end if;
    end if;
  end loop;
  return null;
end;
$$;
comment on function private.check_visible_links() is
  'AFTER trigger: the records a row links to (argv column:table pairs) exist, live, for the caller.';

-- Mentions (mentionsSchema): at most 20 user ids, each once, no null.
create function private.are_valid_mentions(p_ids uuid[]) returns boolean
  language sql immutable parallel safe set search_path = ''
as $$
  select p_ids is not null
     and coalesce(array_ndims(p_ids), 1) = 1
     and cardinality(p_ids) <= 20
     and array_position(p_ids, null) is null
     and (select count(distinct m) from unnest(p_ids) m) = cardinality(p_ids)
$$;
comment on function private.are_valid_mentions(uuid[]) is 'At most 20 distinct user ids, none null.';

-- Pipeline stages ------------------------------------------------------------------------------------
create table public.pipeline_stages (
  -- Default stages are created by the server (v4 ids); clients send UUIDv7 ids.
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  key text constraint pipeline_stages_key_check
    check (key in ('prospect', 'contact', 'interest', 'demo', 'proposal', 'won', 'lost')),
  -- A stage without a key (one a client created) needs a name.
  name text constraint pipeline_stages_name_check check (private.is_clean_text(name, 60) and (key is not null or name is not null)),
  position integer not null constraint pipeline_stages_position_check check (position between 0 and 1000),
  probability integer not null constraint pipeline_stages_probability_check check (probability between 0 and 100),
  kind text not null constraint pipeline_stages_kind_check check (kind in ('open', 'won', 'lost')),
  color text constraint pipeline_stages_color_check check (color ~ '^#[0-9a-f]{6}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  constraint pipeline_stages_tenant_id_id_key unique (tenant_id, id)
);
comment on table public.pipeline_stages is 'Columns of the sales pipeline; seven defaults per tenant. Synced (docs/sync.md).';
create unique index pipeline_stages_key_key on public.pipeline_stages (tenant_id, key) where key is not null and deleted_at is null;

-- Opportunities -------------------------------------------------------------------------------------
create table public.opportunities (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  title text not null constraint opportunities_title_check check (title <> '' and private.is_clean_text(title, 200)),
  company_id uuid,
  contact_id uuid,
  amount_cents bigint not null default 0
    constraint opportunities_amount_cents_check check (amount_cents between 0 and 10000000000000),
  currency text not null default 'EUR' constraint opportunities_currency_check check (currency ~ '^[A-Z]{3}$'),
  stage_id uuid not null,
  probability integer constraint opportunities_probability_check check (probability between 0 and 100),
  expected_close_date date
    constraint opportunities_expected_close_date_check check (expected_close_date between '1900-01-01' and '9999-12-31'),
  owner_id uuid references auth.users (id) on delete set null,
  source text constraint opportunities_source_check
    check (source in ('website', 'referral', 'cold_call', 'event', 'partner', 'inbound', 'other')),
  next_step text constraint opportunities_next_step_check check (private.is_clean_text(next_step, 500)),
  -- Required in a lost stage: checked by trigger (the stage is another row), reported as
  -- opportunities_loss_reason_check too.
  loss_reason text constraint opportunities_loss_reason_check check (private.is_clean_text(loss_reason, 500)),
  tags text[] not null default '{}' constraint opportunities_tags_check check (private.are_valid_tags(tags)),
  notes text constraint opportunities_notes_check check (private.is_clean_text(notes, 10000)),
  stage_entered_at timestamptz not null default now(),
  closed_at timestamptz,
  score smallint constraint opportunities_score_check check (score between 0 and 100),
  score_explanation jsonb
    constraint opportunities_score_explanation_check check (jsonb_typeof(score_explanation) = 'object'),
  scored_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  constraint opportunities_tenant_id_id_key unique (tenant_id, id),
  -- Same tenant. Purging a company or contact (tombstones only) clears the link and re-stamps the
  -- opportunity. A stage is only tombstoned once no live opportunity is in it, and the purge
  -- removes children (opportunities) before parents (stages).
  constraint opportunities_company_id_fkey foreign key (tenant_id, company_id)
    references public.companies (tenant_id, id) on delete set null (company_id),
  constraint opportunities_contact_id_fkey foreign key (tenant_id, contact_id)
    references public.contacts (tenant_id, id) on delete set null (contact_id),
  constraint opportunities_stage_id_fkey foreign key (tenant_id, stage_id) references public.pipeline_stages (tenant_id, id)
);
comment on table public.opportunities is 'Sales opportunities (the pipeline); amounts in integer cents. Synced (docs/sync.md).';

-- Stage history (server-written) -----------------------------------------------------------------------
create table public.opportunity_stage_history (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  opportunity_id uuid not null,
  -- Stage ids without foreign keys: the history outlives a purged stage (the UI shows it as a
  -- deleted stage); only the server writes these rows, from a checked opportunity row.
  from_stage_id uuid,
  to_stage_id uuid not null,
  changed_by uuid references auth.users (id) on delete set null,
  changed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  constraint opportunity_stage_history_opportunity_id_fkey foreign key (tenant_id, opportunity_id)
    references public.opportunities (tenant_id, id) on delete cascade
);
comment on table public.opportunity_stage_history is
  'One row per entry of an opportunity into a stage (server clock, server-written). Synced (docs/sync.md).';

-- Activities ------------------------------------------------------------------------------------------
create table public.activities (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  kind text not null constraint activities_kind_check
    check (kind in ('call', 'email', 'meeting', 'note', 'visit', 'stage_change', 'created')),
  outcome text constraint activities_outcome_check
    check (outcome in ('reached', 'voicemail', 'call_back', 'not_interested', 'done', 'no_show')),
  duration_minutes integer constraint activities_duration_minutes_check check (duration_minutes between 0 and 1440),
  occurred_at timestamptz not null default now(),
  subject text constraint activities_subject_check check (private.is_clean_text(subject, 200)),
  body text constraint activities_body_check check (private.is_clean_text(body, 10000)),
  -- At least one link when created (trigger: a purge may later clear the only one).
  company_id uuid,
  contact_id uuid,
  opportunity_id uuid,
  details jsonb constraint activities_details_check check (jsonb_typeof(details) = 'object'),
  owner_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  constraint activities_company_id_fkey foreign key (tenant_id, company_id)
    references public.companies (tenant_id, id) on delete set null (company_id),
  constraint activities_contact_id_fkey foreign key (tenant_id, contact_id)
    references public.contacts (tenant_id, id) on delete set null (contact_id),
  constraint activities_opportunity_id_fkey foreign key (tenant_id, opportunity_id)
    references public.opportunities (tenant_id, id) on delete set null (opportunity_id)
);
comment on table public.activities is
  'Calls, e-mails, meetings, visits, notes, and system entries (created, stage_change). Synced (docs/sync.md).';

-- Tasks -------------------------------------------------------------------------------------------------
create table public.tasks (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  title text not null constraint tasks_title_check check (title <> '' and private.is_clean_text(title, 200)),
  description text constraint tasks_description_check check (private.is_clean_text(description, 10000)),
  due_at timestamptz,
  remind_at timestamptz,
  priority text not null default 'normal' constraint tasks_priority_check check (priority in ('low', 'normal', 'high', 'urgent')),
  status text not null default 'todo' constraint tasks_status_check check (status in ('todo', 'in_progress', 'done')),
  assignee_id uuid default auth.uid() references auth.users (id) on delete set null,
  completed_at timestamptz,
  company_id uuid,
  contact_id uuid,
  opportunity_id uuid,
  owner_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  constraint tasks_company_id_fkey foreign key (tenant_id, company_id)
    references public.companies (tenant_id, id) on delete set null (company_id),
  constraint tasks_contact_id_fkey foreign key (tenant_id, contact_id)
    references public.contacts (tenant_id, id) on delete set null (contact_id),
  constraint tasks_opportunity_id_fkey foreign key (tenant_id, opportunity_id)
    references public.opportunities (tenant_id, id) on delete set null (opportunity_id)
);
comment on table public.tasks is 'To-dos assigned to a member, optionally linked to a record. Synced (docs/sync.md).';

-- Comments ----------------------------------------------------------------------------------------------
create table public.comments (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  record_table text not null constraint comments_record_table_check
    check (record_table in ('opportunities', 'companies', 'contacts')),
  -- Polymorphic: checked by trigger against record_table (live, same tenant, readable by the author).
  record_id uuid not null,
  body text not null constraint comments_body_check check (body <> '' and private.is_clean_text(body, 5000)),
  mentions uuid[] not null default '{}' constraint comments_mentions_check check (private.are_valid_mentions(mentions)),
  owner_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id()
);
comment on table public.comments is 'Internal comments on records, with @mentions (notified). Synced (docs/sync.md).';

-- Notifications (server-written) -------------------------------------------------------------------------
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  kind text not null constraint notifications_kind_check check (kind in ('mention', 'task_assigned')),
  record_table text not null constraint notifications_record_table_check
    check (record_table in ('opportunities', 'companies', 'contacts', 'tasks')),
  record_id uuid not null,
  actor_id uuid references auth.users (id) on delete set null,
  excerpt text constraint notifications_excerpt_check check (char_length(excerpt) <= 200),
  read_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id()
);
comment on table public.notifications is 'In-app notifications, one row per recipient (server-written). Synced (docs/sync.md).';

-- Scoring models --------------------------------------------------------------------------------------------
create table public.scoring_models (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  kind text not null constraint scoring_models_kind_check check (kind in ('opportunity', 'contact')),
  -- The shape is shared/scoring's weightsSchema (validated by the client and the scoring job).
  weights jsonb not null constraint scoring_models_weights_check check (jsonb_typeof(weights) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id()
);
comment on table public.scoring_models is 'The tenant''s scoring weights per kind (none: defaults). Synced (docs/sync.md).';
-- One live model per kind and tenant (23505 → the `conflict` rejection on kind).
create unique index scoring_models_kind_key on public.scoring_models (tenant_id, kind) where deleted_at is null;

-- Indexes: the pull walks (tenant_id, _txid, id); policies read owner_id / assignee_id / user_id;
-- screens list by stage, record and date; the purge finds tombstones and clears links.
create index pipeline_stages_tenant_id_txid_id_idx on public.pipeline_stages (tenant_id, _txid, id);
create index opportunities_tenant_id_txid_id_idx on public.opportunities (tenant_id, _txid, id);
create index opportunity_stage_history_tenant_id_txid_id_idx on public.opportunity_stage_history (tenant_id, _txid, id);
create index activities_tenant_id_txid_id_idx on public.activities (tenant_id, _txid, id);
create index tasks_tenant_id_txid_id_idx on public.tasks (tenant_id, _txid, id);
create index comments_tenant_id_txid_id_idx on public.comments (tenant_id, _txid, id);
create index notifications_tenant_id_txid_id_idx on public.notifications (tenant_id, _txid, id);
create index scoring_models_tenant_id_txid_id_idx on public.scoring_models (tenant_id, _txid, id);

create index opportunities_owner_id_idx on public.opportunities (owner_id);
create index opportunities_tenant_id_stage_id_idx on public.opportunities (tenant_id, stage_id);
create index opportunities_tenant_id_company_id_idx on public.opportunities (tenant_id, company_id);
create index opportunities_tenant_id_contact_id_idx on public.opportunities (tenant_id, contact_id);
create index opportunity_stage_history_opportunity_id_idx on public.opportunity_stage_history (tenant_id, opportunity_id, changed_at);
create index activities_owner_id_idx on public.activities (owner_id);
create index activities_tenant_id_contact_id_idx on public.activities (tenant_id, contact_id, occurred_at);
create index activities_tenant_id_company_id_idx on public.activities (tenant_id, company_id, occurred_at);
create index activities_tenant_id_opportunity_id_idx on public.activities (tenant_id, opportunity_id, occurred_at);
create index tasks_owner_id_idx on public.tasks (owner_id);
create index tasks_assignee_id_idx on public.tasks (assignee_id);
create index tasks_tenant_id_company_id_idx on public.tasks (tenant_id, company_id);
create index tasks_tenant_id_contact_id_idx on public.tasks (tenant_id, contact_id);
create index tasks_tenant_id_opportunity_id_idx on public.tasks (tenant_id, opportunity_id);
create index comments_owner_id_idx on public.comments (owner_id);
create index comments_tenant_id_record_idx on public.comments (tenant_id, record_table, record_id);
create index notifications_user_id_idx on public.notifications (user_id);
create index pipeline_stages_deleted_at_idx on public.pipeline_stages (deleted_at) where deleted_at is not null;
create index opportunities_deleted_at_idx on public.opportunities (deleted_at) where deleted_at is not null;
create index opportunity_stage_history_deleted_at_idx on public.opportunity_stage_history (deleted_at) where deleted_at is not null;
create index activities_deleted_at_idx on public.activities (deleted_at) where deleted_at is not null;
create index tasks_deleted_at_idx on public.tasks (deleted_at) where deleted_at is not null;
create index comments_deleted_at_idx on public.comments (deleted_at) where deleted_at is not null;
create index notifications_deleted_at_idx on public.notifications (deleted_at) where deleted_at is not null;
create index scoring_models_deleted_at_idx on public.scoring_models (deleted_at) where deleted_at is not null;

-- Default stages ---------------------------------------------------------------------------------------------
-- Names are null: the UI translates the key (pipeline.stages.<key>) until someone renames a stage.
create function private.create_default_stages(p_tenant_id uuid) returns void
  language sql security definer set search_path = ''
as $$
  insert into public.pipeline_stages (tenant_id, key, position, probability, kind)
  select p_tenant_id, d.key, d.position, d.probability, d.kind
    from (values ('prospect', 0, 10, 'open'), ('contact', 1, 20, 'open'), ('interest', 2, 40, 'open'),
                 ('demo', 3, 60, 'open'), ('proposal', 4, 80, 'open'), ('won', 5, 100, 'won'),
                 ('lost', 6, 0, 'lost')) d(key, position, probability, kind)
   where not exists (select 1 from public.pipeline_stages s where s.tenant_id = p_tenant_id and s.key is not null)
$$;
comment on function private.create_default_stages(uuid) is 'Creates the seven default pipeline stages of a tenant (once).';

create function private.create_tenant_default_stages() returns trigger
  language plpgsql security definer set search_path = ''
as $$
begin
  perform private.create_default_stages(new.id);
  return null;
end;
$$;
create trigger tenants_create_default_stages after insert on public.tenants
  for each row execute function private.create_tenant_default_stages();

select private.create_default_stages(t.id) from public.tenants t;

-- Helpers ------------------------------------------------------------------------------------------------------
-- A stage's kind, whoever asks (the triggers need it whether or not the caller reads stages);
-- null for a stage of another tenant or a tombstoned one.
create function private.live_stage_kind(p_tenant_id uuid, p_stage_id uuid) returns text
  language sql stable security definer set search_path = ''
as $$
  select s.kind from public.pipeline_stages s
   where s.tenant_id = p_tenant_id and s.id = p_stage_id and s.deleted_at is null
$$;
comment on function private.live_stage_kind(uuid, uuid) is 'Kind of a live stage of the tenant, else NULL.';

-- Pipeline stage triggers ----------------------------------------------------------------------------------------
-- Keys belong to the default stages the server creates.
create function private.stamp_pipeline_stage() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if private.is_api_caller() then
    new.key := case when tg_op = 'INSERT' then null else old.key end;
  end if;
  return new;
end;
$$;

-- A stage with live opportunities in it cannot be deleted (move them first).
create function private.check_pipeline_stage() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if new.deleted_at is not null and old.deleted_at is null
     and exists (select 1 from public.opportunities o
                  where o.tenant_id = new.tenant_id and o.stage_id = new.id and o.deleted_at is null) then
    perform private.raise_error('stage_in_use', 409);
  end if;
  return null;
end;
$$;

create trigger pipeline_stages_a_stamp before insert or update on public.pipeline_stages
  for each row execute function private.stamp_pipeline_stage();
create trigger pipeline_stages_z_stamp_sync_row before insert or update on public.pipeline_stages
  for each row execute function private.stamp_unowned_sync_row();
create trigger pipeline_stages_check_in_use after update on public.pipeline_stages
  for each row execute function private.check_pipeline_stage();

-- Opportunity triggers -----------------------------------------------------------------------------------------------
-- Server columns: stage_entered_at and closed_at follow the stage; the scores are the scoring
-- job's. Trusted writers (the seed, the scoring job) may set them.
create function private.stamp_opportunity() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  is_api constant boolean := private.is_api_caller();
  kind text;
begin
  if tg_op = 'INSERT' then
    if is_api then
      new.score := null;
      new.score_explanation := null;
      new.scored_at := null;
      new.stage_entered_at := now();
      new.closed_at := null;
    end if;
    if new.closed_at is null and private.live_stage_kind(new.tenant_id, new.stage_id) in ('won', 'lost') then
      new.closed_at := now();
    end if;
    return new;
  end if;
  if is_api then
    new.score := old.score;
    new.score_explanation := old.score_explanation;
    new.scored_at := old.scored_at;
    new.stage_entered_at := old.stage_entered_at;
    new.closed_at := old.closed_at;
  end if;
  if new.stage_id is distinct from old.stage_id then
    kind := private.live_stage_kind(new.tenant_id, new.stage_id);
    new.stage_entered_at := now();
    new.closed_at := case when kind in ('won', 'lost') then now() end;
  end if;
  return new;
end;
$$;
comment on function private.stamp_opportunity() is
  'Opportunities: stage_entered_at/closed_at follow the stage; score columns are server-only.';

-- Rules on the stage: a live stage of the tenant; a loss reason in a lost stage.
create function private.check_opportunity() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  kind text;
begin
  if new.deleted_at is not null then
    return null;
  end if;
  if tg_op = 'INSERT' or new.stage_id is distinct from old.stage_id or new.loss_reason is distinct from old.loss_reason then
    kind := private.live_stage_kind(new.tenant_id, new.stage_id);
    if kind is null and (tg_op = 'INSERT' or new.stage_id is distinct from old.stage_id) then
      raise exception using errcode = 'check_violation', constraint = 'opportunities_stage_id_check',
        message = 'stage_id is not a live stage of the tenant';
    end if;
    if kind = 'lost' and new.loss_reason is null then
      raise exception using errcode = 'check_violation', constraint = 'opportunities_loss_reason_check',
        message = 'an opportunity in a lost stage needs a loss reason';
    end if;
  end if;
  return null;
end;
$$;
comment on function private.check_opportunity() is 'Opportunities: the stage is live; a lost stage needs a loss reason.';

-- Stage history and system activities; a tombstoned opportunity tombstones its history (replicas
-- drop it with the opportunity).
create function private.record_opportunity_effects() returns trigger
  language plpgsql security definer set search_path = ''
as $$
declare
  actor uuid := coalesce(auth.uid(), new.owner_id);
begin
  if tg_op = 'UPDATE' and new.deleted_at is not null then
    if old.deleted_at is null then
      update public.opportunity_stage_history h set deleted_at = now()
       where h.tenant_id = new.tenant_id and h.opportunity_id = new.id and h.deleted_at is null;
    end if;
    return null;
  end if;
  if tg_op = 'INSERT' then
    insert into public.opportunity_stage_history (tenant_id, opportunity_id, from_stage_id, to_stage_id, changed_by, changed_at)
    values (new.tenant_id, new.id, null, new.stage_id, actor, now());
    insert into public.activities (id, tenant_id, kind, occurred_at, company_id, contact_id, opportunity_id, details, owner_id)
    values (gen_random_uuid(), new.tenant_id, 'created', now(), new.company_id, new.contact_id, new.id,
            jsonb_build_object('to_stage_id', new.stage_id), actor);
  elsif new.stage_id is distinct from old.stage_id then
    insert into public.opportunity_stage_history (tenant_id, opportunity_id, from_stage_id, to_stage_id, changed_by, changed_at)
    values (new.tenant_id, new.id, old.stage_id, new.stage_id, actor, now());
    insert into public.activities (id, tenant_id, kind, occurred_at, company_id, contact_id, opportunity_id, details, owner_id)
    values (gen_random_uuid(), new.tenant_id, 'stage_change', now(), new.company_id, new.contact_id, new.id,
            jsonb_build_object('from_stage_id', old.stage_id, 'to_stage_id', new.stage_id), actor);
  end if;
  return null;
end;
$$;
comment on function private.record_opportunity_effects() is
  'Opportunities: stage history and created/stage_change system activities; tombstones cascade to the history.';

create trigger opportunities_a_stamp before insert or update on public.opportunities
  for each row execute function private.stamp_opportunity();
create trigger opportunities_z_stamp_sync_row before insert or update on public.opportunities
  for each row execute function private.stamp_sync_row();
create trigger opportunities_check_a_rules after insert or update on public.opportunities
  for each row execute function private.check_opportunity();
create trigger opportunities_check_b_links after insert or update on public.opportunities
  for each row execute function private.check_visible_links('company_id:companies', 'contact_id:contacts');
create trigger opportunities_effects after insert or update on public.opportunities
  for each row execute function private.record_opportunity_effects();

create trigger opportunity_stage_history_z_stamp_sync_row before insert or update on public.opportunity_stage_history
  for each row execute function private.stamp_unowned_sync_row();

-- Activity triggers ----------------------------------------------------------------------------------------------------
-- API callers log user kinds only, as themselves; system entries (created, stage_change) are the
-- server's and cannot be edited (only deleted); details are the server's.
create function private.stamp_activity() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if not private.is_api_caller() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.kind in ('stage_change', 'created') then
      raise exception using errcode = 'check_violation', constraint = 'activities_kind_check',
        message = 'system activities are written by the server';
    end if;
    if new.company_id is null and new.contact_id is null and new.opportunity_id is null then
      raise exception using errcode = 'check_violation', constraint = 'activities_contact_id_check',
        message = 'an activity is about a company, a contact or an opportunity';
    end if;
    new.owner_id := auth.uid();
    new.details := null;
    return new;
  end if;
  if old.deleted_at is null and new.deleted_at is not null then
    return new;
  end if;
  if old.kind in ('stage_change', 'created') or new.kind in ('stage_change', 'created') then
    raise exception using errcode = 'check_violation', constraint = 'activities_kind_check',
      message = 'system activities are written by the server';
  end if;
  new.owner_id := old.owner_id;
  new.details := old.details;
  return new;
end;
$$;
comment on function private.stamp_activity() is 'Activities: API callers log user kinds as themselves; system entries are read-only.';

-- A call, e-mail, meeting or visit that has happened marks its contact as contacted.
create function private.record_activity_effects() returns trigger
  language plpgsql security definer set search_path = ''
as $$
begin
  if new.deleted_at is null and new.contact_id is not null and new.kind in ('call', 'email', 'meeting', 'visit')
     and new.occurred_at <= now()
     and (tg_op = 'INSERT' or new.contact_id is distinct from old.contact_id or new.kind is distinct from old.kind
          or new.occurred_at is distinct from old.occurred_at) then
    update public.contacts c set last_contacted_at = new.occurred_at
     where c.tenant_id = new.tenant_id and c.id = new.contact_id
       and (c.last_contacted_at is null or c.last_contacted_at < new.occurred_at);
  end if;
  return null;
end;
$$;
comment on function private.record_activity_effects() is 'Activities: contacts.last_contacted_at from past calls, e-mails, meetings and visits.';

create trigger activities_a_stamp before insert or update on public.activities
  for each row execute function private.stamp_activity();
create trigger activities_z_stamp_sync_row before insert or update on public.activities
  for each row execute function private.stamp_sync_row();
create trigger activities_check_links after insert or update on public.activities
  for each row execute function private.check_visible_links(
    'company_id:companies', 'contact_id:contacts', 'opportunity_id:opportunities');
create trigger activities_effects after insert or update on public.activities
  for each row execute function private.record_activity_effects();

-- Task triggers --------------------------------------------------------------------------------------------------------
-- The creator is the caller; completed_at follows the status.
create function private.stamp_task() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  is_api constant boolean := private.is_api_caller();
begin
  if tg_op = 'INSERT' then
    if is_api then
      new.owner_id := auth.uid();
      new.completed_at := null;
    end if;
    if new.status = 'done' then
      new.completed_at := coalesce(new.completed_at, now());
    else
      new.completed_at := null;
    end if;
    return new;
  end if;
  if is_api then
    new.owner_id := old.owner_id;
    new.completed_at := old.completed_at;
  end if;
  if new.status <> 'done' then
    new.completed_at := null;
  elsif old.status <> 'done' then
    new.completed_at := now();
  end if;
  return new;
end;
$$;
comment on function private.stamp_task() is 'Tasks: the creator is the caller; completed_at set when done, cleared when reopened.';

-- The assignee is an active member of the tenant.
create function private.check_task() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if new.deleted_at is null and new.assignee_id is not null
     and (tg_op = 'INSERT' or new.assignee_id is distinct from old.assignee_id)
     and not private.is_active_member(new.tenant_id, new.assignee_id) then
    raise exception using errcode = 'check_violation', constraint = 'tasks_assignee_id_check',
      message = 'assignee_id is not a member of the tenant';
  end if;
  return null;
end;
$$;

-- Assigning a task to someone else notifies them.
create function private.record_task_effects() returns trigger
  language plpgsql security definer set search_path = ''
as $$
declare
  actor uuid := coalesce(auth.uid(), new.owner_id);
begin
  if new.deleted_at is null and new.assignee_id is not null and new.assignee_id is distinct from actor
     and (tg_op = 'INSERT' or new.assignee_id is distinct from old.assignee_id) then
    insert into public.notifications (tenant_id, user_id, kind, record_table, record_id, actor_id, excerpt)
    values (new.tenant_id, new.assignee_id, 'task_assigned', 'tasks', new.id, actor, left(new.title, 200));
  end if;
  return null;
end;
$$;
comment on function private.record_task_effects() is 'Tasks: a task_assigned notification for an assignee other than the actor.';

create trigger tasks_a_stamp before insert or update on public.tasks
  for each row execute function private.stamp_task();
create trigger tasks_z_stamp_sync_row before insert or update on public.tasks
  for each row execute function private.stamp_sync_row();
create trigger tasks_check_a_assignee after insert or update on public.tasks
  for each row execute function private.check_task();
create trigger tasks_check_b_links after insert or update on public.tasks
  for each row execute function private.check_visible_links(
    'company_id:companies', 'contact_id:contacts', 'opportunity_id:opportunities');
create trigger tasks_effects after insert or update on public.tasks
  for each row execute function private.record_task_effects();

-- Comment triggers -----------------------------------------------------------------------------------------------------
-- The author is the caller; a comment stays on its record.
create function private.stamp_comment() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if not private.is_api_caller() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    new.owner_id := auth.uid();
  else
    new.owner_id := old.owner_id;
    new.record_table := old.record_table;
    new.record_id := old.record_id;
  end if;
  return new;
end;
$$;

-- The record commented on is live, in the tenant, and readable by the author (RLS applies).
create function private.check_comment() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  is_visible boolean;
begin
  if tg_op = 'INSERT' and private.is_api_caller() then
    execute format('select exists (select 1 from public.%I r where r.id = $1 and r.tenant_id = $2 and r.deleted_at is null)',
                   new.record_table)
      into is_visible using new.record_id, new.tenant_id;
    if not is_visible then
      raise exception using errcode = 'foreign_key_violation', constraint = 'comments_record_id_fkey',
        message = 'record_id is not a live record the caller can read';
    end if;
  end if;
  return null;
end;
$$;

-- One notification per newly mentioned active staff member of the tenant, never the author.
-- Clients are left out: they cannot read comments.
create function private.record_comment_effects() returns trigger
  language plpgsql security definer set search_path = ''
as $$
declare
  actor uuid := coalesce(auth.uid(), new.owner_id);
begin
  if new.deleted_at is not null then
    return null;
  end if;
  insert into public.notifications (tenant_id, user_id, kind, record_table, record_id, actor_id, excerpt)
  select new.tenant_id, m.user_id, 'mention', new.record_table, new.record_id, actor, left(new.body, 200)
    from public.memberships m
   where m.tenant_id = new.tenant_id and m.status = 'active' and m.role <> 'client'
     and m.user_id = any (new.mentions)
     and m.user_id is distinct from actor
     and (tg_op = 'INSERT' or not (m.user_id = any (old.mentions)));
  return null;
end;
$$;
comment on function private.record_comment_effects() is 'Comments: mention notifications for newly mentioned active staff, not the author.';

create trigger comments_a_stamp before insert or update on public.comments
  for each row execute function private.stamp_comment();
create trigger comments_z_stamp_sync_row before insert or update on public.comments
  for each row execute function private.stamp_sync_row();
create trigger comments_check_record after insert on public.comments
  for each row execute function private.check_comment();
create trigger comments_effects after insert or update on public.comments
  for each row execute function private.record_comment_effects();

-- Notification triggers -------------------------------------------------------------------------------------------------
-- The recipient changes read_at only (and may delete, which the common stamp handles).
create function private.stamp_notification() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  new_read_at constant timestamptz := new.read_at;
begin
  if tg_op = 'UPDATE' and private.is_api_caller() and new.deleted_at is null then
    new := old;
    new.read_at := new_read_at;
  end if;
  return new;
end;
$$;

create trigger notifications_a_stamp before update on public.notifications
  for each row execute function private.stamp_notification();
create trigger notifications_z_stamp_sync_row before insert or update on public.notifications
  for each row execute function private.stamp_unowned_sync_row();

-- Scoring model triggers -------------------------------------------------------------------------------------------------
create function private.stamp_scoring_model() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if private.is_api_caller() then
    new.kind := old.kind;
  end if;
  return new;
end;
$$;

create trigger scoring_models_a_stamp before update on public.scoring_models
  for each row execute function private.stamp_scoring_model();
create trigger scoring_models_z_stamp_sync_row before insert or update on public.scoring_models
  for each row execute function private.stamp_unowned_sync_row();

-- Contacts: the score columns are the scoring job's.
create function private.stamp_contact_score() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if private.is_api_caller() then
    if tg_op = 'INSERT' then
      new.score := null;
      new.score_explanation := null;
      new.scored_at := null;
    else
      new.score := old.score;
      new.score_explanation := old.score_explanation;
      new.scored_at := old.scored_at;
    end if;
  end if;
  return new;
end;
$$;
create trigger contacts_b_stamp_score before insert or update on public.contacts
  for each row execute function private.stamp_contact_score();

-- Grants ---------------------------------------------------------------------------------------------------------------------
-- No DELETE for the API (a delete is a tombstone); server-written tables are read-only for it,
-- except a notification's read_at.
revoke all on public.pipeline_stages, public.opportunities, public.opportunity_stage_history, public.activities,
  public.tasks, public.comments, public.notifications, public.scoring_models from public, anon, authenticated;
grant select, insert, update on public.pipeline_stages, public.opportunities, public.activities, public.tasks,
  public.comments, public.scoring_models to authenticated;
grant select on public.opportunity_stage_history to authenticated;
grant select, update on public.notifications to authenticated;
grant select, insert, update, delete on public.pipeline_stages, public.opportunities, public.opportunity_stage_history,
  public.activities, public.tasks, public.comments, public.notifications, public.scoring_models to service_role;

revoke all on function
  private.are_valid_mentions(uuid[]), private.stamp_unowned_sync_row(), private.check_visible_links(),
  private.create_default_stages(uuid),
  private.create_tenant_default_stages(), private.live_stage_kind(uuid, uuid), private.stamp_pipeline_stage(),
  private.check_pipeline_stage(), private.stamp_opportunity(), private.check_opportunity(),
  private.record_opportunity_effects(), private.stamp_activity(), private.record_activity_effects(),
  private.stamp_task(), private.check_task(), private.record_task_effects(), private.stamp_comment(),
  private.check_comment(), private.record_comment_effects(), private.stamp_notification(),
  private.stamp_scoring_model(), private.stamp_contact_score()
  from public, anon;
grant execute on function
  private.are_valid_mentions(uuid[]), private.stamp_unowned_sync_row(), private.check_visible_links(),
  private.live_stage_kind(uuid, uuid),
  private.stamp_pipeline_stage(), private.check_pipeline_stage(), private.stamp_opportunity(),
  private.check_opportunity(), private.record_opportunity_effects(), private.stamp_activity(),
  private.record_activity_effects(), private.stamp_task(), private.check_task(), private.record_task_effects(),
  private.stamp_comment(), private.check_comment(), private.record_comment_effects(), private.stamp_notification(),
  private.stamp_scoring_model(), private.stamp_contact_score()
  to authenticated, service_role;
revoke all on function private.create_default_stages(uuid), private.create_tenant_default_stages() from authenticated;

-- Row Level Security ------------------------------------------------------------------------------------------------------
-- The matrix, resource = table. `own` is owner_id = auth.uid() (notifications: user_id); `assigned`
-- is owner_id for opportunities (and their history, through the opportunity) and assignee_id for
-- tasks. Update covers the tombstone as for the CRM: the row must be live and the caller allowed
-- to update or delete it; the new row is checked against update (live) or delete (tombstone).
alter table public.pipeline_stages enable row level security;
alter table public.opportunities enable row level security;
alter table public.opportunity_stage_history enable row level security;
alter table public.activities enable row level security;
alter table public.tasks enable row level security;
alter table public.comments enable row level security;
alter table public.notifications enable row level security;
alter table public.scoring_models enable row level security;

-- Tenant-wide tables (no owner): allow or nothing.
create policy "staff read pipeline stages per the matrix" on public.pipeline_stages for select to authenticated
  using (tenant_id in (select private.tenants_with('pipeline_stages', 'read', array['allow'])));
create policy "staff create pipeline stages per the matrix" on public.pipeline_stages for insert to authenticated
  with check (tenant_id in (select private.tenants_with('pipeline_stages', 'create', array['allow'])));
create policy "staff update and delete pipeline stages per the matrix" on public.pipeline_stages for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('pipeline_stages', 'update', array['allow']))
      or tenant_id in (select private.tenants_with('pipeline_stages', 'delete', array['allow']))))
  with check (
    tenant_id in (select private.tenants_with('pipeline_stages', case when deleted_at is null then 'update' else 'delete' end,
                                              array['allow'])));

create policy "staff read scoring models per the matrix" on public.scoring_models for select to authenticated
  using (tenant_id in (select private.tenants_with('scoring_models', 'read', array['allow'])));
create policy "staff create scoring models per the matrix" on public.scoring_models for insert to authenticated
  with check (tenant_id in (select private.tenants_with('scoring_models', 'create', array['allow'])));
create policy "staff update and delete scoring models per the matrix" on public.scoring_models for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('scoring_models', 'update', array['allow']))
      or tenant_id in (select private.tenants_with('scoring_models', 'delete', array['allow']))))
  with check (
    tenant_id in (select private.tenants_with('scoring_models', case when deleted_at is null then 'update' else 'delete' end,
                                              array['allow'])));

-- Owned tables: own (and, for opportunities, assigned) = owner_id.
create policy "staff read opportunities per the matrix" on public.opportunities for select to authenticated
  using (
    tenant_id in (select private.tenants_with('opportunities', 'read', array['allow']))
    or (owner_id = (select auth.uid())
        and tenant_id in (select private.tenants_with('opportunities', 'read', array['own', 'assigned'])))
  );
create policy "staff create opportunities per the matrix" on public.opportunities for insert to authenticated
  with check (
    tenant_id in (select private.tenants_with('opportunities', 'create', array['allow']))
    or (owner_id = (select auth.uid())
        and tenant_id in (select private.tenants_with('opportunities', 'create', array['own', 'assigned'])))
  );
create policy "staff update and delete opportunities per the matrix" on public.opportunities for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('opportunities', 'update', array['allow']))
      or (owner_id = (select auth.uid())
          and tenant_id in (select private.tenants_with('opportunities', 'update', array['own', 'assigned'])))
      or tenant_id in (select private.tenants_with('opportunities', 'delete', array['allow']))
      or (owner_id = (select auth.uid())
          and tenant_id in (select private.tenants_with('opportunities', 'delete', array['own', 'assigned'])))))
  with check (
    case when deleted_at is null then
      tenant_id in (select private.tenants_with('opportunities', 'update', array['allow']))
      or (owner_id = (select auth.uid())
          and tenant_id in (select private.tenants_with('opportunities', 'update', array['own', 'assigned'])))
    else
      tenant_id in (select private.tenants_with('opportunities', 'delete', array['allow']))
      or (owner_id = (select auth.uid())
          and tenant_id in (select private.tenants_with('opportunities', 'delete', array['own', 'assigned'])))
    end
  );

-- The history of an opportunity: readable by whoever reads the opportunity ('own'/'assigned':
-- the opportunity's owner).
create policy "staff read opportunity stage history per the matrix" on public.opportunity_stage_history
  for select to authenticated
  using (
    tenant_id in (select private.tenants_with('opportunity_stage_history', 'read', array['allow']))
    or (tenant_id in (select private.tenants_with('opportunity_stage_history', 'read', array['own', 'assigned']))
        and exists (select 1 from public.opportunities o
                     where o.tenant_id = opportunity_stage_history.tenant_id
                       and o.id = opportunity_stage_history.opportunity_id and o.owner_id = (select auth.uid())))
  );

create policy "staff read activities per the matrix" on public.activities for select to authenticated
  using (
    tenant_id in (select private.tenants_with('activities', 'read', array['allow']))
    or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('activities', 'read', array['own'])))
  );
create policy "staff create activities per the matrix" on public.activities for insert to authenticated
  with check (
    tenant_id in (select private.tenants_with('activities', 'create', array['allow']))
    or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('activities', 'create', array['own'])))
  );
create policy "staff update and delete activities per the matrix" on public.activities for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('activities', 'update', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('activities', 'update', array['own'])))
      or tenant_id in (select private.tenants_with('activities', 'delete', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('activities', 'delete', array['own'])))))
  with check (
    case when deleted_at is null then
      tenant_id in (select private.tenants_with('activities', 'update', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('activities', 'update', array['own'])))
    else
      tenant_id in (select private.tenants_with('activities', 'delete', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('activities', 'delete', array['own'])))
    end
  );

create policy "staff read comments per the matrix" on public.comments for select to authenticated
  using (
    tenant_id in (select private.tenants_with('comments', 'read', array['allow']))
    or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('comments', 'read', array['own'])))
  );
create policy "staff create comments per the matrix" on public.comments for insert to authenticated
  with check (
    tenant_id in (select private.tenants_with('comments', 'create', array['allow']))
    or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('comments', 'create', array['own'])))
  );
create policy "staff update and delete comments per the matrix" on public.comments for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('comments', 'update', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('comments', 'update', array['own'])))
      or tenant_id in (select private.tenants_with('comments', 'delete', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('comments', 'delete', array['own'])))))
  with check (
    case when deleted_at is null then
      tenant_id in (select private.tenants_with('comments', 'update', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('comments', 'update', array['own'])))
    else
      tenant_id in (select private.tenants_with('comments', 'delete', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('comments', 'delete', array['own'])))
    end
  );

-- Tasks: own = owner_id (the creator), assigned = assignee_id.
create policy "staff read tasks per the matrix" on public.tasks for select to authenticated
  using (
    tenant_id in (select private.tenants_with('tasks', 'read', array['allow']))
    or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'read', array['own'])))
    or (assignee_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'read', array['assigned'])))
  );
create policy "staff create tasks per the matrix" on public.tasks for insert to authenticated
  with check (
    tenant_id in (select private.tenants_with('tasks', 'create', array['allow']))
    or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'create', array['own'])))
    or (assignee_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'create', array['assigned'])))
  );
create policy "staff update and delete tasks per the matrix" on public.tasks for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('tasks', 'update', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'update', array['own'])))
      or (assignee_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'update', array['assigned'])))
      or tenant_id in (select private.tenants_with('tasks', 'delete', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'delete', array['own'])))
      or (assignee_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'delete', array['assigned'])))))
  with check (
    case when deleted_at is null then
      tenant_id in (select private.tenants_with('tasks', 'update', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'update', array['own'])))
      or (assignee_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'update', array['assigned'])))
    else
      tenant_id in (select private.tenants_with('tasks', 'delete', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'delete', array['own'])))
      or (assignee_id = (select auth.uid()) and tenant_id in (select private.tenants_with('tasks', 'delete', array['assigned'])))
    end
  );

-- Notifications: own = user_id (the recipient); nobody inserts (no privilege: server only).
create policy "recipients read their notifications" on public.notifications for select to authenticated
  using (
    tenant_id in (select private.tenants_with('notifications', 'read', array['allow']))
    or (user_id = (select auth.uid()) and tenant_id in (select private.tenants_with('notifications', 'read', array['own'])))
  );
create policy "recipients mark and delete their notifications" on public.notifications for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('notifications', 'update', array['allow']))
      or (user_id = (select auth.uid()) and tenant_id in (select private.tenants_with('notifications', 'update', array['own'])))
      or tenant_id in (select private.tenants_with('notifications', 'delete', array['allow']))
      or (user_id = (select auth.uid()) and tenant_id in (select private.tenants_with('notifications', 'delete', array['own'])))))
  with check (
    case when deleted_at is null then
      tenant_id in (select private.tenants_with('notifications', 'update', array['allow']))
      or (user_id = (select auth.uid()) and tenant_id in (select private.tenants_with('notifications', 'update', array['own'])))
    else
      tenant_id in (select private.tenants_with('notifications', 'delete', array['allow']))
      or (user_id = (select auth.uid()) and tenant_id in (select private.tenants_with('notifications', 'delete', array['own'])))
    end
  );

-- Sync registry (positions 3..10, parents first) ------------------------------------------------------------------------------
-- Writable fields are shared/sales' XXX_WRITABLE_FIELDS (sales-constraints.pg.test.ts compares
-- them); caller-default fields default to the caller on insert when absent.
select private.register_sync_table('pipeline_stages', 3, array['name', 'position', 'probability', 'kind', 'color']);
select private.register_sync_table('opportunities', 4,
  array['title', 'company_id', 'contact_id', 'amount_cents', 'currency', 'stage_id', 'probability', 'expected_close_date',
        'owner_id', 'source', 'next_step', 'loss_reason', 'tags', 'notes'],
  array['owner_id']);
select private.register_sync_table('opportunity_stage_history', 5, array[]::text[]);
select private.register_sync_table('activities', 6,
  array['kind', 'outcome', 'duration_minutes', 'occurred_at', 'subject', 'body', 'company_id', 'contact_id', 'opportunity_id']);
select private.register_sync_table('tasks', 7,
  array['title', 'description', 'due_at', 'remind_at', 'priority', 'status', 'assignee_id', 'company_id', 'contact_id',
        'opportunity_id'],
  array['assignee_id']);
select private.register_sync_table('comments', 8, array['record_table', 'record_id', 'body', 'mentions']);
select private.register_sync_table('notifications', 9, array['read_at']);
select private.register_sync_table('scoring_models', 10, array['kind', 'weights']);
