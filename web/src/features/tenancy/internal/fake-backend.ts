/**
 * For the tenancy screens' unit tests only (never imported by the app): a signed-in session
 * stored the way auth-js stores it, and a fake `fetch` answering the RPC and function endpoints
 * the screens call — the real supabase-js client runs on top, as in the app.
 */
import { vi } from 'vitest';
import { configureSupabase, getSessionState } from '@web/lib/supabase/index.ts';
import { useOnboardingStore, useTenantSelection } from '../store.ts';
import type { TenantSummary } from './types.ts';

export const SUPABASE_URL = 'http://supabase.test';

export type FakeUser = { readonly id: string; readonly email: string };

export const SOPHIE: FakeUser = {
  id: '019a8f00-0000-7000-8000-000000000002',
  email: 'sophie.martin@garage-du-centre.test',
};

export const GARAGE: TenantSummary = {
  id: '019a8f00-1000-7000-8000-000000000001',
  name: 'Garage du Centre',
  vertical: 'garage',
  plan: 'pro',
  role: 'admin',
  locale: 'fr-FR',
  time_zone: 'Europe/Paris',
  session_timeout_minutes: 30,
  mfa_required_for_admins: false,
  logo_path: null,
  created_at: '2025-10-17T08:00:00Z',
};

function encodeSegment(value: object): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function createStoredSession(user: FakeUser) {
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  return {
    // auth-js only decodes the payload on the client; the signature is the server's business.
    access_token: `${encodeSegment({ alg: 'HS256', typ: 'JWT' })}.${encodeSegment({
      sub: user.id,
      exp: expiresAt,
      aal: 'aal1',
      role: 'authenticated',
      email: user.email,
    })}.c2lnbmF0dXJl`,
    refresh_token: `refresh-${user.id}`,
    token_type: 'bearer',
    expires_in: 3600,
    expires_at: expiresAt,
    user: {
      id: user.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: user.email,
      app_metadata: { provider: 'email' },
      user_metadata: {},
      created_at: '2026-01-01T08:00:00Z',
      last_sign_in_at: '2026-11-21T08:00:00Z',
    },
  };
}

/** Puts the session where auth-js keeps it (the app's storage key). */
export function storeSession(user: FakeUser): void {
  localStorage.setItem('comptoir.auth', JSON.stringify(createStoredSession(user)));
}

/** Creates the client with a stored session and waits until auth-js has confirmed it. */
export async function signInForTests(user: FakeUser): Promise<void> {
  storeSession(user);
  configureSupabase({ supabaseUrl: SUPABASE_URL, supabaseAnonKey: 'anon-key' });
  await vi.waitFor(() => {
    const state = getSessionState();
    if (state.status !== 'signed-in' || !state.isConfirmed) throw new Error('session not confirmed yet');
  });
}

/** Forgets what a previous test chose or typed (zustand keeps state across tests in one file). */
export function resetTenancyStores(): void {
  useTenantSelection.setState({ selectedByUser: {} });
  useOnboardingStore.setState({ drafts: {} });
}

export function answerJson(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** What private.raise_error(code, status, details) gives through PostgREST. */
export function answerRpcError(status: number, code: string, details: Record<string, unknown> = {}): Response {
  return answerJson(status, {
    code: `PT${status}`,
    message: code,
    details: JSON.stringify(details),
    hint: `errors.rpc.${code}`,
  });
}

export type FakeCall = { readonly name: string; readonly body: Record<string, unknown> };
export type FakeHandler = (body: Record<string, unknown>) => Response | Promise<Response>;

/**
 * Answers POST /rest/v1/rpc/<fn> and /functions/v1/<name> from `handlers` (keyed `rpc:<fn>` or
 * `fn:<name>`); anything else answers 404, so a test that forgets a route fails loudly.
 * Returns the calls seen, in order.
 */
export function installFakeBackend(handlers: Readonly<Record<string, FakeHandler>>): FakeCall[] {
  const calls: FakeCall[] = [];
  vi.stubGlobal('fetch', async (input: unknown, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const rawBody = init?.body ?? (input instanceof Request ? await input.clone().text() : undefined);
    let body: Record<string, unknown> = {};
    if (typeof rawBody === 'string' && rawBody) {
      try {
        body = JSON.parse(rawBody) as Record<string, unknown>;
      } catch {
        body = {};
      }
    }
    const rpc = /^\/rest\/v1\/rpc\/([a-z_]+)$/.exec(url.pathname)?.[1];
    const fn = /^\/functions\/v1\/([a-z-]+)$/.exec(url.pathname)?.[1];
    const key = rpc ? `rpc:${rpc}` : fn ? `fn:${fn}` : `${url.pathname}`;
    calls.push({ name: key, body });
    const handler = handlers[key];
    return handler ? handler(body) : answerJson(404, { message: `no fake for ${key}` });
  });
  return calls;
}
