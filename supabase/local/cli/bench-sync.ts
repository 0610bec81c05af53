/**
 * `npm run bench -- sync` (F3): the local-first sync engine against a fresh isolated stack with
 * 100,000 seeded contacts (seedBenchTenant, the "Banc d'essai" tenant).
 *
 *   browser  the REAL engine (web/src/lib/db) in Debian's headless Chromium, driven through a
 *            small page (bench/browser) built here with Vite's build() into a temporary directory
 *            and served with the app server's static handler (+ /runtime-config.json), so it
 *            boots and signs in exactly as the PWA does. Each device is its own Chromium with a
 *            fresh profile directory: IndexedDB on disk, as on a real device (a Playwright
 *            `newContext()` keeps IndexedDB in memory, which flatters every write).
 *            1. initial sync of all contacts (startReplica → idle, rows counted in IndexedDB), ×3
 *            2. edit on device A → visible on device B (useReplicaQuery on B), 200 edits
 *            3. searchContacts over the replica, 200 realistic queries
 *            4. local write committed (createRow / updateRow resolved), 500 writes
 *   server   supabase-js in Node, signed in as the bench owner:
 *            5. sync_pull rows/s (full initial pull, pages of MAX_PULL_LIMIT) and sync_push
 *               mutations/s (20 batches of 500 inserts); each also straight in SQL as the same
 *               user, to tell the database's share from the HTTP layer's
 *
 * Besides each figure, the JSON says where the time went: sync_pull waiting vs. engine work in the
 * initial sync, the stages of an edit's trip from A to B (Resource Timing on both pages).
 *
 * Environment: BENCH_SYNC_ROWS (default 100000), BENCH_SYNC_RUNS (initial syncs, default 3),
 * BENCH_PROFILE=1 (unminified page; CPU profile of the first initial sync, top functions printed).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import pg from 'pg';
import WebSocket from 'ws';
import { CHROMIUM_ARGS, findChromium } from '../../../e2e/fixtures/chromium.ts';
import { createUuidV7 } from '../../../shared/ids/uuidv7.ts';
import { MAX_PULL_LIMIT, MAX_PUSH_BATCH } from '../../../shared/sync/protocol.ts';
import type {
  BenchApi,
  EditResult,
  InitialSyncResult,
  RequestTiming,
  SearchResult,
  WriteResult,
} from '../../../bench/browser/api.ts';
import { createStaticHandler } from '../app-server.ts';
import { REPO_ROOT } from '../config.ts';
import { findFreePort } from '../ports.ts';
import { startStack, type RunningStack } from '../stack.ts';
import { queryAs } from '../test/pg-actor.ts';
import { round, summarise, type Stats } from './bench-stats.ts';
import { seedBenchTenant } from './seed-bench.ts';

const BENCH_EMAIL = 'bench@comptoir.test';
const BENCH_PASSWORD = 'Comptoir-demo-2026';
const PAGE_DIR = path.join(REPO_ROOT, 'bench', 'browser');

const ROWS = Number(process.env['BENCH_SYNC_ROWS'] ?? 100_000);
const INITIAL_RUNS = Number(process.env['BENCH_SYNC_RUNS'] ?? 3);
const IS_PROFILING = process.env['BENCH_PROFILE'] === '1';
const EDITS = 200;
const SEARCHES = 200;
const SEARCH_LIMIT = 50;
const WRITES = 500;
const PUSH_BATCHES = 20;
const INITIAL_SYNC_TIMEOUT_MS = 15 * 60_000;
const EDIT_TIMEOUT_MS = 10_000;

export const SYNC_TARGETS = {
  initial_sync_rows_per_s: { min: 33_000 },
  edit_a_to_b_p50_ms: { max: 50 },
  edit_a_to_b_p95_ms: { max: 150 },
  search_p95_ms: { max: 30 },
  local_write_p95_ms: { max: 16 },
  sync_push_mutations_per_s: { min: 3_000 },
  sync_pull_rows_per_s: { min: 50_000 },
} as const;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deterministic pseudo-random numbers (mulberry32): the same queries on every run. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function log(line: string): void {
  console.log(`bench sync: ${line}`);
}

// ── The tenant ─────────────────────────────────────────────────────────────────────────────

type BenchTenant = { readonly tenantId: string; readonly userId: string; readonly contacts: number };

type SampleContact = {
  readonly id: string;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly company: string | null;
};

async function findBenchTenant(db: pg.Client): Promise<BenchTenant> {
  const found = await db.query<{ user_id: string; tenant_id: string }>(
    `select u.id as user_id, m.tenant_id
       from auth.users u join public.memberships m on m.user_id = u.id
      where u.email = $1 and m.role = 'owner'`,
    [BENCH_EMAIL],
  );
  const row = found.rows[0];
  if (!row) throw new Error(`seedBenchTenant created no owner ${BENCH_EMAIL}`);
  const counted = await db.query<{ n: string }>(
    'select count(*) as n from public.contacts where tenant_id = $1 and deleted_at is null',
    [row.tenant_id],
  );
  return { tenantId: row.tenant_id, userId: row.user_id, contacts: Number(counted.rows[0]?.n ?? 0) };
}

async function sampleContacts(db: pg.Client, tenantId: string, count: number): Promise<SampleContact[]> {
  const result = await db.query<SampleContact>(
    `select c.id, c.first_name, c.last_name, c.email, coalesce(c.mobile, c.phone) as phone, co.name as company
       from public.contacts c left join public.companies co on co.id = c.company_id
      where c.tenant_id = $1 and c.deleted_at is null
      order by md5(c.id::text) limit $2`,
    [tenantId, count],
  );
  return result.rows;
}

const stripAccents = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '');

/**
 * 200 queries a person types in the search box, drawn from real rows: last-name prefixes, full
 * names, names without their accents, e-mail fragments, phone digits as typed, company names.
 */
function buildSearchQueries(samples: readonly SampleContact[], count: number): string[] {
  const random = createRandom(20261122);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const makers: readonly ((c: SampleContact) => string | undefined)[] = [
    (c) => c.last_name?.slice(0, 3 + Math.floor(random() * 3)).toLowerCase(),
    (c) => (c.first_name && c.last_name ? `${c.first_name} ${c.last_name}` : undefined),
    (c) => (c.first_name && c.last_name ? stripAccents(`${c.first_name} ${c.last_name}`).toLowerCase() : undefined),
    (c) => (c.last_name ? stripAccents(c.last_name).toLowerCase() : undefined),
    (c) => c.email?.split('@')[0]?.slice(0, 4 + Math.floor(random() * 6)),
    (c) => c.email?.split('@')[1]?.split('.')[0],
    // "+33612345678" typed as "06 12 34" or "612345".
    (c) => {
      if (!c.phone?.startsWith('+33')) return c.phone?.slice(-6);
      const national = `0${c.phone.slice(3)}`;
      return random() < 0.5 ? national.slice(0, 8).replace(/(\d\d)(?=\d)/g, '$1 ') : national.slice(1, 7);
    },
    (c) => c.company ?? undefined,
    (c) => c.company?.split(/\s+/)[0]?.toLowerCase(),
  ];
  const queries: string[] = [];
  while (queries.length < count) {
    const maker = makers[queries.length % makers.length];
    const sample = pick(samples);
    const query = maker && sample ? maker(sample)?.trim() : undefined;
    if (query) queries.push(query);
  }
  return queries;
}

// ── The page ───────────────────────────────────────────────────────────────────────────────

/** Builds bench/browser with the app's aliases, as production (minified unless profiling). */
async function buildPage(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({
    configFile: false,
    root: PAGE_DIR,
    envDir: REPO_ROOT,
    mode: 'production',
    logLevel: 'warn',
    clearScreen: false,
    resolve: {
      alias: { '@shared': path.join(REPO_ROOT, 'shared'), '@web': path.join(REPO_ROOT, 'web', 'src') },
    },
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      minify: !IS_PROFILING,
      reportCompressedSize: false,
      // One chunk on purpose (no lazy routes here); its size is not a concern for a bench page.
      chunkSizeWarningLimit: 10_000,
    },
  });
}

type PageServer = { readonly url: string; close(): Promise<void> };

async function servePage(root: string, stack: RunningStack): Promise<PageServer> {
  const handle = createStaticHandler(root, { supabaseUrl: stack.apiUrl, supabaseAnonKey: stack.anonKey });
  const server = http.createServer(handle);
  const port = await findFreePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Device = { readonly name: string; readonly context: BrowserContext; readonly page: Page; close(): Promise<void> };

/** A device: its own Chromium with a fresh profile on disk, the bench page open and signed in. */
async function openDevice(name: string, pageUrl: string, executablePath: string, tmpRoot: string): Promise<Device> {
  const profileDir = mkdtempSync(path.join(tmpRoot, `${name}-`));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => log(`${name}: page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Errors logged as objects: their stack, not "[object Object]".
      void Promise.all(
        message
          .args()
          .map((arg) =>
            arg.evaluate((v) => (v instanceof Error ? (v.stack ?? v.message) : (JSON.stringify(v) ?? String(v)))),
          ),
      ).then(
        (parts) => log(`${name}: console: ${parts.join(' ')}`),
        () => log(`${name}: console: ${message.text()}`),
      );
    });
    await page.goto(pageUrl);
    await page.waitForFunction(() => 'comptoirBench' in window);
    await callPage(page, (bench) => bench.ready);
    await callPage(page, (bench, [email, password]) => bench.signIn(email, password), [
      BENCH_EMAIL,
      BENCH_PASSWORD,
    ] as const);
    return { name, context, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs `fn` in the page with its `window.comptoirBench`. */
function callPage<R, A = undefined>(page: Page, fn: (bench: BenchApi, arg: A) => R | Promise<R>, arg?: A): Promise<R> {
  return page.evaluate(
    // The function is serialised and rebuilt in the page: it may only use its parameters.
    ([source, value]) => {
      const bench = (window as unknown as { comptoirBench: BenchApi }).comptoirBench;
      return (new Function(`return (${source})`)() as (b: BenchApi, a: unknown) => unknown)(bench, value);
    },
    [fn.toString(), arg] as const,
  ) as Promise<R>;
}

// ── CPU profile (BENCH_PROFILE=1) ──────────────────────────────────────────────────────────

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[] };

/** Self time per function (name + file:line), largest first. */
function summariseProfile(profile: CpuProfile, top: number): { fn: string; self_ms: number; share: string }[] {
  const totalHits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const msPerHit = totalHits > 0 ? (profile.endTime - profile.startTime) / 1000 / totalHits : 0;
  const selfHits = new Map<string, number>();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    const file = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${file}`.trim();
    selfHits.set(key, (selfHits.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  return [...selfHits.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, hits]) => ({
      fn,
      self_ms: Math.round(hits * msPerHit),
      share: `${((hits / totalHits) * 100).toFixed(1)}%`,
    }));
}

// ── Browser measures ───────────────────────────────────────────────────────────────────────

async function measureInitialSync(device: Device, tenant: BenchTenant): Promise<InitialSyncResult> {
  return callPage(
    device.page,
    (bench, [tenantId, expected, timeoutMs]) => bench.startSync(tenantId, expected, timeoutMs),
    [tenant.tenantId, tenant.contacts, INITIAL_SYNC_TIMEOUT_MS] as const,
  );
}

type ProfileTop = ReturnType<typeof summariseProfile>;

/** Runs `fn` under the DevTools CPU profiler of the device's page; the profile goes to /tmp. */
async function runProfiled<T>(
  device: Device,
  label: string,
  fn: () => Promise<T>,
): Promise<{ result: T; top: ProfileTop }> {
  const cdp = await device.context.newCDPSession(device.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const result = await fn();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const file = path.join(os.tmpdir(), `comptoir-bench-${label}-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const top = summariseProfile(profile as CpuProfile, 30);
  log(`CPU profile of ${label}: ${file}`);
  console.table(top);
  return { result, top };
}

/**
 * Clock offset of B relative to A (ms), from the exchange with the smallest round trip. Both are
 * wall clocks of one machine, so it should be ~0; it is measured rather than assumed.
 */
async function measureClockOffset(a: Page, b: Page): Promise<{ offset_ms: number; round_trip_ms: number }> {
  let best = { offset_ms: 0, round_trip_ms: Infinity };
  for (let i = 0; i < 20; i += 1) {
    const before = await callPage(a, (bench) => bench.now());
    const onB = await callPage(b, (bench) => bench.now());
    const after = await callPage(a, (bench) => bench.now());
    if (after - before < best.round_trip_ms) {
      best = { offset_ms: onB - (before + after) / 2, round_trip_ms: after - before };
    }
  }
  return { offset_ms: round(best.offset_ms, 3), round_trip_ms: round(best.round_trip_ms, 3) };
}

/** Where an edit's time goes, from both pages' Resource Timing (wall clock, offset-corrected). */
type EditBreakdown = {
  /** Edit started → A's sync_push request starts (local write + the engine's push debounce). */
  write_and_debounce: number;
  /** A's sync_push request (network + server). */
  push: number;
  /** A's push answered → B's sync_pull starts (commit → poke over Realtime → B's sync loop). */
  poke_to_pull: number;
  /** B's sync_pull request (network + server). */
  pull: number;
  /** B's pull answered → the new value on B's screen (parse, IndexedDB, liveQuery, React). */
  apply_and_render: number;
};

async function explainEdit(
  a: Page,
  b: Page,
  startedAt: number,
  seenOnA: number,
  offset: number,
): Promise<EditBreakdown | undefined> {
  const pushes: RequestTiming[] = await callPage(
    a,
    (bench, [from, to]) => bench.listRequests('/rpc/sync_push', from, to),
    [startedAt, seenOnA] as const,
  );
  const push = pushes[0];
  if (!push) return undefined;
  const pulls: RequestTiming[] = await callPage(
    b,
    (bench, [from, to]) => bench.listRequests('/rpc/sync_pull', from, to),
    [push.start + offset, seenOnA + offset] as const,
  );
  // The pull that brought the edit: the last one answered before the value appeared.
  const pull = pulls.filter((p) => p.end - offset <= seenOnA + 1).at(-1);
  if (!pull) return undefined;
  const pullStart = pull.start - offset;
  const pullEnd = pull.end - offset;
  return {
    write_and_debounce: push.start - startedAt,
    push: push.end - push.start,
    poke_to_pull: pullStart - push.end,
    pull: pullEnd - pullStart,
    apply_and_render: seenOnA - pullEnd,
  };
}

async function measureEdits(
  a: Device,
  b: Device,
  ids: readonly string[],
): Promise<{
  samples: number[];
  commit: number[];
  lost: number;
  clock: { offset_ms: number; round_trip_ms: number };
  breakdown: Record<keyof EditBreakdown, Stats> & { explained: number };
}> {
  await callPage(b.page, (bench, watched) => bench.watch(watched), ids);
  await sleep(500);
  const clock = await measureClockOffset(a.page, b.page);
  const random = createRandom(7);
  const run = Date.now().toString(36);
  const samples: number[] = [];
  const commit: number[] = [];
  const parts: EditBreakdown[] = [];
  let lost = 0;
  for (let i = 0; i < EDITS; i += 1) {
    const id = ids[i % ids.length] ?? '';
    const title = `Banc ${run} modification ${i}`;
    const edit: EditResult = await callPage(a.page, (bench, [rowId, value]) => bench.edit(rowId, value), [
      id,
      title,
    ] as const);
    commit.push(edit.committedMs);
    try {
      await b.page.waitForFunction(
        (value) => (window as unknown as { comptoirBench: BenchApi }).comptoirBench.seenAt(value) !== null,
        title,
        { timeout: EDIT_TIMEOUT_MS, polling: 5 },
      );
      const seenAt = await callPage(b.page, (bench, value) => bench.seenAt(value), title);
      if (seenAt !== null) {
        const seenOnA = seenAt - clock.offset_ms;
        samples.push(seenOnA - edit.startedAt);
        const part = await explainEdit(a.page, b.page, edit.startedAt, seenOnA, clock.offset_ms);
        if (part) parts.push(part);
      }
    } catch {
      lost += 1;
    }
    // A person edits, looks, edits again: leave the engines a moment between edits.
    await sleep(50 + Math.floor(random() * 100));
  }
  const stat = (key: keyof EditBreakdown): Stats => summarise(parts.map((p) => p[key]));
  const breakdown = {
    explained: parts.length,
    write_and_debounce: stat('write_and_debounce'),
    push: stat('push'),
    poke_to_pull: stat('poke_to_pull'),
    pull: stat('pull'),
    apply_and_render: stat('apply_and_render'),
  };
  return { samples, commit, lost, clock, breakdown };
}

// ── Server measures (Node, supabase-js) ────────────────────────────────────────────────────

async function signInNode(stack: RunningStack): Promise<SupabaseClient> {
  const client = createClient(stack.apiUrl, stack.anonKey, {
    realtime: { transport: WebSocket as never },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await client.auth.signInWithPassword({ email: BENCH_EMAIL, password: BENCH_PASSWORD });
  if (error) throw new Error(`sign-in as ${BENCH_EMAIL}: ${error.message}`);
  return client;
}

type PullPage = {
  changes: Record<string, unknown[]>;
  deletes: Record<string, unknown[]>;
  evict: Record<string, unknown[]>;
  cursor: string;
  has_more: boolean;
};

async function measurePull(
  client: SupabaseClient,
  tenantId: string,
): Promise<{ ms: number; rows: number; pages: number; page_ms: Stats }> {
  let cursor: string | null = null;
  let rows = 0;
  let pages = 0;
  const pageMs: number[] = [];
  const started = performance.now();
  for (;;) {
    const pageStarted = performance.now();
    const { data, error } = await client.rpc('sync_pull', {
      p_tenant_id: tenantId,
      p_cursor: cursor,
      p_limit: MAX_PULL_LIMIT,
    });
    if (error) throw new Error(`sync_pull: ${error.message}`);
    pageMs.push(performance.now() - pageStarted);
    const page = data as PullPage;
    pages += 1;
    for (const list of Object.values(page.changes)) rows += list.length;
    cursor = page.cursor;
    if (!page.has_more) break;
  }
  return { ms: performance.now() - started, rows, pages, page_ms: summarise(pageMs) };
}

/** Raw bytes of one full pull (fetch, no supabase-js): how much JSON crosses the wire. */
async function measurePullBytes(
  stack: RunningStack,
  token: string,
  tenantId: string,
): Promise<{ bytes: number; ms: number; parse_ms: number }> {
  let cursor: string | null = null;
  let bytes = 0;
  let parseMs = 0;
  const started = performance.now();
  for (;;) {
    const response = await fetch(`${stack.apiUrl}/rest/v1/rpc/sync_pull`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ p_tenant_id: tenantId, p_cursor: cursor, p_limit: MAX_PULL_LIMIT }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sync_pull ${response.status}: ${text.slice(0, 200)}`);
    bytes += Buffer.byteLength(text);
    const parseStarted = performance.now();
    const page = JSON.parse(text) as PullPage;
    parseMs += performance.now() - parseStarted;
    cursor = page.cursor;
    if (!page.has_more) break;
  }
  return { bytes, ms: round(performance.now() - started), parse_ms: round(parseMs) };
}

type PushResult = { results: { status: string }[]; txid: string };

function buildInsertBatch(firstMutationId: number, random: () => number): unknown[] {
  return Array.from({ length: MAX_PUSH_BATCH }, (_, i) => {
    const mutationId = firstMutationId + i;
    const n = Math.floor(random() * 1e8);
    return {
      mutation_id: mutationId,
      table: 'contacts',
      op: 'insert',
      id: createUuidV7(),
      fields: {
        first_name: 'Banc',
        last_name: `Poussée ${mutationId}`,
        email: `banc.poussee.${mutationId}.${n}@exemple.test`,
        phone: `+3361${String(n).padStart(8, '0').slice(0, 7)}`,
        job_title: 'Acheteur',
        city: 'Nantes',
        postal_code: '44000',
        tags: ['bench', 'push'],
      },
    };
  });
}

async function measurePush(
  client: SupabaseClient,
  tenantId: string,
): Promise<{ ms: number; mutations: number; applied: number; batch_ms: Stats }> {
  const clientId = createUuidV7();
  const random = createRandom(42);
  let mutations = 0;
  let applied = 0;
  const batchMs: number[] = [];
  const started = performance.now();
  for (let batch = 0; batch < PUSH_BATCHES; batch += 1) {
    const batchMutations = buildInsertBatch(mutations + 1, random);
    mutations += batchMutations.length;
    const batchStarted = performance.now();
    const { data, error } = await client.rpc('sync_push', {
      p_client_id: clientId,
      p_tenant_id: tenantId,
      p_mutations: batchMutations,
    });
    if (error) throw new Error(`sync_push: ${error.message}`);
    batchMs.push(performance.now() - batchStarted);
    const result = data as PushResult;
    applied += result.results.filter((r) => r.status === 'applied').length;
  }
  return { ms: performance.now() - started, mutations, applied, batch_ms: summarise(batchMs) };
}

/**
 * The same RPCs straight in PostgreSQL as the user (role + JWT claims as PostgREST sets them, in a
 * rolled-back transaction), right after their HTTP counterparts: how much of an RPC's time is the
 * database and how much the HTTP layer (gateway, JSON, supabase-js).
 */
async function measureSqlPull(
  stack: RunningStack,
  tenant: BenchTenant,
): Promise<{ pull_ms: number; pull_rows: number; pull_text_bytes: number }> {
  const db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  try {
    const actor = { kind: 'user', id: tenant.userId } as const;
    let cursor: string | null = null;
    let rows = 0;
    let bytes = 0;
    const started = performance.now();
    for (;;) {
      const result = await queryAs<{ page: string }>(db, actor, 'select public.sync_pull($1, $2, $3)::text as page', [
        tenant.tenantId,
        cursor,
        MAX_PULL_LIMIT,
      ]);
      if (!result.ok) throw new Error(`sync_pull (sql): ${result.message}`);
      const text = result.rows[0]?.page ?? '{}';
      bytes += Buffer.byteLength(text);
      const page = JSON.parse(text) as PullPage;
      for (const list of Object.values(page.changes)) rows += list.length;
      cursor = page.cursor;
      if (!page.has_more) break;
    }
    return { pull_ms: round(performance.now() - started), pull_rows: rows, pull_text_bytes: bytes };
  } finally {
    await db.end();
  }
}

async function measureSqlPush(stack: RunningStack, tenant: BenchTenant): Promise<Stats> {
  const db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  try {
    const actor = { kind: 'user', id: tenant.userId } as const;
    const random = createRandom(43);
    const samples: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const batch = buildInsertBatch(1, random);
      const started = performance.now();
      const result = await queryAs(db, actor, 'select public.sync_push($1, $2, $3::jsonb)', [
        createUuidV7(),
        tenant.tenantId,
        JSON.stringify(batch),
      ]);
      if (!result.ok) throw new Error(`sync_push (sql): ${result.message}`);
      samples.push(performance.now() - started);
    }
    return summarise(samples);
  } finally {
    await db.end();
  }
}

// ── The suite ──────────────────────────────────────────────────────────────────────────────

function checkTarget(value: number, target: { min?: number; max?: number }): boolean {
  if (!Number.isFinite(value)) return false;
  if (target.min !== undefined && value < target.min) return false;
  if (target.max !== undefined && value > target.max) return false;
  return true;
}

export async function benchSync(): Promise<Record<string, unknown>> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'comptoir-bench-sync-'));
  // Its own directory: PostgreSQL (another OS user) must traverse every parent of its data.
  const stackDir = mkdtempSync(path.join(os.tmpdir(), 'comptoir-bench-sync-stack-'));
  const stackLogs: string[] = [];
  const devices: Device[] = [];
  // Other work on the machine skews every figure: the load is recorded with them.
  const loadAtStart = os.loadavg().map((x) => round(x));
  let stack: RunningStack | undefined;
  let server: PageServer | undefined;
  try {
    const pageDir = path.join(tmpRoot, 'page');
    log('building the bench page…');
    const [stackStarted] = await Promise.all([
      startStack({
        dataDir: stackDir,
        mode: 'test',
        app: false,
        log: (line) => stackLogs.push(line),
      }),
      buildPage(pageDir),
    ]);
    stack = stackStarted;
    log(`seeding ${ROWS} contacts…`);
    const seedStarted = performance.now();
    await seedBenchTenant(stack.dbUrl, ROWS);
    const seedMs = performance.now() - seedStarted;
    const db = new pg.Client({ connectionString: stack.superuserUrl });
    await db.connect();
    let tenant: BenchTenant;
    let samples: SampleContact[];
    try {
      await db.query('vacuum analyze public.contacts, public.companies');
      tenant = await findBenchTenant(db);
      samples = await sampleContacts(db, tenant.tenantId, 400);
    } finally {
      await db.end();
    }
    log(`seeded ${tenant.contacts} contacts in ${Math.round(seedMs)} ms (tenant ${tenant.tenantId})`);
    if (tenant.contacts < ROWS) throw new Error(`expected ${ROWS} contacts, found ${tenant.contacts}`);

    // 5a. Server pull first, while the tenant holds exactly the seeded rows.
    const node = await signInNode(stack);
    const pulls = [];
    for (let i = 0; i < 3; i += 1) {
      pulls.push(await measurePull(node, tenant.tenantId));
      log(`sync_pull run ${i + 1}: ${pulls[i]?.rows} rows in ${Math.round(pulls[i]?.ms ?? 0)} ms`);
    }
    const token = (await node.auth.getSession()).data.session?.access_token ?? '';
    const pullBytes = await measurePullBytes(stack, token, tenant.tenantId);
    const sqlPull = await measureSqlPull(stack, tenant);
    log(`sync_pull straight in SQL: ${Math.round(sqlPull.pull_ms)} ms`);

    // 1. Initial sync, each in a fresh device.
    server = await servePage(pageDir, stack);
    const initialRuns: InitialSyncResult[] = [];
    const profiles: Record<string, ProfileTop> = {};
    let deviceA: Device | undefined;
    for (let run = 1; run <= INITIAL_RUNS; run += 1) {
      const device = await openDevice(`device-a${run}`, server.url, executablePath, tmpRoot);
      devices.push(device);
      let result: InitialSyncResult;
      if (IS_PROFILING && run === 1) {
        const profiled = await runProfiled(device, 'initial-sync', () => measureInitialSync(device, tenant));
        result = profiled.result;
        profiles['initial_sync'] = profiled.top;
      } else {
        result = await measureInitialSync(device, tenant);
      }
      initialRuns.push(result);
      log(
        `initial sync run ${run}: ${result.contacts} contacts, idle after ${Math.round(result.idleMs)} ms ` +
          `(${Math.round((tenant.contacts / result.idleMs) * 1000)} rows/s)`,
      );
      if (run < INITIAL_RUNS) {
        await device.close();
        devices.pop();
      } else {
        deviceA = device;
      }
    }
    if (!deviceA) throw new Error('BENCH_SYNC_RUNS must be at least 1');

    // Device B: a second engine on the same tenant (its initial sync is not part of the median).
    const deviceB = await openDevice('device-b', server.url, executablePath, tmpRoot);
    devices.push(deviceB);
    const initialB = await measureInitialSync(deviceB, tenant);
    log(`device B synced in ${Math.round(initialB.idleMs)} ms`);

    // 2. Edit on A → visible on B.
    const watchIds = samples.slice(0, 20).map((s) => s.id);
    const edits = await measureEdits(deviceA, deviceB, watchIds);
    log(`edits: ${edits.samples.length} seen on B, ${edits.lost} not within ${EDIT_TIMEOUT_MS} ms`);

    // B's engine would compete for this machine's cores: measure A alone from here on.
    await deviceB.close();
    devices.splice(devices.indexOf(deviceB), 1);

    // 3. Search on A.
    const queries = buildSearchQueries(samples, SEARCHES);
    const [firstSearch] = await callPage(deviceA.page, (bench, [q, limit]) => bench.runSearches(q, limit), [
      [queries[0] ?? 'mar'],
      SEARCH_LIMIT,
    ] as const);
    const searches: SearchResult[] = await callPage(deviceA.page, (bench, [q, limit]) => bench.runSearches(q, limit), [
      queries,
      SEARCH_LIMIT,
    ] as const);
    const emptySearches = searches.filter((s) => s.hits === 0).map((s) => s.query);
    log(`search: ${searches.length} queries, ${emptySearches.length} without results`);

    // 4. Local writes on A.
    const writeIds = samples.slice(20, 120).map((s) => s.id);
    const runWrites = (): Promise<WriteResult[]> =>
      callPage(deviceA.page, (bench, [n, ids]) => bench.runWrites(n, ids), [WRITES, writeIds] as const);
    let writes: WriteResult[];
    if (IS_PROFILING) {
      const profiled = await runProfiled(deviceA, 'local-writes', runWrites);
      writes = profiled.result;
      profiles['local_writes'] = profiled.top;
    } else {
      writes = await runWrites();
    }
    const finalStateA = await callPage(deviceA.page, (bench) => bench.getState());

    for (const device of devices.splice(0)) await device.close();

    // 5b. Server push last: it adds rows.
    const push = await measurePush(node, tenant.tenantId);
    log(`sync_push: ${push.applied}/${push.mutations} applied in ${Math.round(push.ms)} ms`);
    const sqlPush = await measureSqlPush(stack, tenant);
    log(`sync_push straight in SQL: batch of ${MAX_PUSH_BATCH} p50 ${sqlPush.p50_ms} ms`);
    await node.auth.signOut().catch(() => undefined);

    const idleMs = initialRuns.map((r) => r.idleMs);
    const rowsPerS = idleMs.map((ms) => Math.round((tenant.contacts / ms) * 1000));
    const editStats = summarise(edits.samples);
    const searchStats = summarise(searches.map((s) => s.ms));
    const writeStats = summarise(writes.map((w) => w.ms));
    const pullMs = median(pulls.map((p) => p.ms));
    const pullRows = pulls[0]?.rows ?? 0;
    const measured = {
      initial_sync_rows_per_s: median(rowsPerS),
      edit_a_to_b_p50_ms: editStats.p50_ms,
      edit_a_to_b_p95_ms: editStats.p95_ms,
      search_p95_ms: searchStats.p95_ms,
      local_write_p95_ms: writeStats.p95_ms,
      sync_push_mutations_per_s: Math.round((push.applied / push.ms) * 1000),
      sync_pull_rows_per_s: Math.round((pullRows / pullMs) * 1000),
    };
    const targets = Object.fromEntries(
      Object.entries(SYNC_TARGETS).map(([key, target]) => {
        const value = measured[key as keyof typeof measured];
        return [key, { value, ...target, met: checkTarget(value, target) }];
      }),
    );

    return {
      rows: tenant.contacts,
      seed_ms: Math.round(seedMs),
      load_average_1_5_15: { at_start: loadAtStart, at_end: os.loadavg().map((x) => round(x)) },
      browser: {
        executable: executablePath,
        // Debian's wrapper script prints shell noise on stderr; the version is on stdout.
        version: execFileSync(executablePath, ['--version'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim(),
        indexeddb: 'on disk (one Chromium profile per device)',
      },
      targets,
      ...(IS_PROFILING ? { profiles_top_self_time: profiles } : {}),
      initial_sync: {
        runs: initialRuns.map((r, i) => ({
          idle_ms: Math.round(r.idleMs),
          counted_ms: Math.round(r.countedMs),
          start_resolved_ms: Math.round(r.startResolvedMs),
          rows_per_s: rowsPerS[i],
          contacts_in_indexeddb: r.contacts,
          companies_in_indexeddb: r.companies,
          sync_pull_requests: r.pullRequests.count,
          sync_pull_requests_ms: Math.round(r.pullRequests.totalMs),
          sync_pull_in_flight_ms: Math.round(r.pullRequests.inFlightMs),
          no_pull_in_flight_ms: Math.round(r.idleMs - r.pullRequests.inFlightMs),
        })),
        median_ms: Math.round(median(idleMs)),
        median_rows_per_s: median(rowsPerS),
        device_b_ms: Math.round(initialB.idleMs),
        timeline_run_1: initialRuns[0]?.timeline,
      },
      edit_a_to_b: {
        ...editStats,
        sent: EDITS,
        lost: edits.lost,
        clock_offset_b_minus_a: edits.clock,
        breakdown_p50_p95: edits.breakdown,
        write_on_a: summarise(edits.commit),
      },
      search: {
        ...searchStats,
        limit: SEARCH_LIMIT,
        first_query_ms: round(firstSearch?.ms ?? Number.NaN),
        without_results: emptySearches.length,
        sample_queries: queries.slice(0, 18),
        slowest: [...searches]
          .sort((x, y) => y.ms - x.ms)
          .slice(0, 5)
          .map((s) => ({ query: s.query, ms: round(s.ms), hits: s.hits })),
      },
      local_write: {
        ...writeStats,
        create: summarise(writes.filter((w) => w.op === 'create').map((w) => w.ms)),
        update: summarise(writes.filter((w) => w.op === 'update').map((w) => w.ms)),
        state_after: finalStateA,
      },
      server: {
        sync_pull: {
          rows: pullRows,
          page_limit: MAX_PULL_LIMIT,
          pages: pulls[0]?.pages,
          runs_ms: pulls.map((p) => Math.round(p.ms)),
          median_ms: Math.round(pullMs),
          rows_per_s: measured.sync_pull_rows_per_s,
          page: pulls[0]?.page_ms,
          json_bytes: pullBytes.bytes,
          raw_fetch_ms: pullBytes.ms,
          json_parse_ms: pullBytes.parse_ms,
          sql_only_ms: sqlPull.pull_ms,
          sql_only_text_bytes: sqlPull.pull_text_bytes,
        },
        sync_push: {
          batches: PUSH_BATCHES,
          batch_size: MAX_PUSH_BATCH,
          mutations: push.mutations,
          applied: push.applied,
          total_ms: Math.round(push.ms),
          mutations_per_s: measured.sync_push_mutations_per_s,
          batch: push.batch_ms,
          sql_only_batch: sqlPush,
        },
      },
    };
  } catch (error) {
    if (stackLogs.length > 0) console.error(stackLogs.slice(-40).join('\n'));
    throw error;
  } finally {
    for (const device of devices) await device.close();
    await server?.close();
    await stack?.stop();
    rmSync(tmpRoot, { recursive: true, force: true });
    rmSync(stackDir, { recursive: true, force: true });
  }
}

/** The compact table `npm run bench -- sync` prints. */
export function printSyncTable(figures: Record<string, unknown>): void {
  const targets = figures['targets'] as Record<string, { value: number; min?: number; max?: number; met: boolean }>;
  const rows = Object.entries(targets).map(([measure, t]) => ({
    measure,
    value: t.value,
    target: t.min !== undefined ? `≥ ${t.min}` : `≤ ${t.max}`,
    met: t.met ? 'yes' : 'NO',
  }));
  console.table(rows);
}
