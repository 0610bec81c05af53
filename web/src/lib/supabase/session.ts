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
 *     wait for it (an unconfirmed session has no usable access token);
 *   - `session` says which GoTrue session this is and when the user last proved who they are in
 *     it (the JWT's `session_id` and `amr`): the inactivity lock opens for a session newer than
 *     the lock (an email link opened while locked), never for a token refresh of the old one;
 *   - a session replaced on this device by a newer one (another sign-in, an email link opened
 *     in another tab) is revoked on the server: auth-js keeps one session per device and would
 *     otherwise leave the previous one valid, unseen.
 *
 * Screens subscribe through `useSyncExternalStore`; they never touch auth-js themselves.
 */
import type { AuthChangeEvent, Session, SupabaseClient } from '@supabase/supabase-js';

/** Where auth-js persists the session (explicit, so this module can read it back). */
export const SESSION_STORAGE_KEY = 'comptoir.auth';
/** What auth-js may store beside the session (PKCE verifier, user when stored apart). */
const SESSION_SIDE_KEYS = [`${SESSION_STORAGE_KEY}-code-verifier`, `${SESSION_STORAGE_KEY}-user`] as const;

/** The user fields screens show; snake_case as GoTrue sends them. */
export type SessionUser = {
  readonly id: string;
  readonly email: string | null;
  readonly last_sign_in_at: string | null;
  /** Preferred IANA time zone, when the user set one. */
  readonly time_zone: string | null;
};

/** Which GoTrue session this is, read from its access token. */
export type SessionInfo = {
  /** JWT `session_id`: the same across token refreshes and MFA step-ups, new at each sign-in. */
  readonly id: string | null;
  /** When the user last authenticated in this session (latest `amr` timestamp, ms since epoch). */
  readonly authenticatedAt: number | null;
};

export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out' }
  | {
      readonly status: 'signed-in';
      readonly user: SessionUser;
      readonly session: SessionInfo;
      readonly isConfirmed: boolean;
    };

/** The two tokens of a session (enough to revoke it). */
export type SessionTokens = { readonly access_token: string; readonly refresh_token: string };

type StoredSession = Pick<Session, 'access_token' | 'refresh_token' | 'user'>;

const LOADING: SessionState = { status: 'loading' };
const SIGNED_OUT: SessionState = { status: 'signed-out' };
const UNKNOWN_SESSION: SessionInfo = { id: null, authenticatedAt: null };

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

function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads `session_id` and the latest `amr[].timestamp` (seconds) of an access token. */
export function readSessionInfo(accessToken: string): SessionInfo {
  const claims = decodeJwtPayload(accessToken);
  if (!claims) return UNKNOWN_SESSION;
  const id = typeof claims['session_id'] === 'string' && claims['session_id'] ? claims['session_id'] : null;
  const amr = Array.isArray(claims['amr']) ? (claims['amr'] as unknown[]) : [];
  const timestamps = amr
    .map((entry) =>
      typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['timestamp'] : undefined,
    )
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  return { id, authenticatedAt: timestamps.length > 0 ? Math.max(...timestamps) * 1000 : null };
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
      typeof value.access_token === 'string' &&
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
    a.user.time_zone === b.user.time_zone &&
    a.session.id === b.session.id &&
    a.session.authenticatedAt === b.session.authenticatedAt
  );
}

function setState(next: SessionState): void {
  // Token refreshes fire every hour with the same user: keep the same object so nothing re-renders.
  if (isSameState(state, next)) return;
  state = next;
  for (const listener of listeners) listener();
}

// ── The session in use on this device, to notice when a newer one replaces it ──────────────

type TrackedSession = { readonly tokens: SessionTokens; readonly info: SessionInfo };

let tracked: TrackedSession | undefined;
let handleReplaced: ((previous: SessionTokens) => void) | undefined;

/**
 * Records the session now in use; when it is a different session than the previous one, not
 * older (a new sign-in, not a refresh, nor an old session written back), the previous one is
 * handed over to be revoked.
 */
function trackTokens(session: StoredSession | undefined): SessionInfo {
  if (!session) {
    tracked = undefined;
    return UNKNOWN_SESSION;
  }
  const info = readSessionInfo(session.access_token);
  const previous = tracked;
  tracked = { tokens: { access_token: session.access_token, refresh_token: session.refresh_token }, info };
  const isReplaced =
    previous !== undefined &&
    previous.info.id !== null &&
    info.id !== null &&
    previous.info.id !== info.id &&
    previous.info.authenticatedAt !== null &&
    info.authenticatedAt !== null &&
    // Whole seconds: two sign-ins within the same second count as newer (never an older session).
    info.authenticatedAt >= previous.info.authenticatedAt;
  if (isReplaced && handleReplaced) {
    const replace = handleReplaced;
    // Called from inside auth-js's lock: revoke later, outside it.
    setTimeout(() => replace(previous.tokens), 0);
  }
  return info;
}

function deriveState(session: Session | null): SessionState {
  if (session) {
    return { status: 'signed-in', user: toSessionUser(session), session: trackTokens(session), isConfirmed: true };
  }
  const stored = readStoredSession();
  if (!stored) {
    trackTokens(undefined);
    return SIGNED_OUT;
  }
  return { status: 'signed-in', user: toSessionUser(stored), session: trackTokens(stored), isConfirmed: false };
}

export type TrackSessionOptions = {
  /** Revokes a session a newer one replaced on this device (best effort, may be offline). */
  readonly onSessionReplaced?: (previous: SessionTokens) => void;
};

/** Starts mirroring auth-js; called once when the client is created. */
export function trackSession(client: SupabaseClient, options: TrackSessionOptions = {}): void {
  handleReplaced = options.onSessionReplaced;
  const stored = readStoredSession();
  if (stored) {
    setState({ status: 'signed-in', user: toSessionUser(stored), session: trackTokens(stored), isConfirmed: false });
  }
  client.auth.onAuthStateChange((_event: AuthChangeEvent, session: Session | null) => {
    // Runs inside auth-js's lock: only record, never call auth-js from here.
    setState(deriveState(session));
  });
  // Back online with an unconfirmed session: ask auth-js to refresh now rather than at its next tick.
  window.addEventListener('online', () => {
    if (state.status === 'signed-in' && !state.isConfirmed) void client.auth.getSession();
  });
  // Another tab ended the session without auth-js's help (offline sign-out, see forgetStoredSession).
  window.addEventListener('storage', (event) => {
    if (event.key !== SESSION_STORAGE_KEY && event.key !== null) return;
    if (state.status === 'signed-in' && !readStoredSession()) {
      trackTokens(undefined);
      setState(SIGNED_OUT);
    }
  });
}

/** The tokens of the session stored on this device, if any (read before signing out). */
export function readStoredTokens(): SessionTokens | undefined {
  const stored = readStoredSession();
  return stored ? { access_token: stored.access_token, refresh_token: stored.refresh_token } : undefined;
}

/**
 * Ends the session on this device without auth-js: the last resort of sign-out when auth-js
 * could not remove it (storage errors). Other tabs follow through the `storage` event.
 */
export function forgetStoredSession(): void {
  for (const key of [SESSION_STORAGE_KEY, ...SESSION_SIDE_KEYS]) {
    try {
      localStorage.removeItem(key);
    } catch {
      // Nothing more can be done here; the state below still signs this tab out.
    }
  }
  trackTokens(undefined);
  setState(SIGNED_OUT);
}

export function getSessionState(): SessionState {
  return state;
}

export function subscribeToSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
