/**
 * The sync bench page: boots like the PWA (runtime config → the app's supabase-js client), signs
 * in through the app's own sign-in, then drives the REAL engine (web/src/lib/db) for Playwright,
 * which calls `window.comptoirBench.*` (supabase/local/cli/bench-sync.ts builds and serves it).
 *
 * Timings are taken here, in the page, so they do not include the DevTools round trip. Instants
 * that two pages compare (edit on A → visible on B) are wall-clock instants
 * (`performance.timeOrigin + performance.now()`): both pages run on one machine, one clock.
 */
import { useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { loadRuntimeConfig } from '@web/app/runtime-config.ts';
import { configureSupabase, getSessionState, signInWithPassword } from '@web/lib/supabase/index.ts';
import {
  createRow,
  getSyncState,
  searchContacts,
  startReplica,
  stopReplica,
  updateRow,
  useReplicaQuery,
  type SyncState,
} from '@web/lib/db/index.ts';
import {
  BENCH_GLOBAL,
  type BenchApi,
  type EditResult,
  type InitialSyncResult,
  type RequestTiming,
  type SearchResult,
  type TimelineSample,
  type WriteResult,
} from './api.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const wallClock = (): number => performance.timeOrigin + performance.now();

let userId: string | undefined;
let tenantId: string | undefined;

/** The app boots the same way (web/src/app/boot.tsx): /runtime-config.json, then the one client. */
async function boot(): Promise<void> {
  // Room for every request of a run: sync timings are read back from Resource Timing.
  performance.setResourceTimingBufferSize(100_000);
  configureSupabase(await loadRuntimeConfig());
}

async function signIn(email: string, password: string): Promise<string> {
  await signInWithPassword(email, password);
  const deadline = performance.now() + 30_000;
  for (;;) {
    const session = getSessionState();
    if (session.status === 'signed-in' && session.isConfirmed) {
      userId = session.user.id;
      return userId;
    }
    if (performance.now() > deadline) throw new Error(`no confirmed session after sign-in (${session.status})`);
    await sleep(20);
  }
}

/** Counts the rows of one object store of the engine's database, read-only, then closes it. */
function countStore(databaseName: string, store: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // No version: opens the current one and never triggers an upgrade of the engine's schema.
    const open = indexedDB.open(databaseName);
    open.onerror = () => reject(open.error ?? new Error(`cannot open ${databaseName}`));
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(store)) {
        db.close();
        resolve(0);
        return;
      }
      const request = db.transaction(store, 'readonly').objectStore(store).count();
      request.onsuccess = () => {
        db.close();
        resolve(request.result);
      };
      request.onerror = () => {
        db.close();
        reject(request.error ?? new Error(`cannot count ${store}`));
      };
    };
  });
}

function getDatabaseName(): string {
  if (!userId || !tenantId) throw new Error('startSync first');
  return `comptoir-${userId}-${tenantId}`;
}

/**
 * startReplica → phase idle after a complete pull → the expected contacts counted in IndexedDB.
 * The state is polled every 5 ms (the engine offers a React hook and a getter, no listener).
 */
async function startSync(tenant: string, expectedContacts: number, timeoutMs: number): Promise<InitialSyncResult> {
  if (!userId) throw new Error('signIn first');
  tenantId = tenant;
  const timeline: TimelineSample[] = [];
  const started = performance.now();
  let lastSample = -Infinity;
  const sample = (): SyncState => {
    const state = getSyncState();
    const ms = performance.now() - started;
    if (ms - lastSample >= 250) {
      timeline.push({ ms: Math.round(ms), phase: state.phase, done: state.progress?.done ?? null });
      lastSample = ms;
    }
    return state;
  };
  let startResolvedMs = Number.NaN;
  let startError: unknown;
  const starting = startReplica({ userId, tenantId: tenant }).then(
    () => {
      startResolvedMs = performance.now() - started;
    },
    (error: unknown) => {
      startError = error;
    },
  );
  const waitForIdle = async (): Promise<number> => {
    for (;;) {
      const state = sample();
      if (startError !== undefined) throw startError;
      if (state.phase === 'error') throw new Error(`sync error: ${state.errorKey ?? 'unknown'}`);
      if (state.phase === 'idle' && state.lastSyncedAt !== null && !Number.isNaN(startResolvedMs)) {
        return performance.now() - started;
      }
      if (performance.now() - started > timeoutMs) {
        throw new Error(`initial sync not idle after ${timeoutMs} ms (${JSON.stringify(state)})`);
      }
      await sleep(5);
    }
  };
  const waitForRows = async (): Promise<number> => {
    for (;;) {
      const contacts = await countStore(getDatabaseName(), 'contacts');
      if (contacts >= expectedContacts) return contacts;
      if (performance.now() - started > timeoutMs) {
        throw new Error(`idle with ${contacts} of ${expectedContacts} contacts in IndexedDB`);
      }
      await sleep(20);
    }
  };
  const idleMs = await waitForIdle();
  await starting;
  const contacts = await waitForRows();
  // When a sync_pull request was in flight (network + server), from Resource Timing (durations are
  // exposed cross-origin, sizes are not); the rest of the time only the engine worked (parse,
  // validation, IndexedDB writes) with nothing to wait for from the server.
  const pulls = performance
    .getEntriesByType('resource')
    .filter((entry): entry is PerformanceResourceTiming => entry.name.includes('/rpc/sync_pull'))
    .filter((entry) => entry.startTime >= started);
  // The engine may fetch the next page while it writes one: count overlapping requests once.
  let inFlightMs = 0;
  let coveredUntil = -Infinity;
  for (const entry of [...pulls].sort((x, y) => x.startTime - y.startTime)) {
    const end = entry.startTime + entry.duration;
    if (end > coveredUntil) {
      inFlightMs += end - Math.max(entry.startTime, coveredUntil);
      coveredUntil = end;
    }
  }
  const pullRequests = {
    count: pulls.length,
    totalMs: pulls.reduce((sum, entry) => sum + entry.duration, 0),
    inFlightMs,
  };
  const countedMs = performance.now() - started;
  const companies = await countStore(getDatabaseName(), 'companies');
  sample();
  return {
    startResolvedMs,
    idleMs,
    countedMs,
    contacts,
    companies,
    pullRequests,
    finalState: getSyncState(),
    timeline,
  };
}

// ── Device B: a screen showing some contacts, through the engine's live query ──────────────

/** job_title value → the instant it was first on screen (DOM committed) on this device. */
const seenAt = new Map<string, number>();

function WatchedContacts({ ids }: { readonly ids: readonly string[] }) {
  const rows = useReplicaQuery((db) => db.contacts.bulkGet([...ids]), [ids], []);
  // Layout effect: runs once React has committed the new rows to the DOM — "visible".
  useLayoutEffect(() => {
    const now = wallClock();
    for (const row of rows) {
      const title = row?.job_title;
      if (title && !seenAt.has(title)) seenAt.set(title, now);
    }
  }, [rows]);
  return (
    <ul>
      {rows.map((row, index) => (
        <li key={ids[index]}>{row ? `${row.last_name ?? ''} — ${row.job_title ?? ''}` : '…'}</li>
      ))}
    </ul>
  );
}

function watch(ids: readonly string[]): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('no #root');
  createRoot(container).render(<WatchedContacts ids={ids} />);
}

// ── Device A: edits and local writes ───────────────────────────────────────────────────────

/** Edits one field; returns the wall-clock instant the edit started and how long the write took. */
async function edit(id: string, jobTitle: string): Promise<EditResult> {
  const startedAt = wallClock();
  const started = performance.now();
  await updateRow('contacts', id, { job_title: jobTitle });
  return { startedAt, committedMs: performance.now() - started };
}

/** `count` writes, alternating a new contact and an edit of an existing one, 10 ms apart. */
async function runWrites(count: number, ids: readonly string[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (let i = 0; i < count; i += 1) {
    const isCreate = i % 2 === 0;
    const started = performance.now();
    if (isCreate) {
      await createRow('contacts', {
        first_name: 'Banc',
        last_name: `Écriture ${i}`,
        email: `banc.ecriture.${i}.${Date.now()}@exemple.test`,
        phone: `06 12 ${String(10 + (i % 90)).padStart(2, '0')} ${String(i % 100).padStart(2, '0')} 00`,
        city: 'Lyon',
        tags: ['bench'],
      });
    } else {
      const id = ids[i % ids.length];
      if (!id) throw new Error('no contact to update');
      await updateRow('contacts', id, { notes: `Relancé (écriture ${i})` });
    }
    results.push({ op: isCreate ? 'create' : 'update', ms: performance.now() - started });
    await sleep(10);
  }
  return results;
}

async function runSearches(queries: readonly string[], limit: number): Promise<SearchResult[]> {
  const results: SearchResult[] = [];
  for (const query of queries) {
    const started = performance.now();
    const hits = await searchContacts(query, { limit });
    results.push({ query, ms: performance.now() - started, hits: hits.length });
  }
  return results;
}

function listRequests(fragment: string, from: number, to: number): RequestTiming[] {
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.name.includes(fragment))
    .map((entry) => ({
      start: performance.timeOrigin + entry.startTime,
      end: performance.timeOrigin + entry.startTime + entry.duration,
    }))
    .filter((timing) => timing.start >= from && timing.start <= to);
}

const api: BenchApi = {
  ready: boot(),
  signIn,
  startSync,
  watch,
  seenAt: (jobTitle) => seenAt.get(jobTitle) ?? null,
  edit,
  runWrites,
  runSearches,
  listRequests,
  getState: () => getSyncState(),
  now: wallClock,
  stop: () => stopReplica(),
};

(window as unknown as Record<typeof BENCH_GLOBAL, BenchApi>)[BENCH_GLOBAL] = api;
