-- V2 garage, database layer: vehicles, their service records and their mileage log, synced
-- through the F3 engine (docs/sync.md) and registered in private.sync_tables at positions 13..15
-- (parents first). CHECK constraints mirror the zod rules of shared/vehicles (which reuse the
-- carte-grise validators of shared/carte-grise); supabase/tests/vehicles-constraints.pg.test.ts
-- runs the same edge cases through both. Constraints are named <table>_<field>_check /
-- <table>_<field>_key so that sync_push names the offending field (a second car with the same
-- live plate or VIN in a tenant is a `conflict` on plate / vin). RLS reads the permission matrix;
-- each resource is its table's name.
--
-- Mileage: every service record and reading with a mileage raises vehicles.current_mileage when
-- higher. A value lower than the highest one recorded on or before its date is kept (the user
-- may be right: a replaced odometer, a typo in an earlier entry) but flagged is_anomaly by the
-- server, so the timeline can warn.
--
-- Trigger conventions are the sales migration's (20261122110000_create_sales.sql): <table>_a_*
-- BEFORE (server columns), <table>_z_stamp_sync_row BEFORE (sync stamps), <table>_check_* AFTER
-- (rules that raise, after RLS accepted the write), <table>_effects AFTER security definer.

-- Validators (mirror shared/vehicles/fields.ts) ----------------------------------------------------
-- A plate as shared/carte-grise parsePlate writes a valid one: SIV `AB-123-CD` (no I, O, U; no SS
-- at either end; not 000) or old FNI `123 ABC 45` (department 01..99, 2A, 2B, 971..976).
create function private.is_valid_plate(p_value text) returns boolean
  language sql immutable parallel safe set search_path = ''
as $$
  select p_value is null
      or (p_value ~ '^[A-HJ-NP-TV-Z]{2}-[0-9]{3}-[A-HJ-NP-TV-Z]{2}$'
          and substr(p_value, 4, 3) <> '000' and left(p_value, 2) <> 'SS' and right(p_value, 2) <> 'SS')
      or p_value ~ '^[0-9]{1,4} [A-Z]{1,3} ([0-9]{2}|2A|2B|97[1-6])$'
$$;
comment on function private.is_valid_plate(text) is 'NULL, or a normalised French plate: SIV AB-123-CD or FNI 123 ABC 45.';

-- Vehicles -----------------------------------------------------------------------------------------
create table public.vehicles (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  -- A vehicle is known by its plate, its VIN, or both (a new car may not be registered yet).
  plate text constraint vehicles_plate_check check (private.is_valid_plate(plate) and (plate is not null or vin is not null)),
  -- ISO 3779: 17 characters, no I, O, Q. The check digit is a soft warning (shared/carte-grise checkVin).
  vin text constraint vehicles_vin_check check (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
  make text constraint vehicles_make_check check (private.is_clean_text(make, 60)),
  model text constraint vehicles_model_check check (private.is_clean_text(model, 100)),
  version text constraint vehicles_version_check check (private.is_clean_text(version, 100)),
  cnit text constraint vehicles_cnit_check check (cnit ~ '^[A-Z0-9]{12}([A-Z0-9]{3})?$'),
  first_registration_date date
    constraint vehicles_first_registration_date_check check (first_registration_date between '1900-01-01' and '9999-12-31'),
  energy text constraint vehicles_energy_check check (energy in (
    'ES', 'GO', 'EL', 'EH', 'EE', 'ER', 'EM', 'EQ', 'EP', 'EG', 'EN', 'FE', 'FG', 'FN', 'FL', 'GL', 'GH', 'GF', 'GM', 'GQ',
    'GP', 'PE', 'PH', 'GN', 'NE', 'NH', 'ET', 'GA', 'GZ', 'GG', 'GE', 'PL', 'AC', 'H2')),
  fiscal_power integer constraint vehicles_fiscal_power_check check (fiscal_power between 0 and 999),
  genre text constraint vehicles_genre_check check (genre in (
    'VP', 'CTTE', 'CAM', 'TCP', 'TRR', 'MTL', 'MTT1', 'MTT2', 'MTTE', 'CL', 'CYCL', 'QM', 'TM', 'TQM', 'TRA', 'REM', 'SREM',
    'RESP', 'VASP', 'VTSU', 'DERIV-VP')),
  owner_contact_id uuid,
  current_mileage integer constraint vehicles_current_mileage_check check (current_mileage between 0 and 9999999),
  ct_due_date date constraint vehicles_ct_due_date_check check (ct_due_date between '1900-01-01' and '9999-12-31'),
  notes text constraint vehicles_notes_check check (private.is_clean_text(notes, 10000)),
  owner_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  constraint vehicles_tenant_id_id_key unique (tenant_id, id),
  -- Same tenant; purging the contact (a tombstone) clears the link and re-stamps the vehicle.
  constraint vehicles_owner_contact_id_fkey foreign key (tenant_id, owner_contact_id)
    references public.contacts (tenant_id, id) on delete set null (owner_contact_id)
);
comment on table public.vehicles is
  'Vehicles of the garage''s customers (carte grise fields); unique live plate and VIN per tenant. Synced (docs/sync.md).';
-- A second scan of the same car links to it: one live row per plate and per VIN in a tenant
-- (23505 → the `conflict` rejection on plate / vin).
create unique index vehicles_plate_key on public.vehicles (tenant_id, plate) where plate is not null and deleted_at is null;
create unique index vehicles_vin_key on public.vehicles (tenant_id, vin) where vin is not null and deleted_at is null;

-- Service records ------------------------------------------------------------------------------------
create table public.service_records (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  vehicle_id uuid not null,
  performed_on date not null
    constraint service_records_performed_on_check check (performed_on between '1900-01-01' and '9999-12-31'),
  mileage integer constraint service_records_mileage_check check (mileage between 0 and 9999999),
  work_done text not null
    constraint service_records_work_done_check check (work_done <> '' and private.is_clean_text(work_done, 10000)),
  cost_cents bigint constraint service_records_cost_cents_check check (cost_cents between 0 and 10000000000000),
  technician_id uuid references auth.users (id) on delete set null,
  kind text not null default 'service'
    constraint service_records_kind_check check (kind in ('service', 'repair', 'ct', 'tyres', 'other')),
  -- Server-set: the mileage is lower than one recorded on or before performed_on.
  is_anomaly boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  constraint service_records_vehicle_id_fkey foreign key (tenant_id, vehicle_id)
    references public.vehicles (tenant_id, id) on delete cascade
);
comment on table public.service_records is
  'Work done on a vehicle (service, repair, CT, tyres): the vehicle''s timeline. Synced (docs/sync.md).';

-- Mileage log ---------------------------------------------------------------------------------------
create table public.mileage_readings (
  id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  vehicle_id uuid not null,
  read_on date not null constraint mileage_readings_read_on_check check (read_on between '1900-01-01' and '9999-12-31'),
  mileage integer not null constraint mileage_readings_mileage_check check (mileage between 0 and 9999999),
  source text not null default 'manual' constraint mileage_readings_source_check check (source in ('service', 'manual', 'ocr')),
  -- Server-set: the mileage is lower than one recorded on or before read_on.
  is_anomaly boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  _txid xid8 not null default pg_current_xact_id(),
  constraint mileage_readings_vehicle_id_fkey foreign key (tenant_id, vehicle_id)
    references public.vehicles (tenant_id, id) on delete cascade
);
comment on table public.mileage_readings is
  'Odometer readings of a vehicle (manual, from a service, from OCR); anomalies flagged by the server. Synced (docs/sync.md).';

-- Indexes: the pull walks (tenant_id, _txid, id); policies read tenant_id; the timeline lists a
-- vehicle's rows by date; the purge finds tombstones and clears links.
create index vehicles_tenant_id_txid_id_idx on public.vehicles (tenant_id, _txid, id);
create index service_records_tenant_id_txid_id_idx on public.service_records (tenant_id, _txid, id);
create index mileage_readings_tenant_id_txid_id_idx on public.mileage_readings (tenant_id, _txid, id);
create index vehicles_owner_id_idx on public.vehicles (owner_id);
create index vehicles_tenant_id_owner_contact_id_idx on public.vehicles (tenant_id, owner_contact_id);
create index vehicles_tenant_id_ct_due_date_idx on public.vehicles (tenant_id, ct_due_date) where deleted_at is null;
create index service_records_vehicle_id_idx on public.service_records (tenant_id, vehicle_id, performed_on);
create index service_records_technician_id_idx on public.service_records (technician_id);
create index mileage_readings_vehicle_id_idx on public.mileage_readings (tenant_id, vehicle_id, read_on);
create index vehicles_deleted_at_idx on public.vehicles (deleted_at) where deleted_at is not null;
create index service_records_deleted_at_idx on public.service_records (deleted_at) where deleted_at is not null;
create index mileage_readings_deleted_at_idx on public.mileage_readings (deleted_at) where deleted_at is not null;

-- Mileage helpers ------------------------------------------------------------------------------------
-- The highest mileage recorded for a vehicle on or before a date, in live service records and
-- readings other than p_exclude_id (the row being written). Security definer: the anomaly flag
-- must not depend on what the writer happens to read.
create function private.highest_mileage_until(p_tenant_id uuid, p_vehicle_id uuid, p_on date, p_exclude_id uuid)
  returns integer
  language sql stable security definer set search_path = ''
as $$
  select max(m.mileage) from (
    select r.mileage from public.mileage_readings r
     where r.tenant_id = p_tenant_id and r.vehicle_id = p_vehicle_id and r.read_on <= p_on and r.deleted_at is null
       and r.id <> p_exclude_id
    union all
    select s.mileage from public.service_records s
     where s.tenant_id = p_tenant_id and s.vehicle_id = p_vehicle_id and s.performed_on <= p_on and s.deleted_at is null
       and s.mileage is not null and s.id <> p_exclude_id) m
$$;
comment on function private.highest_mileage_until(uuid, uuid, date, uuid) is
  'Highest live mileage of a vehicle (readings and service records) on or before a date, one row excluded.';

-- Service records and readings: a row stays on its vehicle; is_anomaly is the server's, recomputed
-- when the mileage or the date changes (for every writer: the flag is derived, never trusted).
create function private.stamp_mileage_row() returns trigger
  language plpgsql set search_path = ''
as $$
declare
  on_date date := case tg_table_name when 'service_records' then (to_jsonb(new) ->> 'performed_on')::date
                                     else (to_jsonb(new) ->> 'read_on')::date end;
  highest integer;
begin
  if tg_op = 'UPDATE' then
    if private.is_api_caller() then
      new.vehicle_id := old.vehicle_id;
    end if;
    if new.deleted_at is not null then
      new.is_anomaly := old.is_anomaly;
      return new;
    end if;
  end if;
  if new.mileage is null then
    new.is_anomaly := false;
  else
    highest := private.highest_mileage_until(new.tenant_id, new.vehicle_id, on_date, new.id);
    new.is_anomaly := coalesce(new.mileage < highest, false);
  end if;
  return new;
end;
$$;
comment on function private.stamp_mileage_row() is
  'Service records and readings: the vehicle is fixed; is_anomaly = mileage below one recorded on or before its date.';

-- The technician of a service record is an active member of the tenant.
create function private.check_service_record() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  if new.deleted_at is null and new.technician_id is not null
     and (tg_op = 'INSERT' or new.technician_id is distinct from old.technician_id)
     and not private.is_active_member(new.tenant_id, new.technician_id) then
    raise exception using errcode = 'check_violation', constraint = 'service_records_technician_id_check',
      message = 'technician_id is not a member of the tenant';
  end if;
  return null;
end;
$$;
comment on function private.check_service_record() is 'Service records: the technician is an active member of the tenant.';

-- A live mileage raises the vehicle's current mileage when higher (never lowers it: an anomaly is
-- flagged, not believed). Runs after RLS accepted the row, on the vehicle of the same tenant.
create function private.record_mileage_effects() returns trigger
  language plpgsql security definer set search_path = ''
as $$
begin
  if new.deleted_at is null and new.mileage is not null
     and (tg_op = 'INSERT' or new.mileage is distinct from old.mileage) then
    update public.vehicles v set current_mileage = new.mileage
     where v.tenant_id = new.tenant_id and v.id = new.vehicle_id and v.deleted_at is null
       and (v.current_mileage is null or v.current_mileage < new.mileage);
  end if;
  return null;
end;
$$;
comment on function private.record_mileage_effects() is
  'Service records and readings: vehicles.current_mileage = the new mileage when higher.';

-- A tombstoned vehicle tombstones its service records and readings (replicas drop them with it).
create function private.record_vehicle_effects() returns trigger
  language plpgsql security definer set search_path = ''
as $$
begin
  if old.deleted_at is null and new.deleted_at is not null then
    update public.service_records s set deleted_at = now()
     where s.tenant_id = new.tenant_id and s.vehicle_id = new.id and s.deleted_at is null;
    update public.mileage_readings r set deleted_at = now()
     where r.tenant_id = new.tenant_id and r.vehicle_id = new.id and r.deleted_at is null;
  end if;
  return null;
end;
$$;
comment on function private.record_vehicle_effects() is 'Vehicles: a tombstone cascades to the service records and readings.';

-- Triggers -------------------------------------------------------------------------------------------
create trigger vehicles_z_stamp_sync_row before insert or update on public.vehicles
  for each row execute function private.stamp_sync_row();
create trigger vehicles_check_links after insert or update on public.vehicles
  for each row execute function private.check_visible_links('owner_contact_id:contacts');
create trigger vehicles_effects after update on public.vehicles
  for each row execute function private.record_vehicle_effects();

create trigger service_records_a_stamp before insert or update on public.service_records
  for each row execute function private.stamp_mileage_row();
create trigger service_records_z_stamp_sync_row before insert or update on public.service_records
  for each row execute function private.stamp_unowned_sync_row();
create trigger service_records_check_a_technician after insert or update on public.service_records
  for each row execute function private.check_service_record();
create trigger service_records_check_b_links after insert or update on public.service_records
  for each row execute function private.check_visible_links('vehicle_id:vehicles');
create trigger service_records_effects after insert or update on public.service_records
  for each row execute function private.record_mileage_effects();

create trigger mileage_readings_a_stamp before insert or update on public.mileage_readings
  for each row execute function private.stamp_mileage_row();
create trigger mileage_readings_z_stamp_sync_row before insert or update on public.mileage_readings
  for each row execute function private.stamp_unowned_sync_row();
create trigger mileage_readings_check_links after insert or update on public.mileage_readings
  for each row execute function private.check_visible_links('vehicle_id:vehicles');
create trigger mileage_readings_effects after insert or update on public.mileage_readings
  for each row execute function private.record_mileage_effects();

-- Grants ---------------------------------------------------------------------------------------------
-- No DELETE for the API (a delete is a tombstone).
revoke all on public.vehicles, public.service_records, public.mileage_readings from public, anon, authenticated;
grant select, insert, update on public.vehicles, public.service_records, public.mileage_readings to authenticated;
grant select, insert, update, delete on public.vehicles, public.service_records, public.mileage_readings to service_role;

revoke all on function
  private.is_valid_plate(text), private.highest_mileage_until(uuid, uuid, date, uuid), private.stamp_mileage_row(),
  private.check_service_record(), private.record_mileage_effects(), private.record_vehicle_effects()
  from public, anon, authenticated;
grant execute on function
  private.is_valid_plate(text), private.highest_mileage_until(uuid, uuid, date, uuid), private.stamp_mileage_row(),
  private.check_service_record(), private.record_mileage_effects(), private.record_vehicle_effects()
  to authenticated, service_role;

-- Row Level Security -----------------------------------------------------------------------------------
-- Tenant-wide resources (allow or nothing): a garage's vehicles are the whole team's work. Clients
-- read nothing yet (the portal will show a client their own vehicles once a client user is linked
-- to a contact). Update covers the tombstone as for the CRM: the row must be live and the caller
-- allowed to update or delete it; the new row is checked against update (live) or delete (tombstone).
alter table public.vehicles enable row level security;
alter table public.service_records enable row level security;
alter table public.mileage_readings enable row level security;

create policy "staff read vehicles per the matrix" on public.vehicles for select to authenticated
  using (tenant_id in (select private.tenants_with('vehicles', 'read', array['allow'])));
create policy "staff create vehicles per the matrix" on public.vehicles for insert to authenticated
  with check (tenant_id in (select private.tenants_with('vehicles', 'create', array['allow'])));
create policy "staff update and delete vehicles per the matrix" on public.vehicles for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('vehicles', 'update', array['allow']))
      or tenant_id in (select private.tenants_with('vehicles', 'delete', array['allow']))))
  with check (
    tenant_id in (select private.tenants_with('vehicles', case when deleted_at is null then 'update' else 'delete' end,
                                              array['allow'])));

create policy "staff read service records per the matrix" on public.service_records for select to authenticated
  using (tenant_id in (select private.tenants_with('service_records', 'read', array['allow'])));
create policy "staff create service records per the matrix" on public.service_records for insert to authenticated
  with check (tenant_id in (select private.tenants_with('service_records', 'create', array['allow'])));
create policy "staff update and delete service records per the matrix" on public.service_records for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('service_records', 'update', array['allow']))
      or tenant_id in (select private.tenants_with('service_records', 'delete', array['allow']))))
  with check (
    tenant_id in (select private.tenants_with('service_records',
                                              case when deleted_at is null then 'update' else 'delete' end, array['allow'])));

create policy "staff read mileage readings per the matrix" on public.mileage_readings for select to authenticated
  using (tenant_id in (select private.tenants_with('mileage_readings', 'read', array['allow'])));
create policy "staff create mileage readings per the matrix" on public.mileage_readings for insert to authenticated
  with check (tenant_id in (select private.tenants_with('mileage_readings', 'create', array['allow'])));
create policy "staff update and delete mileage readings per the matrix" on public.mileage_readings
  for update to authenticated
  using (
    deleted_at is null and (
      tenant_id in (select private.tenants_with('mileage_readings', 'update', array['allow']))
      or tenant_id in (select private.tenants_with('mileage_readings', 'delete', array['allow']))))
  with check (
    tenant_id in (select private.tenants_with('mileage_readings',
                                              case when deleted_at is null then 'update' else 'delete' end, array['allow'])));

-- Sync registry (positions 13..15, parents first) -------------------------------------------------------
-- Writable fields are shared/vehicles' *_WRITABLE_FIELDS (vehicles-constraints.pg.test.ts compares
-- them). A plate or VIN change runs alone (isolated): set-based, a swap of two cars' plates could
-- pass the unique index where one by one in batch order the first change conflicts.
select private.register_sync_table('vehicles', 13,
  array['plate', 'vin', 'make', 'model', 'version', 'cnit', 'first_registration_date', 'energy', 'fiscal_power', 'genre',
        'owner_contact_id', 'current_mileage', 'ct_due_date', 'notes', 'owner_id'],
  array['owner_id'],
  array['plate', 'vin']);
select private.register_sync_table('service_records', 14,
  array['vehicle_id', 'performed_on', 'mileage', 'work_done', 'cost_cents', 'technician_id', 'kind']);
select private.register_sync_table('mileage_readings', 15, array['vehicle_id', 'read_on', 'mileage', 'source']);
