-- CRM (F3): companies and contacts, the first tables the sync engine replicates (docs/sync.md).
-- Every synced row has a client-generated UUIDv7 id, tenant_id, created_at, updated_at,
-- deleted_at (tombstone: rows are never hard-deleted through the API) and _txid, the xid8 of the
-- transaction that wrote it last (set by trigger), which orders changes by commit, not by clock.
-- CHECK constraints mirror the zod rules of shared/crm (supabase/tests/crm-constraints.pg.test.ts
-- runs the same edge cases through both); each is named <table>_<field>_check so that sync_push
-- can name the offending field. RLS reads the permission matrix (resources companies, contacts).

-- Validators (mirror shared/crm/fields.ts and shared/identity/*.ts) ----------------------------
-- Trimmed text of 1..max characters (optionalText / requiredText: empty becomes NULL).
create function private.is_clean_text(p_value text, p_max integer) returns boolean
  language sql immutable parallel safe set search_path = ''
as $$ select p_value is null or (char_length(p_value) <= p_max and p_value ~ '^\S(.*\S)?$') $$;
comment on function private.is_clean_text(text, integer) is 'NULL, or trimmed non-empty text of at most p_max characters.';

create function private.is_valid_email(p_value text) returns boolean
  language sql immutable parallel safe set search_path = ''
as $$
  select p_value is null
      or (char_length(p_value) <= 254 and p_value = lower(p_value)
          and p_value ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$')
$$;
comment on function private.is_valid_email(text) is 'NULL, or a lower-case plausible e-mail address (EMAIL_PATTERN).';

create function private.is_valid_phone(p_value text) returns boolean
  language sql immutable parallel safe set search_path = ''
as $$
  select p_value is null
      or (p_value ~ '^\+[1-9][0-9]{6,14}$' and (p_value !~ '^\+33' or p_value ~ '^\+33[1-9][0-9]{8}$'))
$$;
comment on function private.is_valid_phone(text) is 'NULL, or an E.164 phone number (French ones: +33 and 9 digits).';

-- Host labels: ASCII letters, digits and dashes, and the letters of the scripts people use in
-- domain names (\p{L}\p{N} in shared/crm/fields.ts; spelt out so no locale changes the answer).
create function private.is_valid_website(p_value text) returns boolean
  language sql immutable parallel safe set search_path = ''
as $$
  select p_value is null
      or (char_length(p_value) <= 300
          and p_value ~ '^https?://[-0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02AF\u0370-\u1FFF\u3040-\u9FFF\uAC00-\uD7AF]+(\.[-0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02AF\u0370-\u1FFF\u3040-\u9FFF\uAC00-\uD7AF]+)+(:[0-9]{1,5})?([/?#][^[:space:]]*)?$')
$$;
comment on function private.is_valid_website(text) is 'NULL, or an http(s) URL with a dotted host, at most 300 characters.';

-- Tags: at most 20, each trimmed 1..40 characters, no case-insensitive duplicate.
create function private.are_valid_tags(p_tags text[]) returns boolean
  language sql immutable parallel safe set search_path = ''
as $$
  select p_tags is not null
     and coalesce(array_ndims(p_tags), 1) = 1
     and cardinality(p_tags) <= 20
     and not exists (select 1 from unnest(p_tags) t where t is null or not private.is_clean_text(t, 40))
     and (select count(distinct lower(t)) from unnest(p_tags) t) = cardinality(p_tags)
$$;
comment on function private.are_valid_tags(text[]) is 'At most 20 tags of 1..40 trimmed characters, unique case-insensitively.';

-- Custom fields: an object of at most 50 keys (1..50 characters); values short text (≤ 1000),
-- numbers, booleans or null.
create function private.are_valid_custom_fields(p_fields jsonb) returns boolean
  language sql immutable parallel safe set search_path = ''
as $$
  select p_fields is not null
     and jsonb_typeof(p_fields) = 'object'
     and (select count(*) from jsonb_object_keys(p_fields)) <= 50
     and not exists (
       select 1 from jsonb_each(p_fields) e
        where char_length(e.key) not between 1 and 50
           or jsonb_typeof(e.value) not in ('string', 'number', 'boolean', 'null')
           or (jsonb_typeof(e.value) = 'string' and char_length(e.value #>> '{}') > 1000))
$$;
comment on function private.are_valid_custom_fields(jsonb) is 'Custom fields object: ≤ 50 keys of 1..50 chars, scalar values (text ≤ 1000).';

-- VAT numbers: the per-country formats of shared/identity/french-ids.ts (EU_VAT_FORMATS), which
-- the first version only approximated; tenants.vat_number uses the same function.
create or replace function private.is_valid_vat_number(p_vat text) returns boolean
  language sql immutable set search_path = ''
as $$
  select case
    when p_vat ~ '^FR[0-9]{2}[0-9]{9}$' then
      private.is_valid_siren(right(p_vat, 9))
      and substr(p_vat, 3, 2)::integer = (12 + 3 * (right(p_vat, 9)::bigint % 97)) % 97
    when p_vat ~ '^FR[0-9A-HJ-NP-Z]{2}[0-9]{9}$' then private.is_valid_siren(right(p_vat, 9))
    when p_vat like 'FR%' then false
    else p_vat ~ ('^(AT(U[0-9]{8})|BE([01][0-9]{9})|BG([0-9]{9,10})|CY([0-9]{8}[A-Z])|CZ([0-9]{8,10})'
      || '|DE([0-9]{9})|DK([0-9]{8})|EE([0-9]{9})|EL([0-9]{9})|ES([A-Z0-9][0-9]{7}[A-Z0-9])|FI([0-9]{8})'
      || '|HR([0-9]{11})|HU([0-9]{8})|IE([0-9][A-Z0-9+*][0-9]{5}[A-Z]{1,2})|IT([0-9]{11})|LT([0-9]{9}|[0-9]{12})'
      || '|LU([0-9]{8})|LV([0-9]{11})|MT([0-9]{8})|NL([0-9]{9}B[0-9]{2})|PL([0-9]{10})|PT([0-9]{9})'
      || '|RO([0-9]{2,10})|SE([0-9]{12})|SI([0-9]{8})|SK([0-9]{10})|XI([0-9]{9}|[0-9]{12}|GD[0-9]{3}|HA[0-9]{3}))$')
  end
$$;
comment on function private.is_valid_vat_number(text) is
  'Intra-community VAT number: French key checked against the SIREN, other EU numbers by their country''s format.';

-- Tables -----------------------------------------------------------------------------------------
create table public.companies (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  name text not null constraint companies_name_check check (name <> '' and private.is_clean_text(name, 200)),
  siren text constraint companies_siren_check check (siren is null or private.is_valid_siren(siren)),
  siret text constraint companies_siret_check check (
    siret is null or (private.is_valid_siret(siret) and (siren is null or left(siret, 9) = siren))),
  vat_number text constraint companies_vat_number_check check (vat_number is null or private.is_valid_vat_number(vat_number)),
  email text constraint companies_email_check check (private.is_valid_email(email)),
  phone text constraint companies_phone_check check (private.is_valid_phone(phone)),
  website text constraint companies_website_check check (private.is_valid_website(website)),
  address_line1 text constraint companies_address_line1_check check (private.is_clean_text(address_line1, 200)),
  address_line2 text constraint companies_address_line2_check check (private.is_clean_text(address_line2, 200)),
  postal_code text constraint companies_postal_code_check check (private.is_clean_text(postal_code, 12)),
  city text constraint companies_city_check check (private.is_clean_text(city, 100)),
  country text not null default 'FR' constraint companies_country_check check (country ~ '^[A-Z]{2}$'),
  sector text constraint companies_sector_check check (private.is_clean_text(sector, 100)),
  size text constraint companies_size_check check (size in ('1-9', '10-49', '50-249', '250-999', '1000+')),
  tags text[] not null default '{}' constraint companies_tags_check check (private.are_valid_tags(tags)),
  owner_id uuid references auth.users (id) on delete set null,
  notes text constraint companies_notes_check check (private.is_clean_text(notes, 10000)),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  -- Target of contacts' same-tenant foreign key.
  constraint companies_tenant_id_id_key unique (tenant_id, id)
);
comment on table public.companies is 'Companies a business works with (clients, prospects, suppliers). Synced (docs/sync.md).';

create table public.contacts (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  first_name text constraint contacts_first_name_check check (private.is_clean_text(first_name, 100)),
  -- A contact needs someone to call it by: a name or an e-mail (contactCreateSchema).
  last_name text constraint contacts_last_name_check check (
    private.is_clean_text(last_name, 100) and (first_name is not null or last_name is not null or email is not null)),
  email text constraint contacts_email_check check (private.is_valid_email(email)),
  phone text constraint contacts_phone_check check (private.is_valid_phone(phone)),
  mobile text constraint contacts_mobile_check check (private.is_valid_phone(mobile)),
  company_id uuid,
  job_title text constraint contacts_job_title_check check (private.is_clean_text(job_title, 100)),
  address_line1 text constraint contacts_address_line1_check check (private.is_clean_text(address_line1, 200)),
  postal_code text constraint contacts_postal_code_check check (private.is_clean_text(postal_code, 12)),
  city text constraint contacts_city_check check (private.is_clean_text(city, 100)),
  country text not null default 'FR' constraint contacts_country_check check (country ~ '^[A-Z]{2}$'),
  tags text[] not null default '{}' constraint contacts_tags_check check (private.are_valid_tags(tags)),
  custom_fields jsonb not null default '{}'
    constraint contacts_custom_fields_check check (private.are_valid_custom_fields(custom_fields)),
  consent_marketing boolean not null default false,
  consent_marketing_at timestamptz,
  processing_basis text not null default 'legitimate_interest' constraint contacts_processing_basis_check
    check (processing_basis in ('consent', 'contract', 'legitimate_interest', 'legal_obligation')),
  owner_id uuid references auth.users (id) on delete set null,
  notes text constraint contacts_notes_check check (private.is_clean_text(notes, 10000)),
  last_contacted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  -- Same tenant: a contact never points at another tenant's company. Purging a company (only
  -- tombstones are purged) clears the link, which re-stamps the contact so replicas learn it.
  constraint contacts_company_id_fkey foreign key (tenant_id, company_id)
    references public.companies (tenant_id, id) on delete set null (company_id)
);
comment on table public.contacts is 'People at client and prospect companies, with GDPR consent. Synced (docs/sync.md).';

-- Indexes: the pull walks (tenant_id, _txid, id); policies read owner_id; one live company per
-- SIRET in a tenant (a 23505 on companies_siret_key → the `conflict` rejection on siret).
create index companies_tenant_id_txid_id_idx on public.companies (tenant_id, _txid, id);
create index contacts_tenant_id_txid_id_idx on public.contacts (tenant_id, _txid, id);
create index companies_owner_id_idx on public.companies (owner_id);
create index contacts_owner_id_idx on public.contacts (owner_id);
create index contacts_tenant_id_company_id_idx on public.contacts (tenant_id, company_id);
create index companies_deleted_at_idx on public.companies (deleted_at) where deleted_at is not null;
create index contacts_deleted_at_idx on public.contacts (deleted_at) where deleted_at is not null;
create unique index companies_siret_key on public.companies (tenant_id, siret) where siret is not null and deleted_at is null;

-- Triggers ------------------------------------------------------------------------------------------
create function private.is_active_member(p_tenant_id uuid, p_user_id uuid) returns boolean
  language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.memberships m
                  where m.tenant_id = p_tenant_id and m.user_id = p_user_id and m.status = 'active')
$$;
comment on function private.is_active_member(uuid, uuid) is 'Whether a user is an active member of a tenant.';

-- Stamps and guards of every synced row. API callers cannot forge the server's columns; the
-- tenant and id never change; a tombstone changes nothing but deleted_at, and a tombstoned row
-- never changes again (the update policy leaves it out).
create function private.stamp_sync_row() returns trigger
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
  -- The owner is an active member of the tenant (checked when it is set). BEFORE triggers fire
  -- before RLS checks the new row: a write the matrix refuses is left to RLS (42501). The
  -- membership lookup comes first: it is cheap, and the permission lookup is only needed to
  -- choose the error once the owner is known not to be a member.
  if new.owner_id is not null and (tg_op = 'INSERT' or new.owner_id is distinct from old.owner_id)
     and not private.is_active_member(new.tenant_id, new.owner_id)
     and (not private.is_api_caller()
          or new.tenant_id in (select private.tenants_with(tg_table_name,
                                 case tg_op when 'INSERT' then 'create' else 'update' end, array['allow', 'own']))) then
    raise exception using errcode = 'check_violation', constraint = tg_table_name || '_owner_id_check',
      message = 'owner_id is not a member of the tenant';
  end if;
  new._txid := pg_current_xact_id();
  return new;
end;
$$;
comment on function private.stamp_sync_row() is
  'Synced rows: _txid = writing transaction, updated_at, server columns unforgeable, owner is a member, tombstones change nothing else.';

-- Contacts: consent is timestamped by the server; last_contacted_at is the server's to set.
create function private.stamp_contact() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if private.is_api_caller() then
      new.consent_marketing_at := case when new.consent_marketing then now() end;
      new.last_contacted_at := null;
    end if;
    return new;
  end if;
  if private.is_api_caller() then
    new.last_contacted_at := old.last_contacted_at;
    new.consent_marketing_at := case
      when not new.consent_marketing then null
      when old.consent_marketing then old.consent_marketing_at
      else now() end;
  end if;
  return new;
end;
$$;
comment on function private.stamp_contact() is 'Contacts: consent_marketing_at set when consent is given, last_contacted_at server-only.';

-- BEFORE triggers fire in name order: the contact's own rules, then the common stamps.
create trigger contacts_a_stamp before insert or update on public.contacts
  for each row execute function private.stamp_contact();
create trigger contacts_z_stamp_sync_row before insert or update on public.contacts
  for each row execute function private.stamp_sync_row();
create trigger companies_z_stamp_sync_row before insert or update on public.companies
  for each row execute function private.stamp_sync_row();

-- Grants: no DELETE for the API (a delete is a tombstone: update set deleted_at); the purge job
-- (private.purge_sync_tombstones) removes tombstones past the horizon.
revoke all on public.companies, public.contacts from public, anon, authenticated;
grant select, insert, update on public.companies, public.contacts to authenticated;
grant select, insert, update, delete on public.companies, public.contacts to service_role;

revoke all on function
  private.is_clean_text(text, integer), private.is_valid_email(text), private.is_valid_phone(text),
  private.is_valid_website(text), private.are_valid_tags(text[]), private.are_valid_custom_fields(jsonb),
  private.is_active_member(uuid, uuid), private.stamp_sync_row(), private.stamp_contact()
  from public, anon;
grant execute on function
  private.is_clean_text(text, integer), private.is_valid_email(text), private.is_valid_phone(text),
  private.is_valid_website(text), private.are_valid_tags(text[]), private.are_valid_custom_fields(jsonb),
  private.is_active_member(uuid, uuid), private.stamp_sync_row(), private.stamp_contact()
  to authenticated, service_role;

-- Row Level Security: the matrix (resources companies and contacts), `own` = owner_id = auth.uid().
-- Update covers the tombstone: the row must be live and the caller allowed to update it — or to
-- delete it, and then the new row must be a tombstone (delete) or live (update) accordingly.
alter table public.companies enable row level security;
alter table public.contacts enable row level security;

create policy "staff read companies per the matrix" on public.companies for select to authenticated
  using (
    tenant_id in (select private.tenants_with('companies', 'read', array['allow']))
    or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('companies', 'read', array['own'])))
  );
create policy "staff create companies per the matrix" on public.companies for insert to authenticated
  with check (
    tenant_id in (select private.tenants_with('companies', 'create', array['allow']))
    or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('companies', 'create', array['own'])))
  );
create policy "staff update and delete companies per the matrix" on public.companies for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('companies', 'update', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('companies', 'update', array['own'])))
      or tenant_id in (select private.tenants_with('companies', 'delete', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('companies', 'delete', array['own'])))))
  with check (
    case when deleted_at is null then
      tenant_id in (select private.tenants_with('companies', 'update', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('companies', 'update', array['own'])))
    else
      tenant_id in (select private.tenants_with('companies', 'delete', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('companies', 'delete', array['own'])))
    end
  );

create policy "staff read contacts per the matrix" on public.contacts for select to authenticated
  using (
    tenant_id in (select private.tenants_with('contacts', 'read', array['allow']))
    or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('contacts', 'read', array['own'])))
  );
create policy "staff create contacts per the matrix" on public.contacts for insert to authenticated
  with check (
    tenant_id in (select private.tenants_with('contacts', 'create', array['allow']))
    or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('contacts', 'create', array['own'])))
  );
create policy "staff update and delete contacts per the matrix" on public.contacts for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('contacts', 'update', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('contacts', 'update', array['own'])))
      or tenant_id in (select private.tenants_with('contacts', 'delete', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('contacts', 'delete', array['own'])))))
  with check (
    case when deleted_at is null then
      tenant_id in (select private.tenants_with('contacts', 'update', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('contacts', 'update', array['own'])))
    else
      tenant_id in (select private.tenants_with('contacts', 'delete', array['allow']))
      or (owner_id = (select auth.uid()) and tenant_id in (select private.tenants_with('contacts', 'delete', array['own'])))
    end
  );
