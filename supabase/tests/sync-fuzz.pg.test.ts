/**
 * 10,000 random and malformed sync_push payloads through the gateway (fetch, as supabase-js would
 * send them): wrong types, unknown tables and fields, foreign tenant ids, oversized batches,
 * duplicate and gapped mutation numbers, huge strings, nested junk, broken JSON. Every answer is
 * a 2xx whose body matches pushResponseSchema, or a 4xx with a known error code — never a 5xx —
 * and a batch refused as a whole applied nothing (its fresh rows do not exist; row counts add
 * up). Seeded PRNG: set SYNC_FUZZ_SEED to replay a failing run (the seed is in every message).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_BATCH_ERRORS, pushResponseSchema } from '../../shared/sync/protocol.ts';
import { mintUserToken } from '../local/gateway/realtime/testing.ts';
import { getStack } from '../local/test/stack-info.ts';
import { createTeam, type Team } from './support/fixtures.ts';
import { buildRowId, insertCompany, insertContact } from './support/sync.ts';

const stack = getStack();
const SEED = Number(process.env['SYNC_FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const REQUESTS = 10_000;
const WORKERS = 32;

/** PostgREST's own refusals of a malformed call (bad JSON, unknown arguments, a non-uuid uuid). */
const POSTGREST_CODES = new Set(['PGRST100', 'PGRST102', 'PGRST202', '22P02']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BATCH_CODES = new Set<string>(PUSH_BATCH_ERRORS);

let db: pg.Client;
/** Pushes of one tenant are serialized (sync_push takes a tenant lock): workers share out 4 tenants. */
const TENANTS = 4;
let teams: Team[];
let otherTeam: Team;

function mulberry32(seed: number): () => number {
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
  next(): number;
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

const FIELDS = {
  companies: [
    'name',
    'siren',
    'siret',
    'vat_number',
    'email',
    'phone',
    'website',
    'city',
    'country',
    'size',
    'tags',
    'owner_id',
    'notes',
  ],
  contacts: [
    'first_name',
    'last_name',
    'email',
    'phone',
    'mobile',
    'company_id',
    'tags',
    'custom_fields',
    'consent_marketing',
    'processing_basis',
    'owner_id',
    'notes',
  ],
} as const;

function buildJunk(r: Random, depth = 0): unknown {
  const kind = r.int(depth > 2 ? 6 : 9);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1.5, 1e308, -1e-308, 2 ** 53, 42]);
    case 3:
      return r.pick([
        '',
        'x',
        'Lyon',
        'null',
        '{"a":1}',
        "'; drop table contacts; --",
        'é'.repeat(300),
        '\u202e\ud83d\ude00',
      ]);
    case 4:
      return 'z'.repeat(r.pick([1, 100, 5000, 100_000]));
    case 5:
      return randomUUID();
    case 6:
      return Array.from({ length: r.int(4) }, () => buildJunk(r, depth + 1));
    case 7:
      return Object.fromEntries(Array.from({ length: r.int(4) }, (_, i) => [`k${i}`, buildJunk(r, depth + 1)]));
    default:
      return { a: { b: { c: [buildJunk(r, depth + 1)] } } };
  }
}

type Pools = { readonly companies: string[]; readonly contacts: string[]; readonly users: string[] };

function buildValue(r: Random, field: string, pools: Pools): unknown {
  if (r.chance(0.35)) return buildJunk(r);
  switch (field) {
    case 'owner_id':
      return r.pick([...pools.users, randomUUID(), null]);
    case 'company_id':
      return r.pick([...pools.companies, randomUUID(), null]);
    case 'tags':
      return r.pick([[], ['VIP'], ['a', 'A'], ['x'.repeat(41)]]);
    case 'custom_fields':
      return r.pick([{}, { parrain: 'Hugo' }, { n: { deep: 1 } }]);
    case 'consent_marketing':
      return r.chance(0.5);
    case 'siret':
      return r.pick(['54205118000066', '44306184100047', '12345678901234']);
    case 'siren':
      return r.pick(['542051180', '443061841', '123']);
    case 'phone':
    case 'mobile':
      return r.pick(['+33612345678', '06 12 34 56 78', '+1']);
    case 'email':
      return r.pick(['a@b.fr', 'A@B.FR', 'nope']);
    case 'size':
      return r.pick(['1-9', 'huge']);
    case 'processing_basis':
      return r.pick(['consent', 'whim']);
    case 'country':
      return r.pick(['FR', 'fr', null]);
    default:
      return r.pick(['Garage des Lilas', '', ' padded ', null, 'x'.repeat(250)]);
  }
}

/** One mutation; `fresh` collects ids of inserts that create a new row if applied. */
function buildMutation(r: Random, mutationId: number, pools: Pools, fresh: string[]): Record<string, unknown> {
  const table = r.pick(['companies', 'contacts'] as const);
  const op = r.pick(['insert', 'insert', 'update', 'delete'] as const);
  let id: string;
  if (op === 'insert' && r.chance(0.9)) {
    id = buildRowId();
    fresh.push(id);
  } else if (op === 'insert') {
    // An id that exists: a conflict.
    id = r.pick(pools[table]);
  } else {
    id = r.pick([...pools[table], randomUUID()]);
  }
  const fields: Record<string, unknown> = {};
  const count = r.int(4);
  for (let i = 0; i < count; i += 1) {
    const field = r.chance(0.1) ? r.pick(['tenant_id', 'id', '_txid', 'deleted_at', 'bogus']) : r.pick(FIELDS[table]);
    fields[field] = buildValue(r, field, pools);
  }
  if (op === 'insert' && table === 'companies' && !('name' in fields) && r.chance(0.8)) fields['name'] = 'Fuzz SARL';
  if (op === 'insert' && table === 'contacts' && !('last_name' in fields) && r.chance(0.8))
    fields['last_name'] = 'Fuzz';
  const mutation: Record<string, unknown> = { mutation_id: mutationId, table, op, id };
  if (op !== 'delete' || r.chance(0.2)) mutation['fields'] = fields;
  return mutation;
}

type Request = {
  readonly body: string;
  /** Fresh insert ids by position in the batch (null where the mutation creates nothing new). */
  readonly fresh: readonly (string | null)[];
};

type Worker = { readonly clientId: string; readonly tenantId: string; readonly token: string; last: number };

function buildRequest(r: Random, worker: Worker, pools: Pools): Request {
  const kind = r.next();
  const mutations = (first: number, n: number): { list: Record<string, unknown>[]; fresh: (string | null)[] } => {
    const list: Record<string, unknown>[] = [];
    const fresh: (string | null)[] = [];
    for (let i = 0; i < n; i += 1) {
      const ids: string[] = [];
      list.push(buildMutation(r, first + i, pools, ids));
      fresh.push(ids[0] ?? null);
    }
    return { list, fresh };
  };
  const wrap = (args: Record<string, unknown>, fresh: (string | null)[]): Request => ({
    body: JSON.stringify(args),
    fresh,
  });
  const base = { p_client_id: worker.clientId, p_tenant_id: worker.tenantId };
  if (kind < 0.45) {
    const { list, fresh } = mutations(worker.last + 1, 1 + r.int(6));
    return wrap({ ...base, p_mutations: list }, fresh);
  }
  if (kind < 0.55) {
    // Replays (and some new ones after them).
    const start = Math.max(1, worker.last - r.int(5));
    const { list, fresh } = mutations(start, 1 + r.int(8));
    return wrap({ ...base, p_mutations: list }, fresh);
  }
  if (kind < 0.6) {
    const { list, fresh } = mutations(worker.last + 2 + r.int(5), 1 + r.int(3));
    return wrap({ ...base, p_mutations: list }, fresh);
  }
  if (kind < 0.65) {
    const { list, fresh } = mutations(worker.last + 1, 2);
    return wrap({ ...base, p_tenant_id: otherTeam.tenantId, p_mutations: list }, fresh);
  }
  if (kind < 0.68) {
    const { list, fresh } = mutations(worker.last + 1, 501 + r.int(50));
    return wrap({ ...base, p_mutations: list }, fresh);
  }
  if (kind < 0.78) {
    const { list, fresh } = mutations(worker.last + 1, 1 + r.int(3));
    const junkAt = r.int(list.length);
    const field = r.pick(['mutation_id', 'table', 'op', 'id', 'fields']);
    list[junkAt] = { ...list[junkAt], [field]: r.chance(0.3) ? undefined : buildJunk(r) };
    if (r.chance(0.2)) list[junkAt] = buildJunk(r) as never;
    // A junk id may still be a valid new uuid: the row it creates, if any, is that one.
    const changed = list[junkAt] as Record<string, unknown> | null;
    if (field === 'id')
      fresh[junkAt] =
        changed?.['op'] === 'insert' && typeof changed['id'] === 'string' && UUID.test(changed['id'])
          ? changed['id']
          : null;
    return wrap({ ...base, p_mutations: list }, fresh);
  }
  if (kind < 0.86) {
    const { list, fresh } = mutations(worker.last + 1, 1 + r.int(2));
    return wrap(
      {
        p_client_id: r.chance(0.5) ? buildJunk(r) : worker.clientId,
        p_tenant_id: r.chance(0.5) ? buildJunk(r) : worker.tenantId,
        p_mutations: r.chance(0.5) ? buildJunk(r) : list,
      },
      fresh,
    );
  }
  if (kind < 0.92) {
    const { list, fresh } = mutations(worker.last + 1, 1);
    const variants = [
      () => ({ body: '{"p_client_id":', fresh }),
      () => ({ body: 'not json at all', fresh }),
      () => wrap({ p_mutations: list }, fresh),
      () => wrap({ ...base, p_mutations: list, p_extra: 1 }, fresh),
      () => ({ body: JSON.stringify(list), fresh }),
      () => ({ body: '', fresh }),
    ];
    return r.pick(variants)();
  }
  const { list, fresh } = mutations(worker.last + 1, 1 + r.int(3));
  const target = list[0]!;
  target['fields'] = { ...(target['fields'] as object), notes: 'n'.repeat(r.pick([10_001, 100_000])) };
  return wrap({ ...base, p_mutations: list }, fresh);
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  teams = [];
  for (let i = 0; i < TENANTS; i += 1) teams.push(await createTeam(db, { label: `fuzz-${i}` }));
  otherTeam = await createTeam(db, { label: 'fuzz-other' });
});
afterAll(async () => {
  await db.end();
});

async function countRows(): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select (select count(*) from public.companies where tenant_id = any($1::uuid[]))::int
          + (select count(*) from public.contacts where tenant_id = any($1::uuid[]))::int as n`,
    [teams.map((t) => t.tenantId)],
  );
  return rows[0]!.n;
}

describe('sync_push fuzz', () => {
  it(`answers ${REQUESTS} random payloads with 2xx or a known 4xx, never 5xx, and never half a batch`, async () => {
    const pools: Pools[] = [];
    for (const team of teams) {
      pools.push({
        companies: [await insertCompany(db, team.tenantId), await insertCompany(db, team.tenantId)],
        contacts: [await insertContact(db, team.tenantId), await insertContact(db, team.tenantId)],
        users: [team.members.manager.id, team.members.sales.id, randomUUID()],
      });
    }
    const rowsBefore = await countRows();
    const created: string[] = [];
    const absent: string[] = [];
    const failures: string[] = [];
    const statuses = new Map<string, number>();
    let sent = 0;

    async function runWorker(index: number): Promise<void> {
      const r = createRandom(SEED + index * 7919);
      const team = teams[index % TENANTS]!;
      const worker: Worker = {
        clientId: randomUUID(),
        tenantId: team.tenantId,
        token: mintUserToken(team.members.manager.id),
        last: 0,
      };
      while (sent < REQUESTS) {
        sent += 1;
        const request = buildRequest(r, worker, pools[index % TENANTS]!);
        const response = await fetch(`${stack.apiUrl}/rest/v1/rpc/sync_push`, {
          method: 'POST',
          headers: {
            apikey: stack.anonKey,
            authorization: `Bearer ${worker.token}`,
            'content-type': 'application/json',
          },
          body: request.body,
        });
        const text = await response.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        const where = `seed ${SEED}, worker ${index}: ${response.status} ${text.slice(0, 200)} ← ${request.body.slice(0, 200)}`;
        if (response.status >= 500) {
          failures.push(`5xx (${where})`);
          continue;
        }
        if (response.ok) {
          const parsed = pushResponseSchema.safeParse(body);
          if (!parsed.success) {
            failures.push(`bad 2xx body (${where})`);
            continue;
          }
          statuses.set('200', (statuses.get('200') ?? 0) + 1);
          worker.last = parsed.data.last_mutation_id;
          parsed.data.results.forEach((result, i) => {
            const id = request.fresh[i];
            if (!id) return;
            if (result.status === 'applied') created.push(id);
            else absent.push(id);
          });
          for (const result of parsed.data.results) {
            if (result.status === 'rejected' && result.fields.some((f) => typeof f !== 'string')) {
              failures.push(`rejection without field names (${where})`);
            }
          }
          continue;
        }
        const error = body as { code?: string; message?: string };
        const code = String(error?.code ?? '');
        const isOurs = /^PT4\d\d$/.test(code) && BATCH_CODES.has(String(error?.message));
        if (!isOurs && !POSTGREST_CODES.has(code)) failures.push(`unknown 4xx code (${where})`);
        statuses.set(
          isOurs ? String(error.message) : code,
          (statuses.get(isOurs ? String(error.message) : code) ?? 0) + 1,
        );
        for (const id of request.fresh) if (id) absent.push(id);
      }
    }

    await Promise.all(Array.from({ length: WORKERS }, (_, i) => runWorker(i)));
    console.log(
      `sync_push fuzz (seed ${SEED}): ${sent} requests, answers ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(failures.slice(0, 5), `seed ${SEED}`).toEqual([]);

    const { rows } = await db.query<{ id: string }>(
      `select id from public.companies where id = any($1::uuid[]) union all select id from public.contacts where id = any($1::uuid[])`,
      [[...created, ...absent]],
    );
    const existing = new Set(rows.map((row) => row.id));
    expect(
      absent.filter((id) => existing.has(id)),
      `seed ${SEED}: rows of refused mutations exist`,
    ).toEqual([]);
    expect(
      created.filter((id) => !existing.has(id)),
      `seed ${SEED}: applied rows missing`,
    ).toEqual([]);
    expect(await countRows(), `seed ${SEED}: row count`).toBe(rowsBefore + created.length);
    // The fuzz reached every kind of answer.
    expect(statuses.get('200') ?? 0, `seed ${SEED}`).toBeGreaterThan(1000);
    expect(created.length, `seed ${SEED}`).toBeGreaterThan(100);
    for (const code of ['sync_batch_invalid', 'sync_batch_too_large', 'mutation_gap', 'not_a_member']) {
      expect(statuses.get(code) ?? 0, `seed ${SEED}: ${code}`).toBeGreaterThan(0);
    }
  }, 240_000);
});
