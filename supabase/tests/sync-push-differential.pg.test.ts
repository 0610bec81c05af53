/**
 * Differential property test of sync_push: its set-based runs (private.sync_apply_run, halved on
 * failure down to private.sync_apply_mutation) must answer and write exactly what applying the
 * mutations one at a time does. Each scenario builds the same starting rows in two fresh tenants
 * (ids mapped per tenant: a row id is global), then pushes random mixed batches — valid, invalid,
 * mistyped and unknown fields, duplicate ids, foreign owners, missing and foreign companies, SIRET
 * conflicts, edits of others', invisible and deleted rows, repeated deletes — WHOLE in tenant A and
 * ONE MUTATION PER CALL in tenant B (same actor roles, same order), and compares every result and
 * the final rows. Seeded PRNG: set SYNC_DIFF_SEED to replay a failing run (the seed is in every
 * failure message).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY_WRITABLE_FIELDS, CONTACT_WRITABLE_FIELDS } from '../../shared/crm/index.ts';
import { buildFrenchVatNumber, isValidLuhn } from '../../shared/identity/french-ids.ts';
import type { TenantRole } from '../../shared/permissions/roles.ts';
import type { MutationResult } from '../../shared/sync/protocol.ts';
import { getStack } from '../local/test/stack-info.ts';
import { asUser, createTeam, createUser, type FixtureUser, type Team } from './support/fixtures.ts';
import { expectOk, insertCompany, insertContact, push, type CrmTable } from './support/sync.ts';

const stack = getStack();
const SEED = process.env['SYNC_DIFF_SEED'] ? Number(process.env['SYNC_DIFF_SEED']) : Date.now() % 2 ** 31;
const SCENARIOS = 150;
/** Scenarios run on this many connection pairs at once (tenants are distinct: no shared lock). */
const WORKERS = 3;
const ACTOR_ROLES = ['owner', 'manager', 'sales', 'technician', 'member'] as const;
const ALL_ROLES: readonly TenantRole[] = ['owner', 'admin', 'manager', 'sales', 'technician', 'member', 'client'];

function createMulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = {
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

function createRandom(seed: number): Random {
  const next = createMulberry32(seed);
  return {
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

// A value that differs per tenant, resolved when a batch is built for one of them: a row of the
// scenario (by logical key) or a member of the tenant's team (by role).
class RowRef {
  constructor(readonly key: string) {}
}
class UserRef {
  constructor(readonly role: TenantRole) {}
}

type Fields = Record<string, unknown>;
type LogicalMutation = {
  readonly table: CrmTable;
  readonly op: 'insert' | 'update' | 'delete';
  readonly id: RowRef | string;
  readonly fields?: Fields;
};
type LogicalPush = { readonly role: (typeof ACTOR_ROLES)[number]; readonly mutations: LogicalMutation[] };
type StartRow = { readonly key: string; readonly table: CrmTable; readonly fields: Fields };
type Scenario = { readonly rows: StartRow[]; readonly pushes: LogicalPush[] };

/** Ids that are the same in both tenants: rows and users of a third tenant, and strangers. */
type Shared = {
  readonly outsider: FixtureUser;
  readonly foreignTeam: Team;
  readonly foreignCompany: string;
  readonly foreignContact: string;
};

/** Valid SIRETs (Luhn on the SIREN and the whole number), so SIRET conflicts can be provoked. */
function buildSiret(random: Random): { siren: string; siret: string } {
  const completeLuhn = (digits: string): string => {
    for (let d = 0; d < 10; d += 1) if (isValidLuhn(`${digits}${d}`)) return `${digits}${d}`;
    throw new Error('unreachable');
  };
  // The first digit is never 3, so no SIREN is La Poste's (356000000, another key rule).
  const siren = completeLuhn(`${random.pick([1, 2, 4, 5, 6, 7, 8, 9])}${String(random.int(1e7)).padStart(7, '0')}`);
  return { siren, siret: completeLuhn(`${siren}${String(random.int(1e4)).padStart(4, '0')}`) };
}

function buildScenario(random: Random, shared: Shared): Scenario {
  const sirets = Array.from({ length: 3 }, () => buildSiret(random));
  const rows: StartRow[] = [];
  const keys: Record<CrmTable, string[]> = { companies: [], contacts: [] };
  let counter = 0;
  const nextKey = (table: CrmTable): string => {
    counter += 1;
    const key = `${table === 'companies' ? 'co' : 'ct'}${counter}`;
    keys[table].push(key);
    return key;
  };
  const liveSirets = new Set<string>();
  for (let i = 0, n = 2 + random.int(4); i < n; i += 1) {
    const isDeleted = random.chance(0.2);
    const fields: Fields = { name: `Société ${i}`, city: random.pick(['Lyon', 'Nantes', null]) };
    const owner = random.pick<TenantRole | null>([null, 'owner', 'manager', 'sales', 'sales', 'member']);
    if (owner) fields['owner_id'] = new UserRef(owner);
    const siret = random.pick(sirets);
    if (random.chance(0.4) && (isDeleted || !liveSirets.has(siret.siret))) {
      fields['siret'] = siret.siret;
      fields['siren'] = siret.siren;
      if (!isDeleted) liveSirets.add(siret.siret);
    }
    if (isDeleted) fields['deleted_at'] = new Date().toISOString();
    rows.push({ key: nextKey('companies'), table: 'companies', fields });
  }
  const startCompanies = [...keys.companies];
  for (let i = 0, n = 2 + random.int(6); i < n; i += 1) {
    const fields: Fields = { first_name: random.pick(['Inès', 'Hugo', null]), last_name: `Contact ${i}` };
    const owner = random.pick<TenantRole | null>([null, 'owner', 'manager', 'sales', 'sales', 'member', 'technician']);
    if (owner) fields['owner_id'] = new UserRef(owner);
    if (random.chance(0.5)) fields['company_id'] = new RowRef(random.pick(startCompanies));
    if (random.chance(0.3)) fields['tags'] = ['VIP'];
    if (random.chance(0.2)) fields['deleted_at'] = new Date().toISOString();
    rows.push({ key: nextKey('contacts'), table: 'contacts', fields });
  }

  const pickOwner = (): unknown =>
    random.pick<unknown>([
      new UserRef(random.pick(ALL_ROLES)),
      new UserRef('sales'),
      null,
      shared.outsider.id,
      shared.foreignTeam.members.sales.id,
    ]);
  const pickCompanyLink = (): unknown =>
    random.pick<unknown>([
      new RowRef(random.pick(keys.companies)),
      new RowRef(random.pick(keys.companies)),
      new RowRef(random.pick(keys.contacts)),
      shared.foreignCompany,
      randomUUID(),
      null,
    ]);
  const pickSiretFields = (): Fields => {
    const s = random.pick(sirets);
    if (random.chance(0.15)) return { siret: s.siret, siren: random.pick(sirets).siren };
    return random.chance(0.5) ? { siret: s.siret } : { siret: s.siret, siren: s.siren };
  };
  const VALID: Record<CrmTable, (() => Fields)[]> = {
    companies: [
      () => ({ name: `Nom ${random.int(100)}` }),
      pickSiretFields,
      pickSiretFields,
      () => ({ email: 'contact@garage.fr', phone: '+33478123456' }),
      () => ({ website: 'https://exemple.fr', size: random.pick(['1-9', '10-49', null]) }),
      () => ({ city: random.pick(['Lyon', 'Brest', null]), country: random.pick(['FR', 'BE']) }),
      () => ({ tags: random.pick([['VIP'], [], ['A', 'B']]), notes: random.pick(['Rappeler', null]) }),
      () => ({ owner_id: pickOwner() }),
      () => ({ vat_number: buildFrenchVatNumber(random.pick(sirets).siren) }),
    ],
    contacts: [
      () => ({ last_name: `Nom ${random.int(100)}` }),
      () => ({ first_name: random.pick(['Léa', 'Marc', null]), email: random.pick(['a@b.fr', null]) }),
      () => ({ company_id: pickCompanyLink() }),
      () => ({ phone: '+33612345678', mobile: random.pick(['+33698765432', null]) }),
      () => ({ tags: random.pick([['VIP'], [], ['Client', 'Lyon']]), job_title: 'Gérante' }),
      () => ({ custom_fields: random.pick([{}, { a: 1, b: 'x' }]), consent_marketing: random.chance(0.5) }),
      () => ({ processing_basis: random.pick(['consent', 'contract']), notes: 'Note' }),
      () => ({ owner_id: pickOwner() }),
      () => ({ city: 'Lyon', postal_code: '69001', country: random.pick(['FR', 'DE']) }),
    ],
  };
  const INVALID: Record<CrmTable, Fields[]> = {
    companies: [
      { name: '' },
      { name: null },
      { name: ' espace' },
      { email: 'Pas@Email' },
      { website: 'pas un site' },
      { size: 'huge' },
      { country: 'France' },
      { siret: '12345678901234' },
      { tags: ['a', 'A'] },
      { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      { phone: '0478' },
      { vat_number: 'FR00123456789' },
      { country: null },
    ],
    contacts: [
      { first_name: null, last_name: null, email: null },
      { email: 'pas un email' },
      { processing_basis: 'whatever' },
      { custom_fields: { a: { b: 1 } } },
      { phone: 'abc', mobile: '+330' },
      { last_name: ' espace' },
      { tags: ['x', 'X'] },
      { country: null },
      { consent_marketing: null },
    ],
  };
  const MISTYPED: Record<CrmTable, Fields[]> = {
    companies: [{ name: 5 }, { tags: 'vip' }, { owner_id: 'nope' }, { notes: true }, { tags: [1] }, { siret: 44 }],
    contacts: [
      { last_name: 5 },
      { consent_marketing: 'yes' },
      { custom_fields: [1] },
      { company_id: 42 },
      { tags: 'vip', city: 3 },
      { owner_id: 'nope' },
    ],
  };
  const UNKNOWN: Record<CrmTable, Fields[]> = {
    companies: [
      { foo: 1 },
      { tenant_id: shared.foreignTeam.tenantId },
      { id: randomUUID() },
      { deleted_at: null },
      { first_name: 'X' },
      { _txid: '1', name: 'Y' },
    ],
    contacts: [{ bar: true }, { siret: '1' }, { consent_marketing_at: null }, { created_at: null }, { website: 'x' }],
  };
  const buildFields = (table: CrmTable, isInsert: boolean): Fields => {
    const fields: Fields = {};
    if (isInsert && random.chance(0.85)) Object.assign(fields, VALID[table][0]!());
    for (let i = 0, n = random.int(3); i < n; i += 1) Object.assign(fields, random.pick(VALID[table])());
    // SIRETs are the one unique value a run can fight over: which of two rows gets it depends on order.
    if (table === 'companies' && random.chance(0.4)) Object.assign(fields, pickSiretFields());
    const roll = random.int(10);
    if (roll === 0) Object.assign(fields, random.pick(INVALID[table]));
    else if (roll === 1) Object.assign(fields, random.pick(MISTYPED[table]));
    else if (roll === 2) Object.assign(fields, random.pick(UNKNOWN[table]));
    return fields;
  };
  const pickTarget = (table: CrmTable): RowRef | string => {
    const roll = random.int(20);
    if (roll === 0) return randomUUID();
    if (roll === 1) return table === 'companies' ? shared.foreignCompany : shared.foreignContact;
    if (roll === 2) return new RowRef(random.pick(keys[table === 'companies' ? 'contacts' : 'companies']));
    return new RowRef(random.pick(keys[table]));
  };

  const pushes: LogicalPush[] = [];
  for (let p = 0, n = random.chance(0.3) ? 2 : 1; p < n; p += 1) {
    const mutations: LogicalMutation[] = [];
    let table: CrmTable = random.pick(['companies', 'contacts'] as const);
    let op: LogicalMutation['op'] = 'insert';
    for (let i = 0, size = 1 + random.int(24); i < size; i += 1) {
      // Mostly continue the current run (same table and op): runs are what sync_apply_run batches.
      if (i === 0 || random.chance(0.35)) {
        table = random.pick(['companies', 'contacts'] as const);
        op = random.pick(['insert', 'insert', 'update', 'update', 'delete'] as const);
      }
      if (op === 'insert') {
        const roll = random.int(12);
        const id =
          roll === 0
            ? new RowRef(random.pick(keys[table]))
            : roll === 1
              ? table === 'companies'
                ? shared.foreignCompany
                : shared.foreignContact
              : new RowRef(nextKey(table));
        mutations.push({ table, op, id, fields: buildFields(table, true) });
      } else if (op === 'update') {
        const fields = random.chance(0.05) ? {} : buildFields(table, false);
        mutations.push({ table, op, id: pickTarget(table), fields });
      } else {
        mutations.push({ table, op, id: pickTarget(table) });
      }
    }
    pushes.push({ role: random.pick(ACTOR_ROLES), mutations });
  }
  return { rows, pushes };
}

/** One tenant's copy of a scenario: logical row keys → that tenant's ids. */
type Tenant = { readonly team: Team; readonly ids: Map<string, string> };

function resolveValue(value: unknown, tenant: Tenant): unknown {
  if (value instanceof RowRef) {
    let id = tenant.ids.get(value.key);
    if (!id) {
      id = randomUUID();
      tenant.ids.set(value.key, id);
    }
    return id;
  }
  if (value instanceof UserRef) return tenant.team.members[value.role].id;
  return value;
}

function resolveFields(fields: Fields, tenant: Tenant): Fields {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, resolveValue(v, tenant)]));
}

async function createStart(db: pg.Client, scenario: Scenario, label: string): Promise<Tenant> {
  const team = await createTeam(db, { label });
  const tenant: Tenant = { team, ids: new Map() };
  for (const row of scenario.rows) {
    const fields = resolveFields(row.fields, tenant);
    const id =
      row.table === 'companies'
        ? await insertCompany(db, team.tenantId, fields)
        : await insertContact(db, team.tenantId, fields);
    tenant.ids.set(row.key, id);
  }
  return tenant;
}

function resolveMutations(scenarioPush: LogicalPush, tenant: Tenant): Record<string, unknown>[] {
  return scenarioPush.mutations.map((m, i) => ({
    mutation_id: i + 1,
    table: m.table,
    op: m.op,
    id: resolveValue(m.id, tenant),
    ...(m.fields === undefined ? {} : { fields: resolveFields(m.fields, tenant) }),
  }));
}

/** The whole batch in one call. */
async function pushWhole(db: pg.Client, scenarioPush: LogicalPush, tenant: Tenant): Promise<MutationResult[]> {
  const actor = asUser(tenant.team.members[scenarioPush.role]);
  const batch = resolveMutations(scenarioPush, tenant);
  return expectOk(await push(db, actor, randomUUID(), tenant.team.tenantId, batch)).results;
}

/** The same batch, one mutation per call (each committed before the next). */
async function pushOneByOne(db: pg.Client, scenarioPush: LogicalPush, tenant: Tenant): Promise<MutationResult[]> {
  const actor = asUser(tenant.team.members[scenarioPush.role]);
  const clientId = randomUUID();
  const results: MutationResult[] = [];
  for (const mutation of resolveMutations(scenarioPush, tenant)) {
    results.push(...expectOk(await push(db, actor, clientId, tenant.team.tenantId, [mutation])).results);
  }
  return results;
}

const COLUMNS: Record<CrmTable, readonly string[]> = {
  companies: COMPANY_WRITABLE_FIELDS,
  contacts: CONTACT_WRITABLE_FIELDS,
};

/** The tenant's rows with ids, owners and company links mapped back to logical names. */
async function readState(db: pg.Client, tenant: Tenant): Promise<Record<string, unknown>[]> {
  const names = new Map<string, string>();
  for (const [key, id] of tenant.ids) names.set(id, `row:${key}`);
  for (const member of Object.values(tenant.team.members)) names.set(member.id, `user:${member.role}`);
  const rename = (value: unknown): unknown => (typeof value === 'string' ? (names.get(value) ?? value) : value);
  const state: Record<string, unknown>[] = [];
  for (const table of ['companies', 'contacts'] as const) {
    const { rows } = await db.query<Record<string, unknown>>(`select * from public.${table} where tenant_id = $1`, [
      tenant.team.tenantId,
    ]);
    for (const row of rows) {
      const out: Record<string, unknown> = {
        table,
        id: rename(row['id']),
        is_deleted: row['deleted_at'] !== null,
      };
      if (table === 'contacts') out['has_consent_at'] = row['consent_marketing_at'] !== null;
      for (const column of COLUMNS[table]) out[column] = rename(row[column]);
      state.push(out);
    }
  }
  return state.sort((a, b) => `${a['table']}/${a['id']}`.localeCompare(`${b['table']}/${b['id']}`));
}

type Outcome = { readonly results: MutationResult[][]; readonly state: Record<string, unknown>[] };

async function runSide(db: pg.Client, scenario: Scenario, label: string, isWhole: boolean): Promise<Outcome> {
  const tenant = await createStart(db, scenario, label);
  const results: MutationResult[][] = [];
  for (const scenarioPush of scenario.pushes) {
    results.push(isWhole ? await pushWhole(db, scenarioPush, tenant) : await pushOneByOne(db, scenarioPush, tenant));
  }
  return { results, state: await readState(db, tenant) };
}

/** Readable form of a scenario for a failure message (refs shown by name). */
function describeScenario(scenario: Scenario): string {
  return JSON.stringify(scenario, (_, value: unknown) =>
    value instanceof RowRef ? `row:${value.key}` : value instanceof UserRef ? `user:${value.role}` : value,
  );
}

let clients: pg.Client[] = [];
let shared: Shared;

beforeAll(async () => {
  clients = Array.from({ length: WORKERS * 2 }, () => new pg.Client({ connectionString: stack.superuserUrl }));
  await Promise.all(clients.map((c) => c.connect()));
  const db = clients[0]!;
  const foreignTeam = await createTeam(db, { label: 'diff-foreign' });
  shared = {
    outsider: await createUser(db, { label: 'diff-outsider' }),
    foreignTeam,
    foreignCompany: await insertCompany(db, foreignTeam.tenantId),
    foreignContact: await insertContact(db, foreignTeam.tenantId),
  };
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
});

/**
 * Hand-picked scenarios the generator reaches only by luck: SIRET chains inside one update run
 * (a row takes the SIRET another row of the same run gives up later or earlier), and a swap.
 * One by one, a row cannot take a SIRET still held; a set-based statement must not allow it either.
 */
function buildSiretChainScenarios(): Scenario[] {
  const random = createRandom(42);
  const [s1, s2, s3] = [buildSiret(random), buildSiret(random), buildSiret(random)];
  const rows: StartRow[] = [
    { key: 'x', table: 'companies', fields: { name: 'X', siret: s1.siret } },
    { key: 'y', table: 'companies', fields: { name: 'Y', siret: s2.siret } },
    { key: 'z', table: 'companies', fields: { name: 'Z' } },
  ];
  const update = (key: string, siret: string): LogicalMutation => ({
    table: 'companies',
    op: 'update',
    id: new RowRef(key),
    fields: { siret },
  });
  return [
    [update('x', s2.siret), update('y', s3.siret)],
    [update('y', s3.siret), update('x', s2.siret)],
    [update('x', s2.siret), update('y', s1.siret)],
    [update('z', s1.siret), update('x', s3.siret), update('y', s1.siret)],
    [update('x', s3.siret), update('z', s1.siret), update('y', s3.siret)],
  ].map((mutations) => ({ rows, pushes: [{ role: 'owner', mutations }] }));
}

describe('sync_push, whole batch vs one mutation per call', () => {
  it('agrees on SIRET chains and swaps inside one update run', async () => {
    const scenarios = buildSiretChainScenarios();
    for (const [index, scenario] of scenarios.entries()) {
      const [a, b] = await Promise.all([
        runSide(clients[0]!, scenario, `diff-chain-a${index}`, true),
        runSide(clients[1]!, scenario, `diff-chain-b${index}`, false),
      ]);
      const where = `chain scenario ${index}: ${describeScenario(scenario)}`;
      expect(a.results, `results differ — ${where}`).toEqual(b.results);
      expect(a.state, `final rows differ — ${where}`).toEqual(b.state);
    }
  });

  it(`answers and writes the same for ${SCENARIOS} random scenarios (seed ${SEED})`, { timeout: 240_000 }, async () => {
    let nextScenario = 0;
    let mutationCount = 0;
    const outcomes = new Set<string>();
    let hasFailed = false;
    const runWorker = async (whole: pg.Client, single: pg.Client): Promise<void> => {
      // After a failure the other workers stop too (their connections close after the test).
      while (nextScenario < SCENARIOS && !hasFailed) {
        const index = nextScenario;
        nextScenario += 1;
        const scenario = buildScenario(createRandom(SEED + index * 7919), shared);
        const [a, b] = await Promise.all([
          runSide(whole, scenario, `diff-a${index}`, true),
          runSide(single, scenario, `diff-b${index}`, false),
        ]);
        const where = `SYNC_DIFF_SEED=${SEED}, scenario ${index}: ${describeScenario(scenario)}`;
        expect(a.results, `results differ — ${where}`).toEqual(b.results);
        expect(a.state, `final rows differ — ${where}`).toEqual(b.state);
        mutationCount += scenario.pushes.reduce((sum, p) => sum + p.mutations.length, 0);
        for (const r of a.results.flat()) outcomes.add(r.status === 'rejected' ? r.code : r.status);
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) =>
      runWorker(clients[2 * w]!, clients[2 * w + 1]!).catch((error: unknown) => {
        hasFailed = true;
        throw error;
      }),
    );
    const settled = await Promise.allSettled(workers);
    for (const result of settled) if (result.status === 'rejected') throw result.reason;
    // The generator reaches every outcome (a differential test of only rejections proves little).
    expect([...outcomes].sort()).toEqual(
      ['applied', 'conflict', 'deleted', 'forbidden', 'invalid', 'not_found', 'unknown_field'].sort(),
    );
    expect(mutationCount).toBeGreaterThan(SCENARIOS);
  });
});
