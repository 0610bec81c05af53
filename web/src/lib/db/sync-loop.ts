/**
 * When the leader tab pushes and pulls: on start, on a poke, when the network comes back, when
 * the tab is shown again, every 30 s (pokes can be lost; L11), just after a local write, when a
 * held delete leaves its undo window, and on request. One run at a time; a trigger during a run
 * schedules one more, unless that run's last push and last pull request both started after the
 * trigger (it then already covers it: e.g. the poke sent when Realtime joins during an initial
 * sync). Transient failures back off exponentially with jitter (1 s … 30 s);
 * fatal ones stop the loop and stay on screen.
 */
import type { SyncEngine } from './engine.ts';
import { SYNC_ERROR_KEYS } from './messages.ts';
import type { SyncPhase } from './status.ts';
import { updateSyncState } from './status.ts';
import { isSyncTransportError } from './transport.ts';

export const SYNC_INTERVAL_MS = 30_000;
/**
 * Writes of one burst (same task) still share a push; a longer wait only delayed every edit
 * reaching other devices, and writes during a push are sent together by the next run anyway.
 */
export const WRITE_DEBOUNCE_MS = 0;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 30_000;

export type SyncLoopOptions = {
  engine: SyncEngine;
  /** After a fatal failure (not_a_member, client_mismatch, refused batch). */
  onFatal?: (code: string) => void;
  random?: () => number;
};

/** Full-jitter exponential backoff: uniform in [cap/2, cap] with cap = min(30 s, 1 s · 2^n). */
export function computeBackoffMs(failures: number, random: () => number = Math.random): number {
  const cap = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

const FATAL_ERROR_KEYS: Readonly<Record<string, string>> = {
  not_a_member: SYNC_ERROR_KEYS.not_a_member,
  client_mismatch: SYNC_ERROR_KEYS.client_mismatch,
  sync_batch_invalid: SYNC_ERROR_KEYS.batch_refused,
  sync_batch_too_large: SYNC_ERROR_KEYS.batch_refused,
};

export class SyncLoop {
  private readonly engine: SyncEngine;
  private readonly onFatal: (code: string) => void;
  private readonly random: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dueAt = Infinity;
  private running: Promise<void> | undefined;
  private isRerunWanted = false;
  /** performance.now() of the latest run() call during a run. */
  private rerunWantedAt = -Infinity;
  private failures = 0;
  private isStopped = false;
  private isFatal = false;
  private interval: ReturnType<typeof setInterval> | undefined;

  constructor(options: SyncLoopOptions) {
    this.engine = options.engine;
    this.onFatal = options.onFatal ?? (() => undefined);
    this.random = options.random ?? Math.random;
  }

  start(): void {
    this.interval = setInterval(() => this.trigger(0), SYNC_INTERVAL_MS);
    this.trigger(0);
  }

  /** Stops the timers; resolves once a run in progress has ended (before the database closes). */
  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.interval !== undefined) clearInterval(this.interval);
    await this.running?.catch(() => undefined);
  }

  /** After a fatal stop, an explicit "Sync now" tries again (the cause may be fixed). */
  resume(): void {
    this.isFatal = false;
    this.failures = 0;
  }

  /** Runs a sync in `delayMs` (or sooner if one is already due sooner). */
  trigger(delayMs = 0): void {
    if (this.isStopped || this.isFatal) return;
    const dueAt = Date.now() + delayMs;
    if (this.timer !== undefined && dueAt >= this.dueAt) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.dueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dueAt = Infinity;
      void this.run();
    }, delayMs);
  }

  /** Resolves when the current run (and a rerun it scheduled) ended; for tests and "Sync now". */
  async runNow(): Promise<void> {
    await this.run();
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.isRerunWanted = true;
      this.rerunWantedAt = performance.now();
      return this.running;
    }
    let coveredBefore = -Infinity;
    this.running = this.runOnce()
      .then((covered) => {
        coveredBefore = covered;
      })
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
    if (this.isRerunWanted && this.rerunWantedAt < coveredBefore) this.isRerunWanted = false;
    if (this.isRerunWanted && !this.isStopped) {
      this.isRerunWanted = false;
      await this.run();
    }
  }

  /**
   * One push-and-pull; resolves with the instant before which a trigger is covered by it (its
   * last push and its last pull request started later), -Infinity when it failed.
   */
  private async runOnce(): Promise<number> {
    const hasCursor = ((await this.engine.getMeta<string | null>('cursor')) ?? null) !== null;
    const busy: SyncPhase = hasCursor ? 'syncing' : 'initial';
    updateSyncState({ phase: busy });
    try {
      let heldUntil: number | null = null;
      let pushStartedAt = -Infinity;
      for (let batches = 0; batches < 100; batches += 1) {
        pushStartedAt = performance.now();
        const outcome = await this.engine.push();
        heldUntil = outcome.heldUntil;
        if (!outcome.hasMore) break;
      }
      await this.engine.pull();
      this.failures = 0;
      updateSyncState({ phase: 'idle', online: true, errorKey: null, progress: null });
      if (heldUntil !== null) this.trigger(Math.max(0, heldUntil - Date.now()) + 10);
      return Math.min(pushStartedAt, this.engine.lastPullRequestAt);
    } catch (error) {
      this.handleFailure(error);
      return -Infinity;
    }
  }

  private handleFailure(error: unknown): void {
    if (isSyncTransportError(error) && error.kind === 'gap') {
      // Renumbered by the engine: retry at once (bounded by the failure count).
      this.failures += 1;
      this.trigger(this.failures > 3 ? computeBackoffMs(this.failures, this.random) : 0);
      return;
    }
    if (isSyncTransportError(error) && error.kind === 'fatal') {
      this.isFatal = true;
      updateSyncState({
        phase: 'error',
        errorKey: FATAL_ERROR_KEYS[error.code] ?? SYNC_ERROR_KEYS.unexpected,
        progress: null,
      });
      this.onFatal(error.code);
      return;
    }
    this.failures += 1;
    const isNetwork = isSyncTransportError(error) && error.code === 'network';
    const isOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
    updateSyncState({
      phase: isNetwork || isOffline ? 'offline' : 'error',
      online: !(isNetwork || isOffline),
      errorKey:
        isNetwork || isOffline
          ? SYNC_ERROR_KEYS.offline
          : isSyncTransportError(error)
            ? SYNC_ERROR_KEYS.server
            : SYNC_ERROR_KEYS.unexpected,
      progress: null,
    });
    if (!isSyncTransportError(error)) console.error('sync failed', error);
    this.trigger(computeBackoffMs(this.failures, this.random));
  }
}
