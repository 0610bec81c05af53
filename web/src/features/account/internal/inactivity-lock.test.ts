/**
 * The lock follows the session: a NEWER session of the same user (an email link opened from the
 * lock screen, a password typed in another tab) unlocks; a token refresh of the locked session,
 * or an older session replayed from history, does not; another person's session or a sign-out
 * leave no lock behind. The session is faked at the lib/supabase boundary.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionInfo, SessionState } from '@web/lib/supabase/index.ts';

const session = vi.hoisted(() => ({
  state: { status: 'loading' } as SessionState,
  listeners: new Set<() => void>(),
}));

vi.mock('@web/lib/supabase/index.ts', () => ({
  getSessionState: () => session.state,
  subscribeToSession: (listener: () => void) => {
    session.listeners.add(listener);
    return () => session.listeners.delete(listener);
  },
}));

const { ACTIVITY_STORAGE_KEY, isLockedFor, isSessionNewerThanLock, lockApp, LOCK_STORAGE_KEY } =
  await import('./inactivity-lock.ts');
const { checkDevicePin, getDevicePinStatus, setDevicePin } = await import('./device-pin.ts');

const MARC = '019a8f00-0000-7000-8000-00000000a11c';
const LEA = '019a8f00-0000-7000-8000-0000000001ea';
const SIGNED_IN_AT = Date.parse('2026-11-21T08:00:00Z');
const LOCKED_SESSION: SessionInfo = { id: 'session-1', authenticatedAt: SIGNED_IN_AT };

function signIn(userId: string, info: SessionInfo): void {
  session.state = {
    status: 'signed-in',
    user: { id: userId, email: null, last_sign_in_at: null, time_zone: null },
    session: info,
    isConfirmed: true,
  };
  for (const listener of session.listeners) listener();
}

function signOut(): void {
  session.state = { status: 'signed-out' };
  for (const listener of session.listeners) listener();
}

beforeEach(() => {
  signIn(MARC, LOCKED_SESSION);
  // Locked an hour after signing in (device clock).
  lockApp(MARC, 'inactivity', SIGNED_IN_AT + 3_600_000);
});

describe('the inactivity lock and the session', () => {
  it('records which session it locked', () => {
    expect(JSON.parse(localStorage.getItem(LOCK_STORAGE_KEY) ?? '{}')).toMatchObject({
      userId: MARC,
      sessionId: 'session-1',
      authenticatedAt: SIGNED_IN_AT,
    });
  });

  it('stays locked when the locked session is only refreshed', () => {
    signIn(MARC, { ...LOCKED_SESSION });
    expect(isLockedFor(MARC)).toBe(true);
  });

  it('unlocks for a newer session of the same user, and turns the PIN back on', async () => {
    await setDevicePin(MARC, '2468');
    for (let attempt = 0; attempt < 5; attempt += 1) await checkDevicePin(MARC, '0000');
    expect(getDevicePinStatus(MARC)).toMatchObject({ isBlocked: true });

    signIn(MARC, { id: 'session-2', authenticatedAt: SIGNED_IN_AT + 3_700_000 });

    expect(isLockedFor(MARC)).toBe(false);
    expect(getDevicePinStatus(MARC)).toMatchObject({ isBlocked: false, remainingAttempts: 5 });
  });

  it('does not unlock for an older session replayed on this device', () => {
    signIn(MARC, { id: 'session-0', authenticatedAt: SIGNED_IN_AT - 86_400_000 });
    expect(isLockedFor(MARC)).toBe(true);
  });

  it('compares server times, so a device clock far ahead does not keep the lock closed', () => {
    // lockedAt is a week ahead (wrong device clock); the new session is newer on the server's clock.
    localStorage.clear();
    signIn(MARC, LOCKED_SESSION);
    lockApp(MARC, 'manual', SIGNED_IN_AT + 7 * 86_400_000);
    signIn(MARC, { id: 'session-2', authenticatedAt: SIGNED_IN_AT + 60_000 });
    expect(isLockedFor(MARC)).toBe(false);
  });

  it('leaves no lock behind when another person signs in on this device', () => {
    signIn(LEA, { id: 'session-9', authenticatedAt: SIGNED_IN_AT + 3_700_000 });
    expect(localStorage.getItem(LOCK_STORAGE_KEY)).toBeNull();
    expect(localStorage.getItem(ACTIVITY_STORAGE_KEY)).toBeNull();
    expect(isLockedFor(LEA)).toBe(false);
  });

  it('leaves no lock behind when the session ends', () => {
    signOut();
    expect(localStorage.getItem(LOCK_STORAGE_KEY)).toBeNull();
    signIn(MARC, LOCKED_SESSION);
    expect(isLockedFor(MARC)).toBe(false);
  });
});

describe('isSessionNewerThanLock', () => {
  const lock = { lockedAt: SIGNED_IN_AT + 3_600_000, sessionId: 'session-1', authenticatedAt: SIGNED_IN_AT };

  it('needs another session, authenticated after the locked one', () => {
    expect(isSessionNewerThanLock({ id: 'session-2', authenticatedAt: SIGNED_IN_AT + 1000 }, lock)).toBe(true);
    expect(isSessionNewerThanLock({ id: 'session-1', authenticatedAt: SIGNED_IN_AT + 1000 }, lock)).toBe(false);
    expect(isSessionNewerThanLock({ id: 'session-2', authenticatedAt: SIGNED_IN_AT }, lock)).toBe(false);
    expect(isSessionNewerThanLock({ id: 'session-2', authenticatedAt: null }, lock)).toBe(false);
    expect(isSessionNewerThanLock({ id: null, authenticatedAt: SIGNED_IN_AT + 1000 }, lock)).toBe(false);
  });

  it('falls back to the lock time when the locked session was not known', () => {
    const bare = { lockedAt: SIGNED_IN_AT + 3_600_000 };
    expect(isSessionNewerThanLock({ id: 'session-2', authenticatedAt: SIGNED_IN_AT + 3_500_000 }, bare)).toBe(false);
    expect(isSessionNewerThanLock({ id: 'session-2', authenticatedAt: SIGNED_IN_AT + 3_700_000 }, bare)).toBe(true);
  });
});
