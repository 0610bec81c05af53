/**
 * What the sync bench page (main.tsx) returns to Node (supabase/local/cli/bench-sync.ts): plain
 * data that crosses the DevTools protocol. No DOM or Node types, so both sides import it.
 */

export type TimelineSample = { readonly ms: number; readonly phase: string; readonly done: number | null };

export type InitialSyncResult = {
  /** startReplica() → its promise resolved. */
  readonly startResolvedMs: number;
  /** startReplica() called → phase idle after a complete pull (lastSyncedAt set). */
  readonly idleMs: number;
  /** startReplica() called → the expected contacts read back from IndexedDB. */
  readonly countedMs: number;
  readonly contacts: number;
  readonly companies: number;
  /**
   * sync_pull requests of this sync: how many, their summed duration (network + server), and the
   * time at least one was in flight (requests overlapping engine work are counted once).
   */
  readonly pullRequests: { readonly count: number; readonly totalMs: number; readonly inFlightMs: number };
  /** The engine's SyncState at the end, as JSON. */
  readonly finalState: unknown;
  /** Phase and progress every ~250 ms: where the time goes (download vs. write). */
  readonly timeline: readonly TimelineSample[];
};

export type EditResult = {
  /** Wall-clock instant (performance.timeOrigin + performance.now()) the edit started. */
  readonly startedAt: number;
  readonly committedMs: number;
};

/** A request seen by Resource Timing, as wall-clock instants (ms since the epoch). */
export type RequestTiming = { readonly start: number; readonly end: number };

export type WriteResult = { readonly op: 'create' | 'update'; readonly ms: number };

export type SearchResult = { readonly query: string; readonly ms: number; readonly hits: number };

/** `window.comptoirBench` of the bench page. */
export type BenchApi = {
  /** Resolves once /runtime-config.json is loaded and the app's supabase client configured. */
  readonly ready: Promise<void>;
  signIn(email: string, password: string): Promise<string>;
  startSync(tenantId: string, expectedContacts: number, timeoutMs: number): Promise<InitialSyncResult>;
  /** Device B: shows these contacts through useReplicaQuery and notes when each job_title appears. */
  watch(ids: readonly string[]): void;
  seenAt(jobTitle: string): number | null;
  edit(id: string, jobTitle: string): Promise<EditResult>;
  runWrites(count: number, ids: readonly string[]): Promise<WriteResult[]>;
  runSearches(queries: readonly string[], limit: number): Promise<SearchResult[]>;
  /** Requests whose URL contains `fragment` that started within [from, to] (wall clock). */
  listRequests(fragment: string, from: number, to: number): RequestTiming[];
  getState(): unknown;
  now(): number;
  stop(): Promise<void>;
};

export const BENCH_GLOBAL = 'comptoirBench';
