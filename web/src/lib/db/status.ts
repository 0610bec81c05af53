/**
 * The sync status store: a tiny external store read with useSyncExternalStore. Always visible in
 * the shell (online/offline, pending count, last sync, errors, initial-sync progress; L16).
 */
export type SyncPhase = 'stopped' | 'initial' | 'syncing' | 'idle' | 'offline' | 'error';

export type SyncState = {
  phase: SyncPhase;
  online: boolean;
  /** Outbox entries not yet acknowledged. */
  pending: number;
  /** Entries waiting in "needs attention". */
  rejections: number;
  /** ISO UTC of the last complete pull. */
  lastSyncedAt: string | null;
  /** i18n key (sync.errors.*) of the last error, null when fine. */
  errorKey: string | null;
  /** Initial sync only. */
  progress: { done: number; total: number } | null;
  isLeader: boolean;
};

export const STOPPED_STATE: SyncState = {
  phase: 'stopped',
  online: typeof navigator === 'undefined' ? true : navigator.onLine !== false,
  pending: 0,
  rejections: 0,
  lastSyncedAt: null,
  errorKey: null,
  progress: null,
  isLeader: false,
};

let state: SyncState = STOPPED_STATE;
const listeners = new Set<() => void>();

export function getSyncState(): SyncState {
  return state;
}

/** Merges `patch` into the state; listeners run only when something changed. */
export function updateSyncState(patch: Partial<SyncState>): void {
  let changed = false;
  for (const key of Object.keys(patch) as (keyof SyncState)[]) {
    if (JSON.stringify(state[key]) !== JSON.stringify(patch[key])) changed = true;
  }
  if (!changed) return;
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

export function resetSyncState(): void {
  state = { ...STOPPED_STATE, online: state.online };
  for (const listener of listeners) listener();
}

export function subscribeToSyncState(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
