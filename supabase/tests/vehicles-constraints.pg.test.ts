/**
 * The garage tables (V2): the zod rules of shared/vehicles and the CHECK constraints agree (like
 * sales-constraints.pg.test.ts): the database accepts a value exactly when the table's create
 * schema accepts it unchanged, and it accepts zod's output of every valid value; a refusal is a
 * check / not-null violation named after the field, which sync_push reports on that field. Also:
 * plates and VINs are unique per tenant among live vehicles (23505 on vehicles_plate_key /
 * vehicles_vin_key, a `conflict` on plate / vin for a push), the mileage trigger (current
 * mileage raised, never lowered; lower readings kept but flagged), and the sync registry holds
 * shared/vehicles' writable fields.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  MILEAGE_READING_DEFAULTS,
  MILEAGE_READING_WRITABLE_FIELDS,
  SERVICE_RECORD_DEFAULTS,
  SERVICE_RECORD_WRITABLE_FIELDS,
  VEHICLE_DEFAULTS,
  VEHICLE_WRITABLE_FIELDS,
  mileageReadingCreateSchema,
  serviceRecordCreateSchema,
  vehicleCreateSchema,
} from '../../shared/vehicles/index.ts';
import { getStack } from '../local/test/stack-info.ts';
import { asUser, buildPlate, createTeam, insertSalesRow, insertVehicle, type Team } from './support/fixtures.ts';
import { buildRowId, expectOk, insertContact, push } from './support/sync.ts';
import { commitAs, runAs } from './support/transactions.ts';

const stack = getStack();
let db: pg.Client;
let team: Team;
let vehicleId: string;
let contactId: string;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  team = await createTeam(db, { label: 'vehicles' });
  vehicleId = await insertVehicle(db, team.tenantId);
  contactId = await insertContact(db, team.tenantId);
});
afterAll(async () => {
  await db.end();
});

type Table = 'vehicles' | 'service_records' | 'mileage_readings';
type Case = readonly [Table, string, unknown];

const long = (n: number, c = 'a'): string => c.repeat(n);

const SCHEMAS: Readonly<Record<Table, z.ZodType>> = {
  vehicles: vehicleCreateSchema,
  service_records: serviceRecordCreateSchema,
  mileage_readings: mileageReadingCreateSchema,
};

/** A valid row around the field under test (the required fields of the create schema). */
function buildBase(table: Table, field: string): Record<string, unknown> {
  switch (table) {
    case 'vehicles':
      // The plate under test stands alone; any other field rides on a fresh plate.
      return field === 'plate' ? {} : { plate: buildPlate() };
    case 'service_records':
      return { vehicle_id: vehicleId, performed_on: '2026-11-20', work_done: 'Vidange' };
    case 'mileage_readings':
      return { vehicle_id: vehicleId, read_on: '2026-11-20', mileage: 42_000 };
  }
}

const TEXT_CASES = (table: Table, field: string, max: number): Case[] => [
  [table, field, 'Clio V'],
  [table, field, long(max)],
  [table, field, long(max + 1)],
  [table, field, ''],
  [table, field, '   '],
  [table, field, ' padded '],
  [table, field, 'Embrayage — révision'],
  [table, field, null],
];

const INTEGER_CASES = (table: Table, field: string, min: number, max: number): Case[] => [
  [table, field, min],
  [table, field, max],
  [table, field, min - 1],
  [table, field, max + 1],
  [table, field, min + 0.5],
  [table, field, null],
];

const DATE_CASES = (table: Table, field: string): Case[] => [
  [table, field, '2026-11-20'],
  [table, field, '2028-02-29'],
  [table, field, '2027-02-29'],
  [table, field, '2027-13-01'],
  [table, field, '1900-01-01'],
  [table, field, '1899-12-31'],
  [table, field, '20/11/2026'],
  [table, field, null],
];

const CASES: Case[] = [
  // Vehicles: plates (SIV and FNI, as parsePlate writes them; no repair of typed input)
  ['vehicles', 'plate', 'AB-123-CD'],
  ['vehicles', 'plate', 'ab-123-cd'],
  ['vehicles', 'plate', 'AB123CD'],
  ['vehicles', 'plate', 'AB 123 CD'],
  ['vehicles', 'plate', 'AB-000-CD'],
  ['vehicles', 'plate', 'SS-123-CD'],
  ['vehicles', 'plate', 'AB-123-SS'],
  ['vehicles', 'plate', 'AI-123-CD'],
  ['vehicles', 'plate', 'AB-123-CO'],
  ['vehicles', 'plate', 'AB-123-CU'],
  ['vehicles', 'plate', 'AB-12-CD'],
  ['vehicles', 'plate', '123 ABC 45'],
  ['vehicles', 'plate', '1234 AB 2A'],
  ['vehicles', 'plate', '12 A 974'],
  ['vehicles', 'plate', '12 A 977'],
  ['vehicles', 'plate', '123ABC45'],
  ['vehicles', 'plate', '12345 AB 45'],
  ['vehicles', 'plate', ''],
  ['vehicles', 'plate', null],
  // VINs
  ['vehicles', 'vin', 'VF1RFB00X56789012'],
  ['vehicles', 'vin', 'WVWZZZ1JZXW000001'],
  ['vehicles', 'vin', 'vf1rfb00x56789012'],
  ['vehicles', 'vin', 'VF1RFB00X5678901'],
  ['vehicles', 'vin', 'VF1RFB00X567890123'],
  ['vehicles', 'vin', 'VF1RFB00X5678901I'],
  ['vehicles', 'vin', 'VF1RFB00X5678901O'],
  ['vehicles', 'vin', 'VF1RFB00X5678901Q'],
  ['vehicles', 'vin', 'VF1RFB00X5678 012'],
  ['vehicles', 'vin', ''],
  ['vehicles', 'vin', null],
  ...TEXT_CASES('vehicles', 'make', 60),
  ...TEXT_CASES('vehicles', 'model', 100),
  ...TEXT_CASES('vehicles', 'version', 100),
  ['vehicles', 'cnit', 'M10RENVP0A12'],
  ['vehicles', 'cnit', 'M10RENVP0A12B34'],
  ['vehicles', 'cnit', 'm10renvp0a12'],
  ['vehicles', 'cnit', 'M10RENVP0A1'],
  ['vehicles', 'cnit', 'M10RENVP0A12B3'],
  ['vehicles', 'cnit', 'M10 RENVP0A12'],
  ['vehicles', 'cnit', null],
  ...DATE_CASES('vehicles', 'first_registration_date'),
  ...DATE_CASES('vehicles', 'ct_due_date'),
  ['vehicles', 'energy', 'GO'],
  ['vehicles', 'energy', 'ES'],
  ['vehicles', 'energy', 'EL'],
  ['vehicles', 'energy', 'H2'],
  ['vehicles', 'energy', 'G0'],
  ['vehicles', 'energy', 'go'],
  ['vehicles', 'energy', 'DIESEL'],
  ['vehicles', 'energy', null],
  ['vehicles', 'genre', 'VP'],
  ['vehicles', 'genre', 'CTTE'],
  ['vehicles', 'genre', 'DERIV-VP'],
  ['vehicles', 'genre', 'MTT1'],
  ['vehicles', 'genre', 'VF'],
  ['vehicles', 'genre', 'vp'],
  ['vehicles', 'genre', null],
  ...INTEGER_CASES('vehicles', 'fiscal_power', 0, 999),
  ...INTEGER_CASES('vehicles', 'current_mileage', 0, 9_999_999),
  ...TEXT_CASES('vehicles', 'notes', 10_000),
  ['vehicles', 'owner_contact_id', null],
  ['vehicles', 'owner_id', null],
  // Service records
  ...DATE_CASES('service_records', 'performed_on'),
  ...INTEGER_CASES('service_records', 'mileage', 0, 9_999_999),
  ...TEXT_CASES('service_records', 'work_done', 10_000),
  ...INTEGER_CASES('service_records', 'cost_cents', 0, 10_000_000_000_000),
  ['service_records', 'kind', 'service'],
  ['service_records', 'kind', 'repair'],
  ['service_records', 'kind', 'ct'],
  ['service_records', 'kind', 'tyres'],
  ['service_records', 'kind', 'other'],
  ['service_records', 'kind', 'wash'],
  ['service_records', 'kind', null],
  ['service_records', 'technician_id', null],
  ['service_records', 'vehicle_id', null],
  // Mileage readings
  ...DATE_CASES('mileage_readings', 'read_on'),
  ...INTEGER_CASES('mileage_readings', 'mileage', 0, 9_999_999),
  ['mileage_readings', 'source', 'service'],
  ['mileage_readings', 'source', 'manual'],
  ['mileage_readings', 'source', 'ocr'],
  ['mileage_readings', 'source', 'gps'],
  ['mileage_readings', 'source', null],
  ['mileage_readings', 'vehicle_id', null],
];

/** Inserts the row as the service role in a rolled-back transaction: null (accepted) or the error. */
async function tryInsert(
  table: Table,
  values: Record<string, unknown>,
): Promise<{ code: string; constraint?: string } | null> {
  const keys = Object.keys(values);
  await db.query('begin');
  try {
    await db.query(`select set_config('role', 'service_role', true)`);
    await db.query(
      `insert into public.${table} (id, tenant_id${keys.map((k) => `, ${k}`).join('')})
       select $1, $2${keys.map((k) => `, r.${k}`).join('')} from jsonb_populate_record(null::public.${table}, $3) r`,
      [buildRowId(), team.tenantId, JSON.stringify(values)],
    );
    return null;
  } catch (error) {
    const e = error as { code?: string; constraint?: string; column?: string };
    return { code: e.code ?? 'XX000', ...((e.constraint ?? e.column) ? { constraint: e.constraint ?? e.column } : {}) };
  } finally {
    await db.query('rollback');
  }
}

/** Postgres refusing a JSON value that is not of the column's type (never reaches a CHECK). */
const TYPE_ERRORS = ['22P02', '22003', '22008', '22007'];

describe.each(CASES.map((c) => [`${c[0]}.${c[1]} = ${JSON.stringify(c[2])?.slice(0, 40)}`, c] as const))(
  '%s',
  (_name, [table, field, value]) => {
    it('is accepted by the database exactly when zod accepts it unchanged', async () => {
      const base = buildBase(table, field);
      const parsed = SCHEMAS[table].safeParse({ ...base, [field]: value });
      const output = parsed.success ? (parsed.data as Record<string, unknown>)[field] : undefined;
      const isFixedPoint = parsed.success && JSON.stringify(output) === JSON.stringify(value);
      const refusal = await tryInsert(table, { ...base, [field]: value });
      if (isFixedPoint) {
        expect(refusal, 'the database refuses a value zod accepts as is').toBeNull();
      } else {
        expect(refusal, 'the database accepts a value zod refuses or rewrites').not.toBeNull();
        if (!TYPE_ERRORS.includes(refusal?.code ?? '')) {
          expect(['23514', '23502']).toContain(refusal?.code);
          expect([`${table}_${field}_check`, field]).toContain(refusal?.constraint);
        }
      }
      if (parsed.success) {
        expect(await tryInsert(table, { ...base, [field]: output }), 'zod output').toBeNull();
      }
    });
  },
);

describe('cross-field rules', () => {
  it('needs a plate or a VIN, like vehicleCreateSchema, reported on plate', async () => {
    expect(vehicleCreateSchema.safeParse({ make: 'RENAULT' }).success).toBe(false);
    expect(await tryInsert('vehicles', { make: 'RENAULT' })).toEqual({
      code: '23514',
      constraint: 'vehicles_plate_check',
    });
    expect(await tryInsert('vehicles', { vin: 'VF1RFB00X56789012' })).toBeNull();
  });
});

describe('unique plate and VIN per tenant', () => {
  it('refuses a second live vehicle with the same plate or VIN (23505 named after the field)', async () => {
    const plate = buildPlate();
    const vin = `VF1RFB00X5${randomUUID()
      .replace(/[^0-9]/g, '')
      .slice(0, 7)
      .padEnd(7, '0')}`;
    await insertVehicle(db, team.tenantId, { plate, vin });
    expect(await tryInsert('vehicles', { plate })).toEqual({ code: '23505', constraint: 'vehicles_plate_key' });
    expect(await tryInsert('vehicles', { plate: buildPlate(), vin })).toEqual({
      code: '23505',
      constraint: 'vehicles_vin_key',
    });
  });

  it('frees the plate and VIN of a deleted vehicle, and lets another tenant use them', async () => {
    const plate = buildPlate();
    const vin = `WVWZZZ1JZ${randomUUID()
      .replace(/[^0-9]/g, '')
      .slice(0, 8)
      .padEnd(8, '0')}`;
    const id = await insertVehicle(db, team.tenantId, { plate, vin });
    const other = await createTeam(db, { label: 'vehicles-other' });
    await insertVehicle(db, other.tenantId, { plate, vin });
    await db.query('update public.vehicles set deleted_at = now() where id = $1', [id]);
    expect(await tryInsert('vehicles', { plate, vin })).toBeNull();
  });

  it('rejects a pushed duplicate as a conflict on the field, and a swap of plates one by one', async () => {
    const plate = buildPlate();
    const vin = `VR3UHZKX${randomUUID()
      .replace(/[^0-9]/g, '')
      .slice(0, 9)
      .padEnd(9, '0')}`;
    const existing = await insertVehicle(db, team.tenantId, { plate, vin });
    const second = await insertVehicle(db, team.tenantId);
    const response = expectOk(
      await push(db, asUser(team.members.technician), randomUUID(), team.tenantId, [
        { mutation_id: 1, table: 'vehicles', op: 'insert', id: buildRowId(), fields: { plate } },
        { mutation_id: 2, table: 'vehicles', op: 'insert', id: buildRowId(), fields: { plate: buildPlate(), vin } },
        { mutation_id: 3, table: 'vehicles', op: 'update', id: second, fields: { plate } },
        { mutation_id: 4, table: 'vehicles', op: 'update', id: existing, fields: { plate: buildPlate() } },
      ]),
    );
    expect(response.results).toEqual([
      { mutation_id: 1, status: 'rejected', code: 'conflict', fields: ['plate'] },
      { mutation_id: 2, status: 'rejected', code: 'conflict', fields: ['vin'] },
      // In batch order: the plate is still taken when the second car asks for it.
      { mutation_id: 3, status: 'rejected', code: 'conflict', fields: ['plate'] },
      { mutation_id: 4, status: 'applied' },
    ]);
  });
});

describe('mileage', () => {
  async function readVehicle(id: string): Promise<{ current_mileage: number | null }> {
    const { rows } = await db.query<{ current_mileage: number | null }>(
      'select current_mileage from public.vehicles where id = $1',
      [id],
    );
    return rows[0]!;
  }

  async function readAnomaly(table: 'service_records' | 'mileage_readings', id: string): Promise<boolean> {
    const { rows } = await db.query<{ is_anomaly: boolean }>(`select is_anomaly from public.${table} where id = $1`, [
      id,
    ]);
    return rows[0]!.is_anomaly;
  }

  async function addReading(
    actorVehicle: string,
    readOn: string,
    mileage: number,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const id = buildRowId();
    const result = await commitAs(
      db,
      asUser(team.members.technician),
      `insert into public.mileage_readings (id, tenant_id, vehicle_id, read_on, mileage${Object.keys(extra)
        .map((k) => `, ${k}`)
        .join('')})
       values ($1, $2, $3, $4, $5${Object.keys(extra)
         .map((_, i) => `, $${6 + i}`)
         .join('')})`,
      [id, team.tenantId, actorVehicle, readOn, mileage, ...Object.values(extra)],
    );
    expect(result.ok, JSON.stringify(result)).toBe(true);
    return id;
  }

  it('raises the current mileage from a technician’s service record and readings, never lowers it', async () => {
    const id = await insertVehicle(db, team.tenantId, { current_mileage: 10_000 });
    const recordId = buildRowId();
    const result = await commitAs(
      db,
      asUser(team.members.technician),
      `insert into public.service_records (id, tenant_id, vehicle_id, performed_on, mileage, work_done, technician_id)
       values ($1, $2, $3, '2026-03-01', 25000, 'Vidange', $4)`,
      [recordId, team.tenantId, id, team.members.technician.id],
    );
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(await readVehicle(id)).toEqual({ current_mileage: 25_000 });
    expect(await readAnomaly('service_records', recordId)).toBe(false);
    await addReading(id, '2026-06-01', 31_000);
    expect(await readVehicle(id)).toEqual({ current_mileage: 31_000 });
    const lower = await addReading(id, '2026-07-01', 30_500);
    expect(await readVehicle(id)).toEqual({ current_mileage: 31_000 });
    expect(await readAnomaly('mileage_readings', lower)).toBe(true);
  });

  it('compares a reading with the ones on or before its date only (a late entry of an old reading is no anomaly)', async () => {
    const id = await insertVehicle(db, team.tenantId);
    await addReading(id, '2026-06-01', 50_000);
    const older = await addReading(id, '2026-01-15', 40_000);
    expect(await readAnomaly('mileage_readings', older)).toBe(false);
    const sameDay = await addReading(id, '2026-06-01', 49_000);
    expect(await readAnomaly('mileage_readings', sameDay)).toBe(true);
    expect(await readVehicle(id)).toEqual({ current_mileage: 50_000 });
  });

  it('keeps is_anomaly the server’s: a caller can neither set nor clear it', async () => {
    const id = await insertVehicle(db, team.tenantId);
    const forged = await addReading(id, '2026-06-01', 50_000, { is_anomaly: true });
    expect(await readAnomaly('mileage_readings', forged)).toBe(false);
    const lower = await addReading(id, '2026-06-02', 45_000);
    const cleared = await commitAs(
      db,
      asUser(team.members.owner),
      'update public.mileage_readings set is_anomaly = false where id = $1',
      [lower],
    );
    expect(cleared.ok).toBe(true);
    expect(await readAnomaly('mileage_readings', lower)).toBe(true);
    // Correcting the typo clears it.
    await commitAs(db, asUser(team.members.owner), 'update public.mileage_readings set mileage = 54000 where id = $1', [
      lower,
    ]);
    expect(await readAnomaly('mileage_readings', lower)).toBe(false);
    expect(await readVehicle(id)).toEqual({ current_mileage: 54_000 });
  });

  it('keeps a record on its vehicle, and refuses a vehicle of another tenant or a deleted one', async () => {
    const id = await insertVehicle(db, team.tenantId);
    const other = await insertVehicle(db, team.tenantId);
    const readingId = await addReading(id, '2026-06-01', 1_000);
    await commitAs(db, asUser(team.members.owner), 'update public.mileage_readings set vehicle_id = $2 where id = $1', [
      readingId,
      other,
    ]);
    const { rows } = await db.query<{ vehicle_id: string }>(
      'select vehicle_id from public.mileage_readings where id = $1',
      [readingId],
    );
    expect(rows[0]!.vehicle_id).toBe(id);

    const foreignTeam = await createTeam(db, { label: 'vehicles-foreign' });
    const foreign = await insertVehicle(db, foreignTeam.tenantId);
    const refused = await runAs(
      db,
      asUser(team.members.technician),
      `insert into public.mileage_readings (id, tenant_id, vehicle_id, read_on, mileage) values ($1, $2, $3, '2026-06-01', 5)`,
      [buildRowId(), team.tenantId, foreign],
    );
    expect(refused).toMatchObject({ ok: false, code: '23503' });
    const deleted = await insertVehicle(db, team.tenantId);
    await db.query('update public.vehicles set deleted_at = now() where id = $1', [deleted]);
    const onDeleted = await runAs(
      db,
      asUser(team.members.technician),
      `insert into public.service_records (id, tenant_id, vehicle_id, performed_on, work_done) values ($1, $2, $3, '2026-06-01', 'Vidange')`,
      [buildRowId(), team.tenantId, deleted],
    );
    expect(onDeleted).toMatchObject({ ok: false, code: '23503' });
  });

  it('needs the technician of a service record to be a member of the tenant', async () => {
    const foreignTeam = await createTeam(db, { label: 'vehicles-tech' });
    const result = await runAs(
      db,
      asUser(team.members.manager),
      `insert into public.service_records (id, tenant_id, vehicle_id, performed_on, work_done, technician_id)
       values ($1, $2, $3, '2026-06-01', 'Vidange', $4)`,
      [buildRowId(), team.tenantId, vehicleId, foreignTeam.members.technician.id],
    );
    expect(result).toMatchObject({ ok: false, code: '23514' });
  });

  it('tombstones the service records and readings of a deleted vehicle', async () => {
    const id = await insertVehicle(db, team.tenantId);
    const readingId = await insertSalesRow(db, 'mileage_readings', team.tenantId, {
      vehicle_id: id,
      read_on: '2026-06-01',
      mileage: 100,
    });
    const recordId = await insertSalesRow(db, 'service_records', team.tenantId, {
      vehicle_id: id,
      performed_on: '2026-06-01',
      work_done: 'Pneus',
      kind: 'tyres',
    });
    const result = await commitAs(
      db,
      asUser(team.members.manager),
      'update public.vehicles set deleted_at = now() where id = $1',
      [id],
    );
    expect(result).toMatchObject({ ok: true, rowCount: 1 });
    const { rows } = await db.query<{ n: number }>(
      `select (select count(*) from public.mileage_readings where id = $1 and deleted_at is not null)
            + (select count(*) from public.service_records where id = $2 and deleted_at is not null) as n`,
      [readingId, recordId],
    );
    expect(Number(rows[0]!.n)).toBe(2);
  });
});

describe('contract', () => {
  it('registers the garage tables for sync after invoicing with the writable fields of shared/vehicles', async () => {
    const { rows } = await db.query<{
      name: string;
      position: number;
      writable_fields: string[];
      caller_default_fields: string[];
      isolated_update_fields: string[];
    }>(
      `select name, position, writable_fields, caller_default_fields, isolated_update_fields
         from private.sync_tables where name in ('vehicles', 'service_records', 'mileage_readings') order by position`,
    );
    expect(rows).toEqual([
      {
        name: 'vehicles',
        position: 13,
        writable_fields: [...VEHICLE_WRITABLE_FIELDS],
        caller_default_fields: ['owner_id'],
        isolated_update_fields: ['plate', 'vin'],
      },
      {
        name: 'service_records',
        position: 14,
        writable_fields: [...SERVICE_RECORD_WRITABLE_FIELDS],
        caller_default_fields: [],
        isolated_update_fields: [],
      },
      {
        name: 'mileage_readings',
        position: 15,
        writable_fields: [...MILEAGE_READING_WRITABLE_FIELDS],
        caller_default_fields: [],
        isolated_update_fields: [],
      },
    ]);
  });

  it('fills in the DEFAULTS of shared/vehicles for absent fields', async () => {
    const cases: [Table, Record<string, unknown>, Readonly<Record<string, unknown>>][] = [
      ['vehicles', { plate: buildPlate() }, { ...VEHICLE_DEFAULTS, plate: undefined }],
      ['service_records', buildBase('service_records', ''), SERVICE_RECORD_DEFAULTS],
      ['mileage_readings', buildBase('mileage_readings', ''), MILEAGE_READING_DEFAULTS],
    ];
    for (const [table, base, expected] of cases) {
      const id = buildRowId();
      const keys = Object.keys(base);
      await db.query('begin');
      try {
        await db.query(
          `insert into public.${table} (id, tenant_id${keys.map((k) => `, ${k}`).join('')})
           select $1, $2${keys.map((k) => `, r.${k}`).join('')} from jsonb_populate_record(null::public.${table}, $3) r`,
          [id, team.tenantId, JSON.stringify(base)],
        );
        const { rows } = await db.query<{ row: Record<string, unknown> }>(
          `select to_jsonb(t) as row from public.${table} t where id = $1`,
          [id],
        );
        const row = rows[0]!.row;
        const absent = Object.keys(expected).filter((k) => !(k in base));
        expect(Object.fromEntries(absent.map((k) => [k, row[k]])), table).toEqual(
          Object.fromEntries(absent.map((k) => [k, expected[k]])),
        );
      } finally {
        await db.query('rollback');
      }
    }
  });

  it('links a vehicle to its owner contact in the tenant', async () => {
    expect(await tryInsert('vehicles', { plate: buildPlate(), owner_contact_id: contactId })).toBeNull();
    const other = await createTeam(db, { label: 'vehicles-contact' });
    const foreignContact = await insertContact(db, other.tenantId);
    expect(await tryInsert('vehicles', { plate: buildPlate(), owner_contact_id: foreignContact })).toEqual({
      code: '23503',
      constraint: 'vehicles_owner_contact_id_fkey',
    });
  });
});
