/**
 * Locks the app after `timeoutMinutes` without activity (pointer, keys, touch, wheel, scroll).
 * Coming back to the tab, or reopening the app, checks the deadline at once: phones suspend
 * timers in the background, and a PWA reopened the next morning must open locked.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import {
  lockApp,
  readLastActivity,
  readLockReason,
  recordActivity,
  subscribeToLock,
  type LockReason,
} from '../internal/inactivity-lock.ts';

/** Activity is written for other tabs and reloads at most this often (it fires on every mouse move). */
const PERSIST_INTERVAL_MS = 5_000;
/** setTimeout's ceiling (about 24.8 days); longer delays fire at once. */
const MAX_TIMER_MS = 2_147_483_647;
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;

export type InactivityLock = {
  readonly isLocked: boolean;
  /** Set while locked. */
  readonly reason: LockReason | undefined;
  readonly lockNow: () => void;
};

export function useInactivityLock(userId: string, timeoutMinutes: number): InactivityLock {
  const reason = useSyncExternalStore(
    subscribeToLock,
    () => readLockReason(userId),
    () => undefined,
  );
  const isLocked = reason !== undefined;
  const timeoutMs = Math.max(1, timeoutMinutes) * 60_000;

  useEffect(() => {
    if (isLocked) return undefined;
    let lastActivity = readLastActivity(userId) ?? Date.now();
    let lastPersisted = lastActivity;
    recordActivity(userId, lastActivity);
    let timer: ReturnType<typeof setTimeout> | undefined;

    const persist = () => {
      if (lastActivity === lastPersisted) return;
      lastPersisted = lastActivity;
      recordActivity(userId, lastActivity);
    };
    const check = () => {
      clearTimeout(timer);
      const now = Date.now();
      // Another tab may have seen more recent activity.
      const latest = Math.max(lastActivity, readLastActivity(userId) ?? 0);
      const deadline = latest + timeoutMs;
      if (now >= deadline) {
        lockApp(userId, 'inactivity', now);
        return;
      }
      timer = setTimeout(check, Math.min(deadline - now, MAX_TIMER_MS));
    };
    const handleActivity = () => {
      lastActivity = Date.now();
      if (lastActivity - lastPersisted >= PERSIST_INTERVAL_MS) persist();
    };
    const handleVisibility = () => {
      // Back on the page: the deadline may have passed while timers slept; it is not activity yet.
      if (document.visibilityState === 'visible') check();
      else persist();
    };

    check();
    for (const type of ACTIVITY_EVENTS) {
      document.addEventListener(type, handleActivity, { capture: true, passive: true });
    }
    document.addEventListener('visibilitychange', handleVisibility);
    window.addEventListener('pagehide', persist);
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY_EVENTS) document.removeEventListener(type, handleActivity, { capture: true });
      document.removeEventListener('visibilitychange', handleVisibility);
      window.removeEventListener('pagehide', persist);
      persist();
    };
  }, [userId, timeoutMs, isLocked]);

  const lockNow = useCallback(() => lockApp(userId, 'manual'), [userId]);
  return { isLocked, reason, lockNow };
}
