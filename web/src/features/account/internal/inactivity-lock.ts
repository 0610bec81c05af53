/**
 * The inactivity lock's state, in localStorage so that it survives a reload (a locked app stays
 * locked) and is shared by the user's tabs (activity in one tab keeps the others open; locking
 * or unlocking one does the same everywhere):
 *
 *   comptoir.lock      { userId, lockedAt }  — the app is locked for this user;
 *   comptoir.activity  { userId, at }        — the last time this user did something here.
 *
 * Both are cleared when the session ends (sign-out, session refused by the server), so the next
 * sign-in starts unlocked with fresh activity. The lock hides the app; it does not end the
 * session: the replica and unsaved work stay on the device, which is what field users need.
 *
 * Re-authenticating anywhere on the device unlocks: the lock remembers the session it locked,
 * and a NEWER session of the same user (an email sign-in link opened from the lock screen, a
 * password typed in another tab, Google) opens it. A token refresh of the locked session, or an
 * older session replayed from history, does not. Another person signing in on this device ends
 * the locked user's session (lib/supabase revokes it) and the lock goes with it.
 */
import { getSessionState, subscribeToSession, type SessionInfo } from '@web/lib/supabase/index.ts';
import { resetDevicePinFailures } from './device-pin.ts';

export const LOCK_STORAGE_KEY = 'comptoir.lock';
export const ACTIVITY_STORAGE_KEY = 'comptoir.activity';
/** The tenant setting's default (issue F2), used until the current tenant is known. */
export const DEFAULT_SESSION_TIMEOUT_MINUTES = 30;

/** Why the app is locked: the timeout, or the user's "Lock now". */
export type LockReason = 'inactivity' | 'manual';

type LockRecord = {
  readonly userId: string;
  readonly lockedAt: number;
  readonly reason: LockReason;
  /** The session in use when the app locked (JWT `session_id`), when known. */
  readonly sessionId?: string;
  /** When that session's user last authenticated (server clock, ms), when known. */
  readonly authenticatedAt?: number;
};
type ActivityRecord = { readonly userId: string; readonly at: number };

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function readRecord(key: string): Record<string, unknown> | undefined {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return undefined;
    const value = JSON.parse(raw) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Set once a write failed (storage full or disabled): the lock then lives in memory. */
let isStorageUnavailable = false;

function writeRecord(key: string, value: LockRecord | ActivityRecord): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // The lock still holds in memory for this visit (but not across a reload).
    isStorageUnavailable = true;
  }
}

function removeRecord(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing stored, then.
  }
}

/** Used only when storage fails: a lock must hold even then. */
let memoryLock: LockRecord | undefined;

function readLock(): LockRecord | undefined {
  if (isStorageUnavailable) return memoryLock;
  const record = readRecord(LOCK_STORAGE_KEY);
  if (record && typeof record['userId'] === 'string' && typeof record['lockedAt'] === 'number') {
    const sessionId = record['sessionId'];
    const authenticatedAt = record['authenticatedAt'];
    return {
      userId: record['userId'],
      lockedAt: record['lockedAt'],
      reason: record['reason'] === 'manual' ? 'manual' : 'inactivity',
      ...(typeof sessionId === 'string' ? { sessionId } : {}),
      ...(typeof authenticatedAt === 'number' ? { authenticatedAt } : {}),
    };
  }
  return undefined;
}

/** The session `userId` is signed in with now, if that is who is signed in. */
function readCurrentSession(userId: string): SessionInfo | undefined {
  const state = getSessionState();
  return state.status === 'signed-in' && state.user.id === userId ? state.session : undefined;
}

/**
 * True when `session` proves a re-authentication after the lock: another GoTrue session than the
 * locked one, whose user authenticated after the locked session's own authentication. Both times
 * come from the server's clock, so a device clock that is wrong (or fast-forwarded) changes
 * nothing. Without the locked session's details (older record), the lock time is the reference.
 */
export function isSessionNewerThanLock(session: SessionInfo, lock: Omit<LockRecord, 'userId' | 'reason'>): boolean {
  if (session.id === null || session.authenticatedAt === null) return false;
  if (lock.sessionId !== undefined && session.id === lock.sessionId) return false;
  return session.authenticatedAt > (lock.authenticatedAt ?? lock.lockedAt);
}

export function isLockedFor(userId: string): boolean {
  return readLock()?.userId === userId;
}

/** Why the app is locked for `userId`, or undefined when it is not. */
export function readLockReason(userId: string): LockReason | undefined {
  const lock = readLock();
  return lock?.userId === userId ? lock.reason : undefined;
}

export function lockApp(userId: string, reason: LockReason = 'inactivity', now: number = Date.now()): void {
  if (isLockedFor(userId)) return;
  const session = readCurrentSession(userId);
  memoryLock = {
    userId,
    lockedAt: now,
    reason,
    ...(session?.id ? { sessionId: session.id } : {}),
    ...(session?.authenticatedAt ? { authenticatedAt: session.authenticatedAt } : {}),
  };
  writeRecord(LOCK_STORAGE_KEY, memoryLock);
  notify();
}

/** Unlocks after re-authentication (password or PIN); activity restarts now. */
export function unlockApp(userId: string, now: number = Date.now()): void {
  memoryLock = undefined;
  removeRecord(LOCK_STORAGE_KEY);
  recordActivity(userId, now);
  notify();
}

/** The last activity of `userId` seen by any tab, or undefined (never recorded, other user). */
export function readLastActivity(userId: string): number | undefined {
  const record = readRecord(ACTIVITY_STORAGE_KEY);
  if (!record || record['userId'] !== userId || typeof record['at'] !== 'number') return undefined;
  return record['at'];
}

export function recordActivity(userId: string, at: number = Date.now()): void {
  writeRecord(ACTIVITY_STORAGE_KEY, { userId, at });
}

/** Forgets the lock and the activity (the session ended). */
export function clearLockState(): void {
  const wasLocked = readLock() !== undefined;
  memoryLock = undefined;
  removeRecord(LOCK_STORAGE_KEY);
  removeRecord(ACTIVITY_STORAGE_KEY);
  if (wasLocked) notify();
}

export function subscribeToLock(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

if (typeof window !== 'undefined') {
  // Another tab locked or unlocked: follow it.
  window.addEventListener('storage', (event) => {
    if (event.key === LOCK_STORAGE_KEY || event.key === null) notify();
  });
}

/**
 * Follows the session: it ended (here or in another tab, or the server refused it) → the next
 * sign-in must not inherit this one's lock or its old activity, which would lock it at once;
 * another user signed in → the previous user's lock goes (their session was replaced); the same
 * user signed in again after the lock → unlocked, and the PIN works again (proven online).
 */
function followSession(): void {
  const state = getSessionState();
  if (state.status === 'signed-out') {
    clearLockState();
    return;
  }
  if (state.status !== 'signed-in') return;
  const lock = readLock();
  if (!lock) return;
  if (lock.userId !== state.user.id) {
    clearLockState();
    return;
  }
  if (isSessionNewerThanLock(state.session, lock)) {
    resetDevicePinFailures(lock.userId);
    unlockApp(lock.userId);
  }
}

subscribeToSession(followSession);
