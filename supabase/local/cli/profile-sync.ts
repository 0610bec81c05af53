/**
 * `npx tsx supabase/local/cli/profile-sync.ts [--rows 100000] [--runs 3] [--keep]`: the server side
 * of sync alone, for tuning sync_pull / sync_push (the official figures come from `npm run bench --
 * sync`). Starts an isolated stack, seeds the bench tenant, then measures through supabase-js:
 * - sync_pull rows/s: full initial pulls in pages of 10,000 as the bench owner (and once as a
 *   `sales` user, whose `own` scope takes the evict path), plus an incremental pull after edits;
 * - sync_push mutations/s: 20 batches of 500 contact inserts, then 20 of 500 updates of those
 *   rows, as the owner and as a sales user.
 * `--keep` leaves the stack running (prints its URLs) until Ctrl-C, for EXPLAIN sessions.
 * The machine's load average is printed with the figures: other work skews them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import WebSocket from 'ws';
import { createUuidV7 } from '../../../shared/ids/uuidv7.ts';
import { startStack, type RunningStack } from '../stack.ts';
import { BENCH_OWNER_EMAIL, BENCH_TENANT_ID, seedBenchTenant } from './seed-bench.ts';

const PASSWORD = 'Comptoir-demo-2026';
const SALES_EMAIL = 'bench.sales@comptoir.test';
const PULL_LIMIT = 10_000;
const PUSH_BATCH = 500;
const PUSH_BATCHES = 20;

type PullPage = {
  changes: Record<string, unknown[]>;
  evict: Record<string, unknown[]>;
  cursor: string;
  has_more: boolean;
};
type PushAnswer = { results: { status: string; code?: string }[] };

function readOption(name: string, fallback: number): number {
  const argv = process.argv.slice(2);
  const index = argv.indexOf(name);
  return index >= 0 ? Number(argv[index + 1]) : fallback;
}

function formatLoad(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

function computeMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function signIn(stack: RunningStack, email: string): Promise<SupabaseClient> {
  const client = createClient(stack.apiUrl, stack.anonKey, {
    realtime: { transport: WebSocket as never },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
  if (error) throw new Error(`sign-in as ${email}: ${error.message}`);
  return client;
}

/** A `sales` member of the bench tenant (owns nothing yet). */
async function createSalesUser(stack: RunningStack): Promise<void> {
  const service = createClient(stack.apiUrl, stack.serviceRoleKey, {
    realtime: { transport: WebSocket as never },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const created = await service.auth.admin.createUser({ email: SALES_EMAIL, password: PASSWORD, email_confirm: true });
  if (created.error) throw new Error(created.error.message);
  const db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  try {
    await db.query(`insert into public.memberships (tenant_id, user_id, role) values ($1, $2, 'sales')`, [
      BENCH_TENANT_ID,
      created.data.user.id,
    ]);
    // A slice of the tenant's contacts belongs to the sales user (their `own` pull scope).
    await db.query(
      `update public.contacts set owner_id = $2 where tenant_id = $1 and right(id::text, 1) in ('0', '5')`,
      [BENCH_TENANT_ID, created.data.user.id],
    );
    await db.query('vacuum analyze public.contacts, public.companies');
  } finally {
    await db.end();
  }
}

async function pullAll(
  client: SupabaseClient,
  cursor: string | null,
): Promise<{ ms: number; rows: number; evicted: number; pages: number[]; cursor: string }> {
  let next = cursor;
  let rows = 0;
  let evicted = 0;
  const pages: number[] = [];
  const started = performance.now();
  for (;;) {
    const pageStarted = performance.now();
    const { data, error } = await client.rpc('sync_pull', {
      p_tenant_id: BENCH_TENANT_ID,
      p_cursor: next,
      p_limit: PULL_LIMIT,
    });
    if (error) throw new Error(`sync_pull: ${error.message}`);
    pages.push(performance.now() - pageStarted);
    const page = data as PullPage;
    for (const list of Object.values(page.changes)) rows += list.length;
    for (const list of Object.values(page.evict)) evicted += list.length;
    next = page.cursor;
    if (!page.has_more) return { ms: performance.now() - started, rows, evicted, pages, cursor: next };
  }
}

function buildInserts(firstId: number, ids: string[]): unknown[] {
  return Array.from({ length: PUSH_BATCH }, (_, i) => {
    const mutationId = firstId + i;
    const id = createUuidV7();
    ids.push(id);
    return {
      mutation_id: mutationId,
      table: 'contacts',
      op: 'insert',
      id,
      fields: {
        first_name: 'Banc',
        last_name: `Poussée ${mutationId}`,
        email: `banc.poussee.${mutationId}.${id.slice(-8)}@exemple.test`,
        phone: `+3361${String(mutationId).padStart(7, '0')}`,
        job_title: 'Acheteur',
        city: 'Nantes',
        postal_code: '44000',
        tags: ['bench', 'push'],
      },
    };
  });
}

function buildUpdates(firstId: number, ids: readonly string[]): unknown[] {
  return ids.map((id, i) => ({
    mutation_id: firstId + i,
    table: 'contacts',
    op: 'update',
    id,
    fields: { job_title: `Acheteuse ${firstId + i}`, city: 'Rennes', tags: ['bench', 'edited'] },
  }));
}

async function pushBatches(
  client: SupabaseClient,
  clientId: string,
  batches: readonly unknown[][],
): Promise<{ perSecond: number; batchMs: number; applied: number; rejected: string[] }> {
  let applied = 0;
  const rejected = new Set<string>();
  const batchMs: number[] = [];
  const started = performance.now();
  let total = 0;
  for (const batch of batches) {
    const batchStarted = performance.now();
    const { data, error } = await client.rpc('sync_push', {
      p_client_id: clientId,
      p_tenant_id: BENCH_TENANT_ID,
      p_mutations: batch,
    });
    if (error) throw new Error(`sync_push: ${error.message}`);
    batchMs.push(performance.now() - batchStarted);
    for (const result of (data as PushAnswer).results) {
      if (result.status === 'applied') applied += 1;
      else rejected.add(`${result.status}:${result.code ?? ''}`);
    }
    total += batch.length;
  }
  const ms = performance.now() - started;
  return {
    perSecond: Math.round((total / ms) * 1000),
    batchMs: Math.round(computeMedian(batchMs)),
    applied,
    rejected: [...rejected],
  };
}

async function profilePush(client: SupabaseClient, label: string): Promise<void> {
  const clientId = createUuidV7();
  const ids: string[][] = [];
  const inserts = Array.from({ length: PUSH_BATCHES }, (_, b) => {
    const batchIds: string[] = [];
    ids.push(batchIds);
    return buildInserts(1 + b * PUSH_BATCH, batchIds);
  });
  const inserted = await pushBatches(client, clientId, inserts);
  const base = PUSH_BATCHES * PUSH_BATCH;
  const updates = ids.map((batchIds, b) => buildUpdates(base + 1 + b * PUSH_BATCH, batchIds));
  const updated = await pushBatches(client, clientId, updates);
  for (const [kind, figures] of [
    ['inserts', inserted],
    ['updates', updated],
  ] as const) {
    console.log(
      `push ${label} ${kind}: ${figures.perSecond} mutations/s (batch p50 ${figures.batchMs} ms, ` +
        `${figures.applied}/${base} applied${figures.rejected.length ? `, rejected ${figures.rejected.join(' ')}` : ''}) ` +
        `[load ${formatLoad()}]`,
    );
  }
}

async function main(): Promise<void> {
  const rows = readOption('--rows', 100_000);
  const runs = readOption('--runs', 3);
  const isKept = process.argv.includes('--keep');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'comptoir-profile-sync-'));
  console.log(`load at start: ${formatLoad()} (${os.cpus().length} cores)`);
  const stack = await startStack({ dataDir, mode: 'test', app: false, log: () => undefined });
  try {
    const seeded = await seedBenchTenant(stack.dbUrl, rows);
    await createSalesUser(stack);
    console.log(`seeded ${seeded.contacts} contacts, ${seeded.companies} companies in ${seeded.seconds.toFixed(1)} s`);
    const owner = await signIn(stack, BENCH_OWNER_EMAIL);
    const sales = await signIn(stack, SALES_EMAIL);

    let cursor = '';
    for (let i = 0; i < runs; i += 1) {
      const pulled = await pullAll(owner, null);
      cursor = pulled.cursor;
      console.log(
        `pull owner initial: ${pulled.rows} rows in ${Math.round(pulled.ms)} ms = ${Math.round((pulled.rows / pulled.ms) * 1000)} rows/s ` +
          `(page p50 ${Math.round(computeMedian(pulled.pages))} ms, ${pulled.pages.length} pages) [load ${formatLoad()}]`,
      );
    }
    const salesPull = await pullAll(sales, null);
    console.log(
      `pull sales initial: ${salesPull.rows} rows in ${Math.round(salesPull.ms)} ms = ` +
        `${Math.round((salesPull.rows / salesPull.ms) * 1000)} rows/s [load ${formatLoad()}]`,
    );

    await profilePush(owner, 'owner');
    await profilePush(sales, 'sales');

    // Incremental windows after the pushes (20,000 inserted + updated rows per user).
    const ownerDelta = await pullAll(owner, cursor);
    console.log(
      `pull owner incremental: ${ownerDelta.rows} rows in ${Math.round(ownerDelta.ms)} ms = ` +
        `${Math.round((ownerDelta.rows / ownerDelta.ms) * 1000)} rows/s [load ${formatLoad()}]`,
    );
    const salesDelta = await pullAll(sales, salesPull.cursor);
    console.log(
      `pull sales incremental: ${salesDelta.rows} rows, ${salesDelta.evicted} evicted in ${Math.round(salesDelta.ms)} ms [load ${formatLoad()}]`,
    );

    if (isKept) {
      console.log(`stack kept: api ${stack.apiUrl}  superuser ${stack.superuserUrl}  (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`profile-sync failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
