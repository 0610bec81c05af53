/**
 * The zod rules of shared/sales and the CHECK constraints of the sales tables agree (like
 * crm-constraints.pg.test.ts for the CRM). Each case runs through both: the database accepts a
 * value exactly when the table's create schema accepts it unchanged (the database stores what
 * the schema outputs), and it accepts zod's output of every valid value. A refusal is a check /
 * not-null violation named after the field (<table>_<field>_check), which sync_push turns into
 * `invalid` with that field — or, for a value that is not even of the column's type (1.5 for an
 * integer), an input syntax / range error, which sync_push reports as a mistyped field before
 * the insert. Also: the writable fields of the sync registry are shared/sales' own.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ACTIVITY_DEFAULTS,
  ACTIVITY_WRITABLE_FIELDS,
  COMMENT_DEFAULTS,
  COMMENT_WRITABLE_FIELDS,
  NOTIFICATION_WRITABLE_FIELDS,
  OPPORTUNITY_DEFAULTS,
  OPPORTUNITY_STAGE_HISTORY_WRITABLE_FIELDS,
  OPPORTUNITY_WRITABLE_FIELDS,
  PIPELINE_STAGE_DEFAULTS,
  PIPELINE_STAGE_WRITABLE_FIELDS,
  SCORING_MODEL_WRITABLE_FIELDS,
  TASK_DEFAULTS,
  TASK_WRITABLE_FIELDS,
  activityCreateSchema,
  commentCreateSchema,
  opportunityCreateSchema,
  pipelineStageCreateSchema,
  scoringModelCreateSchema,
  taskCreateSchema,
} from '../../shared/sales/index.ts';
import { getStack } from '../local/test/stack-info.ts';
import { createTenant, readStageId } from './support/fixtures.ts';
import { buildRowId, insertCompany } from './support/sync.ts';

const stack = getStack();
let db: pg.Client;
let tenantId: string;
let stageId: string;
let companyId: string;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  tenantId = await createTenant(db);
  stageId = await readStageId(db, tenantId, 'prospect');
  companyId = await insertCompany(db, tenantId);
});
afterAll(async () => {
  await db.end();
});

type Table = 'pipeline_stages' | 'opportunities' | 'activities' | 'tasks' | 'comments' | 'scoring_models';
type Case = readonly [Table, string, unknown];

const long = (n: number, c = 'a'): string => c.repeat(n);
const UUID = '019a8f00-0000-7000-8000-0000000000aa';
const uuids = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `019a8f00-0000-7000-8000-${String(i + 1).padStart(12, '0')}`);

const SCHEMAS: Readonly<Record<Table, z.ZodType>> = {
  pipeline_stages: pipelineStageCreateSchema,
  opportunities: opportunityCreateSchema,
  activities: activityCreateSchema,
  tasks: taskCreateSchema,
  comments: commentCreateSchema,
  scoring_models: scoringModelCreateSchema,
};

/** A valid row around the field under test (the required fields of the create schema). */
function buildBase(table: Table): Record<string, unknown> {
  switch (table) {
    case 'pipeline_stages':
      return { name: 'Relance', position: 7, probability: 30, kind: 'open' };
    case 'opportunities':
      return { title: 'Entretien flotte', stage_id: stageId };
    case 'activities':
      return { kind: 'note', occurred_at: '2026-11-20T10:00:00Z', company_id: companyId };
    case 'tasks':
      return { title: 'Rappeler le client' };
    case 'comments':
      return { record_table: 'companies', record_id: companyId, body: 'Vu au salon' };
    case 'scoring_models':
      return { kind: 'opportunity', weights: {} };
  }
}

const TEXT_CASES = (table: Table, field: string, max: number): Case[] => [
  [table, field, 'Relancer'],
  [table, field, long(max)],
  [table, field, long(max + 1)],
  [table, field, ''],
  [table, field, '   '],
  [table, field, ' padded '],
  [table, field, 'Contrat utilitaires 2027 — révision'],
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

const LINK_CASES = (table: Table, field: string): Case[] => [[table, field, null]];

const CASES: Case[] = [
  // Pipeline stages
  ...TEXT_CASES('pipeline_stages', 'name', 60),
  ...INTEGER_CASES('pipeline_stages', 'position', 0, 1000),
  ...INTEGER_CASES('pipeline_stages', 'probability', 0, 100),
  ['pipeline_stages', 'kind', 'open'],
  ['pipeline_stages', 'kind', 'won'],
  ['pipeline_stages', 'kind', 'lost'],
  ['pipeline_stages', 'kind', 'closed'],
  ['pipeline_stages', 'kind', null],
  ['pipeline_stages', 'color', '#1a2b3c'],
  ['pipeline_stages', 'color', '#1A2B3C'],
  ['pipeline_stages', 'color', '#abc'],
  ['pipeline_stages', 'color', 'red'],
  ['pipeline_stages', 'color', ''],
  ['pipeline_stages', 'color', null],
  // Opportunities
  ...TEXT_CASES('opportunities', 'title', 200),
  ...INTEGER_CASES('opportunities', 'amount_cents', 0, 10_000_000_000_000),
  ['opportunities', 'amount_cents', 1_250_000],
  ['opportunities', 'currency', 'EUR'],
  ['opportunities', 'currency', 'CHF'],
  ['opportunities', 'currency', 'eur'],
  ['opportunities', 'currency', 'EURO'],
  ['opportunities', 'currency', 'E1R'],
  ['opportunities', 'currency', ''],
  ['opportunities', 'currency', null],
  ['opportunities', 'stage_id', null],
  ...INTEGER_CASES('opportunities', 'probability', 0, 100),
  ['opportunities', 'expected_close_date', '2027-03-31'],
  ['opportunities', 'expected_close_date', '2028-02-29'],
  ['opportunities', 'expected_close_date', '2027-02-29'],
  ['opportunities', 'expected_close_date', '2027-13-01'],
  ['opportunities', 'expected_close_date', null],
  ['opportunities', 'source', 'website'],
  ['opportunities', 'source', 'referral'],
  ['opportunities', 'source', 'cold_call'],
  ['opportunities', 'source', 'event'],
  ['opportunities', 'source', 'partner'],
  ['opportunities', 'source', 'inbound'],
  ['opportunities', 'source', 'other'],
  ['opportunities', 'source', 'salon'],
  ['opportunities', 'source', null],
  ...TEXT_CASES('opportunities', 'next_step', 500),
  ...TEXT_CASES('opportunities', 'loss_reason', 500),
  ...TEXT_CASES('opportunities', 'notes', 10_000),
  ['opportunities', 'tags', []],
  ['opportunities', 'tags', ['Flotte', 'Pneus']],
  ['opportunities', 'tags', ['Flotte', 'flotte']],
  ['opportunities', 'tags', [' Flotte']],
  ['opportunities', 'tags', [long(41)]],
  ['opportunities', 'tags', Array.from({ length: 21 }, (_, i) => `t${i}`)],
  ['opportunities', 'tags', null],
  ...LINK_CASES('opportunities', 'company_id'),
  ...LINK_CASES('opportunities', 'contact_id'),
  ['opportunities', 'owner_id', null],
  // Activities (system kinds are the server's: sales-triggers.pg.test.ts)
  ['activities', 'kind', 'call'],
  ['activities', 'kind', 'email'],
  ['activities', 'kind', 'meeting'],
  ['activities', 'kind', 'visit'],
  ['activities', 'kind', 'sms'],
  ['activities', 'kind', null],
  ['activities', 'outcome', 'reached'],
  ['activities', 'outcome', 'voicemail'],
  ['activities', 'outcome', 'call_back'],
  ['activities', 'outcome', 'not_interested'],
  ['activities', 'outcome', 'done'],
  ['activities', 'outcome', 'no_show'],
  ['activities', 'outcome', 'busy'],
  ['activities', 'outcome', null],
  ...INTEGER_CASES('activities', 'duration_minutes', 0, 1440),
  ['activities', 'occurred_at', '2026-11-20T08:30:00.000Z'],
  ['activities', 'occurred_at', '2026-11-20T10:30:00+02:00'],
  ['activities', 'occurred_at', null],
  ...TEXT_CASES('activities', 'subject', 200),
  ...TEXT_CASES('activities', 'body', 10_000),
  // Tasks
  ...TEXT_CASES('tasks', 'title', 200),
  ...TEXT_CASES('tasks', 'description', 10_000),
  ['tasks', 'priority', 'low'],
  ['tasks', 'priority', 'normal'],
  ['tasks', 'priority', 'high'],
  ['tasks', 'priority', 'urgent'],
  ['tasks', 'priority', 'critical'],
  ['tasks', 'priority', null],
  ['tasks', 'status', 'todo'],
  ['tasks', 'status', 'in_progress'],
  ['tasks', 'status', 'done'],
  ['tasks', 'status', 'blocked'],
  ['tasks', 'status', null],
  ['tasks', 'due_at', '2026-12-01T09:00:00Z'],
  ['tasks', 'due_at', null],
  ['tasks', 'remind_at', '2026-12-01T08:45:00+01:00'],
  ['tasks', 'remind_at', null],
  ['tasks', 'assignee_id', null],
  ...LINK_CASES('tasks', 'opportunity_id'),
  // Comments
  ...TEXT_CASES('comments', 'body', 5000),
  ['comments', 'record_table', 'companies'],
  ['comments', 'record_table', 'projects'],
  ['comments', 'record_table', null],
  ['comments', 'record_id', null],
  ['comments', 'mentions', []],
  ['comments', 'mentions', [UUID]],
  ['comments', 'mentions', uuids(20)],
  ['comments', 'mentions', uuids(21)],
  ['comments', 'mentions', [UUID, UUID]],
  ['comments', 'mentions', null],
  // Scoring models
  ['scoring_models', 'kind', 'opportunity'],
  ['scoring_models', 'kind', 'contact'],
  ['scoring_models', 'kind', 'company'],
  ['scoring_models', 'kind', null],
  ['scoring_models', 'weights', {}],
  ['scoring_models', 'weights', { recency: 15, interactions: { per_week: 5 } }],
  ['scoring_models', 'weights', []],
  ['scoring_models', 'weights', 'heavy'],
  ['scoring_models', 'weights', null],
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
      [buildRowId(), tenantId, JSON.stringify(values)],
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
      const parsed = SCHEMAS[table].safeParse({ ...buildBase(table), [field]: value });
      const output = parsed.success ? (parsed.data as Record<string, unknown>)[field] : undefined;
      const isFixedPoint = parsed.success && JSON.stringify(output) === JSON.stringify(value);
      const refusal = await tryInsert(table, { ...buildBase(table), [field]: value });
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
        expect(await tryInsert(table, { ...buildBase(table), [field]: output }), 'zod output').toBeNull();
      }
    });
  },
);

describe('cross-field rules', () => {
  it('needs a name for a stage without a key, like pipelineStageCreateSchema', async () => {
    const value = { position: 7, probability: 30, kind: 'open' };
    expect(pipelineStageCreateSchema.safeParse(value).success).toBe(false);
    expect(await tryInsert('pipeline_stages', value)).toEqual({
      code: '23514',
      constraint: 'pipeline_stages_name_check',
    });
  });
});

describe('contract', () => {
  it('registers every sales table for sync with the writable fields of shared/sales, parents first', async () => {
    const { rows } = await db.query<{ name: string; position: number; writable_fields: string[] }>(
      'select name, position, writable_fields from private.sync_tables order by position',
    );
    expect(rows.map((r) => r.name)).toEqual([
      'companies',
      'contacts',
      'pipeline_stages',
      'opportunities',
      'opportunity_stage_history',
      'activities',
      'tasks',
      'comments',
      'notifications',
      'scoring_models',
      'sales_documents',
      'sales_document_lines',
      'vehicles',
      'service_records',
      'mileage_readings',
    ]);
    const writable = Object.fromEntries(rows.map((r) => [r.name, r.writable_fields]));
    expect(writable).toMatchObject({
      pipeline_stages: [...PIPELINE_STAGE_WRITABLE_FIELDS],
      opportunities: [...OPPORTUNITY_WRITABLE_FIELDS],
      opportunity_stage_history: [...OPPORTUNITY_STAGE_HISTORY_WRITABLE_FIELDS],
      activities: [...ACTIVITY_WRITABLE_FIELDS],
      tasks: [...TASK_WRITABLE_FIELDS],
      comments: [...COMMENT_WRITABLE_FIELDS],
      notifications: [...NOTIFICATION_WRITABLE_FIELDS],
      scoring_models: [...SCORING_MODEL_WRITABLE_FIELDS],
    });
  });

  it('fills in the DEFAULTS of shared/sales for absent fields', async () => {
    const defaults: [Table, Readonly<Record<string, unknown>>][] = [
      ['pipeline_stages', PIPELINE_STAGE_DEFAULTS],
      ['opportunities', { ...OPPORTUNITY_DEFAULTS, owner_id: null }],
      ['activities', ACTIVITY_DEFAULTS],
      ['tasks', TASK_DEFAULTS],
      ['comments', COMMENT_DEFAULTS],
    ];
    for (const [table, expected] of defaults) {
      const id = buildRowId();
      const base = buildBase(table);
      const keys = Object.keys(base);
      await db.query('begin');
      try {
        await db.query(
          `insert into public.${table} (id, tenant_id${keys.map((k) => `, ${k}`).join('')})
           select $1, $2${keys.map((k) => `, r.${k}`).join('')} from jsonb_populate_record(null::public.${table}, $3) r`,
          [id, tenantId, JSON.stringify(base)],
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
});
