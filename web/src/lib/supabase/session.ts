/**
 * The signed-in user as the app sees it, kept in step with auth-js, local-first:
 *
 *   - a session stored on this device counts as signed in at once (`isConfirmed: false`), so a
 *     field user opening the app in a tunnel gets their screens immediately instead of waiting
 *     ~25 s for auth-js to give up refreshing an expired access token;
 *   - auth-js keeps the stored session when a refresh fails for lack of network and removes it
 *     when the server refuses it (or on sign-out). So "auth-js reports no session but one is
 *     still stored" means "not confirmed yet", never "signed out";
 *   - `isConfirmed` turns true once auth-js holds a valid session; calls to the server should
 *     wait for it (an unconfirmed session has no usable access token).
 *
 * Screens subscribe through `useSyncExternalStore`; they never touch auth-js themselves.
 */
import type { AuthChangeEvent, Session, SupabaseClient } from '@supabase/supabase-js';

/** Where auth-js persists the session (explicit, so this module can read it back). */
export const SESSION_STORAGE_KEY = 'comptoir.auth';

/** The user fields screens show; snake_case as GoTrue sends them. */
export type SessionUser = {
  readonly id: string;
  readonly email: string | null;
  readonly last_sign_in_at: string | null;
  /** Preferred IANA time zone, when the user set one. */
  readonly time_zone: string | null;
};

export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out' }
  | { readonly status: 'signed-in'; readonly user: SessionUser; readonly isConfirmed: boolean };

type StoredSession = Pick<Session, 'access_token' | 'refresh_token' | 'user'>;

const LOADING: SessionState = { status: 'loading' };
const SIGNED_OUT: SessionState = { status: 'signed-out' };

let state: SessionState = LOADING;
const listeners = new Set<() => void>();

function toSessionUser(session: StoredSession): SessionUser {
  const { user } = session;
  const timeZone = user.user_metadata?.['time_zone'];
  return {
    id: user.id,
    email: user.email ?? null,
    last_sign_in_at: user.last_sign_in_at ?? null,
    time_zone: typeof timeZone === 'string' && timeZone ? timeZone : null,
  };
}

/** The session auth-js persisted on this device, if it looks usable (has a refresh token and a user). */
function readStoredSession(): StoredSession | undefined {
  try {
    const raw = localStorage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return undefined;
    const value = JSON.parse(raw) as Partial<StoredSession> | null;
    const isUsable =
      typeof value?.refresh_token === 'string' &&
      value.refresh_token !== '' &&
      typeof value.user === 'object' &&
      value.user !== null &&
      typeof value.user.id === 'string';
    return isUsable ? (value as StoredSession) : undefined;
  } catch {
    return undefined;
  }
}

function isSameState(a: SessionState, b: SessionState): boolean {
  if (a.status !== b.status) return false;
  if (a.status !== 'signed-in' || b.status !== 'signed-in') return true;
  return (
    a.isConfirmed === b.isConfirmed &&
    a.user.id === b.user.id &&
    a.user.email === b.user.email &&
    a.user.last_sign_in_at === b.user.last_sign_in_at &&
    a.user.time_zone === b.user.time_zone
  );
}

function setState(next: SessionState): void {
  // Token refreshes fire every hour with the same user: keep the same object so nothing re-renders.
  if (isSameState(state, next)) return;
  state = next;
  for (const listener of listeners) listener();
}

function deriveState(session: Session | null): SessionState {
  if (session) return { status: 'signed-in', user: toSessionUser(session), isConfirmed: true };
  const stored = readStoredSession();
  return stored ? { status: 'signed-in', user: toSessionUser(stored), isConfirmed: false } : SIGNED_OUT;
}

/** Starts mirroring auth-js; called once when the client is created. */
export function trackSession(client: SupabaseClient): void {
  const stored = readStoredSession();
  if (stored) setState({ status: 'signed-in', user: toSessionUser(stored), isConfirmed: false });
  client.auth.onAuthStateChange((_event: AuthChangeEvent, session: Session | null) => {
    // Runs inside auth-js's lock: only record, never call auth-js from here.
    setState(deriveState(session));
  });
  // Back online with an unconfirmed session: ask auth-js to refresh now rather than at its next tick.
  window.addEventListener('online', () => {
    if (state.status === 'signed-in' && !state.isConfirmed) void client.auth.getSession();
  });
}

export function getSessionState(): SessionState {
  return state;
}

export function subscribeToSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
