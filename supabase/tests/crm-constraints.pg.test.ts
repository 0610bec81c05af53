/**
 * The zod rules of shared/crm and the CHECK constraints of public.companies / public.contacts
 * agree. Each case runs through both: the database accepts a value exactly when zod accepts it
 * and leaves it unchanged (the database stores what the schema outputs), and it accepts zod's
 * output of every valid value. A refusal is a check / not-null violation named after the field
 * (<table>_<field>_check), which sync_push turns into `invalid` with that field.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companyCreateSchema,
  companyUpdateSchema,
  contactCreateSchema,
  contactUpdateSchema,
} from '../../shared/crm/index.ts';
import { getStack } from '../local/test/stack-info.ts';
import { createTenant } from './support/fixtures.ts';
import { buildRowId } from './support/sync.ts';

const stack = getStack();
let db: pg.Client;
let tenantId: string;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  tenantId = await createTenant(db);
});
afterAll(async () => {
  await db.end();
});

type Table = 'companies' | 'contacts';
type Case = readonly [Table, string, unknown];

const long = (n: number, c = 'a'): string => c.repeat(n);

const TEXT_CASES = (table: Table, field: string, max: number): Case[] => [
  [table, field, 'Lyon'],
  [table, field, long(max)],
  [table, field, long(max + 1)],
  [table, field, ''],
  [table, field, '   '],
  [table, field, ' padded '],
  [table, field, 'Île-de-France'],
  [table, field, null],
];

const COMMON = (table: Table): Case[] => [
  [table, 'email', 'camille@studio.fr'],
  [table, 'email', 'Camille@Studio.fr'],
  [table, 'email', ' camille@studio.fr '],
  [table, 'email', 'camille@studio'],
  [table, 'email', 'camille studio@x.fr'],
  [table, 'email', 'a@b@c.fr'],
  [table, 'email', `${long(244)}@exemple.fr`],
  [table, 'email', `${long(245)}@exemple.fr`],
  [table, 'email', ''],
  [table, 'email', null],
  [table, 'phone', '+33612345678'],
  [table, 'phone', '+590690123456'],
  [table, 'phone', '06 12 34 56 78'],
  [table, 'phone', '+3361234'],
  [table, 'phone', '+3212345678'],
  [table, 'phone', '+33012345678'],
  [table, 'phone', '+0612345678'],
  [table, 'phone', '+336123456789012345'],
  [table, 'phone', '12'],
  [table, 'phone', null],
  [table, 'country', 'FR'],
  [table, 'country', 'fr'],
  [table, 'country', 'FRA'],
  [table, 'country', ''],
  [table, 'country', null],
  [table, 'tags', []],
  [table, 'tags', ['VIP', 'Flotte']],
  [table, 'tags', ['VIP', 'vip']],
  [table, 'tags', [' VIP']],
  [table, 'tags', ['']],
  [table, 'tags', [long(40)]],
  [table, 'tags', [long(41)]],
  [table, 'tags', Array.from({ length: 20 }, (_, i) => `t${i}`)],
  [table, 'tags', Array.from({ length: 21 }, (_, i) => `t${i}`)],
  [table, 'tags', null],
  [table, 'owner_id', null],
  ...TEXT_CASES(table, 'notes', 10_000),
  ...TEXT_CASES(table, 'city', 100),
  ...TEXT_CASES(table, 'postal_code', 12),
  ...TEXT_CASES(table, 'address_line1', 200),
];

const CASES: Case[] = [
  ['companies', 'name', 'Garage des Lilas'],
  ['companies', 'name', long(200)],
  ['companies', 'name', long(201)],
  ['companies', 'name', ''],
  ['companies', 'name', ' Garage '],
  ['companies', 'name', null],
  ['companies', 'siren', '542051180'],
  ['companies', 'siren', '542051181'],
  ['companies', 'siren', '542 051 180'],
  ['companies', 'siren', '54205118'],
  ['companies', 'siren', null],
  ['companies', 'siret', '54205118000066'],
  ['companies', 'siret', '54205118000067'],
  ['companies', 'siret', '35600000000048'],
  ['companies', 'siret', '35600000000049'],
  ['companies', 'siret', '542051180000660'],
  ['companies', 'vat_number', 'FR59542051180'],
  ['companies', 'vat_number', 'FR58542051180'],
  ['companies', 'vat_number', 'fr59542051180'],
  ['companies', 'vat_number', 'FRAB542051180'],
  ['companies', 'vat_number', 'DE123456789'],
  ['companies', 'vat_number', 'DE12345678'],
  ['companies', 'vat_number', 'BE0123456789'],
  ['companies', 'vat_number', 'NL123456789B01'],
  ['companies', 'vat_number', 'US123456789'],
  ['companies', 'vat_number', null],
  ['companies', 'website', 'https://garage-des-lilas.fr'],
  ['companies', 'website', 'https://café-lyonnais.fr/menu'],
  ['companies', 'website', 'http://exemple.fr:8080/a?b=c#d'],
  ['companies', 'website', 'garage-des-lilas.fr'],
  ['companies', 'website', 'https://localhost'],
  ['companies', 'website', 'javascript:alert(1)'],
  ['companies', 'website', 'https://exemple.fr/a b'],
  ['companies', 'website', `https://exemple.fr/${long(280)}`],
  ['companies', 'website', `https://exemple.fr/${long(281)}`],
  ['companies', 'website', 'HTTPS://exemple.fr'],
  ['companies', 'website', null],
  ['companies', 'size', '1-9'],
  ['companies', 'size', '1000+'],
  ['companies', 'size', 'huge'],
  ['companies', 'size', null],
  ...TEXT_CASES('companies', 'sector', 100),
  ...TEXT_CASES('companies', 'address_line2', 200),
  ...COMMON('companies'),
  ...TEXT_CASES('contacts', 'first_name', 100),
  ...TEXT_CASES('contacts', 'job_title', 100),
  ['contacts', 'last_name', 'Moreau'],
  ['contacts', 'last_name', long(101)],
  ['contacts', 'mobile', '+33712345678'],
  ['contacts', 'mobile', '07 12 34 56 78'],
  ['contacts', 'custom_fields', {}],
  ['contacts', 'custom_fields', { parrain: 'Hugo', score: 3, vip: true, vide: null }],
  ['contacts', 'custom_fields', { '': 1 }],
  ['contacts', 'custom_fields', { [long(50)]: 1 }],
  ['contacts', 'custom_fields', { [long(51)]: 1 }],
  ['contacts', 'custom_fields', { note: long(1000) }],
  ['contacts', 'custom_fields', { note: long(1001) }],
  ['contacts', 'custom_fields', { nested: { a: 1 } }],
  ['contacts', 'custom_fields', { list: [1, 2] }],
  ['contacts', 'custom_fields', Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, i]))],
  ['contacts', 'custom_fields', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, i]))],
  ['contacts', 'custom_fields', null],
  ['contacts', 'consent_marketing', true],
  ['contacts', 'consent_marketing', null],
  ['contacts', 'processing_basis', 'consent'],
  ['contacts', 'processing_basis', 'legal_obligation'],
  ['contacts', 'processing_basis', 'because'],
  ['contacts', 'processing_basis', null],
  ...COMMON('contacts'),
];

/** A valid row around the field under test (contacts need a name or an e-mail). */
function buildBase(table: Table, field: string): Record<string, unknown> {
  if (table === 'companies') return field === 'name' ? {} : { name: 'Base' };
  return field === 'email' || field === 'first_name' ? { last_name: 'Base' } : { email: 'base@exemple.fr' };
}

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

function parseWithZod(table: Table, field: string, value: unknown) {
  const schema = table === 'companies' ? companyUpdateSchema : contactUpdateSchema;
  return schema.safeParse({ [field]: value });
}

describe.each(CASES.map((c) => [`${c[0]}.${c[1]} = ${JSON.stringify(c[2])?.slice(0, 40)}`, c] as const))(
  '%s',
  (_name, [table, field, value]) => {
    it('is accepted by the database exactly when zod accepts it unchanged', async () => {
      const parsed = parseWithZod(table, field, value);
      const output = parsed.success ? (parsed.data as Record<string, unknown>)[field] : undefined;
      const isFixedPoint = parsed.success && JSON.stringify(output) === JSON.stringify(value);
      const refusal = await tryInsert(table, { ...buildBase(table, field), [field]: value });
      if (isFixedPoint) {
        expect(refusal, 'the database refuses a value zod accepts as is').toBeNull();
      } else {
        expect(refusal, 'the database accepts a value zod refuses or rewrites').not.toBeNull();
        expect(['23514', '23502']).toContain(refusal?.code);
        expect([`${table}_${field}_check`, field]).toContain(refusal?.constraint);
      }
      if (parsed.success) {
        expect(await tryInsert(table, { ...buildBase(table, field), [field]: output }), 'zod output').toBeNull();
      }
    });
  },
);

describe('cross-field rules', () => {
  it('refuses a SIRET outside the SIREN, like companyCreateSchema', async () => {
    const value = { name: 'X', siren: '542051180', siret: '44306184100047' };
    expect(companyCreateSchema.safeParse(value).success).toBe(false);
    expect(await tryInsert('companies', value)).toEqual({ code: '23514', constraint: 'companies_siret_check' });
    const matching = { name: 'X', siren: '542051180', siret: '54205118000066' };
    expect(companyCreateSchema.safeParse(matching).success).toBe(true);
    expect(await tryInsert('companies', matching)).toBeNull();
  });

  it('needs a name or an e-mail for a contact, like contactCreateSchema', async () => {
    expect(contactCreateSchema.safeParse({ job_title: 'Gérante' }).success).toBe(false);
    expect(await tryInsert('contacts', { job_title: 'Gérante' })).toEqual({
      code: '23514',
      constraint: 'contacts_last_name_check',
    });
    for (const value of [{ first_name: 'Léa' }, { last_name: 'Robert' }, { email: 'lea@exemple.fr' }]) {
      expect(contactCreateSchema.safeParse(value).success).toBe(true);
      expect(await tryInsert('contacts', value)).toBeNull();
    }
  });
});
