/**
 * Revokes a session that is no longer this device's (replaced by a newer sign-in, or signed out
 * while the server could not be reached), so its refresh token stops working on the server.
 * Best effort: offline it waits for the network, but only in memory — tokens of a session the
 * user ended are never written back to storage.
 *
 * A separate, storage-less auth client does it: the app's own client must keep the current
 * session, and `signOut({ scope: 'local' })` revokes only the session of the token it is given.
 */
import { createClient, isAuthRetryableFetchError, type SupabaseClient } from '@supabase/supabase-js';
import type { SupabaseConfig } from './client.ts';
import type { SessionTokens } from './session.ts';

/** Sessions waiting for the network to be revoked (this page's lifetime only). */
const pending = new Map<string, SessionTokens>();
let isListening = false;
/** One revocation at a time: the helper client holds one session while it revokes it. */
let queue: Promise<unknown> = Promise.resolve();
let helper: { readonly url: string; readonly client: SupabaseClient } | undefined;

function getHelperClient(config: SupabaseConfig): SupabaseClient {
  if (helper?.url !== config.supabaseUrl) {
    const client = createClient(config.supabaseUrl, config.supabaseAnonKey, {
      auth: {
        storageKey: 'comptoir.auth.revocation',
        persistSession: false,
        autoRefreshToken: false,
        detectSessionInUrl: false,
      },
    });
    helper = { url: config.supabaseUrl, client };
  }
  return helper.client;
}

async function revokeNow(config: SupabaseConfig, tokens: SessionTokens): Promise<'done' | 'offline'> {
  const { auth } = getHelperClient(config);
  // An expired access token is refreshed first (GoTrue's logout needs a valid one).
  const { error } = await auth.setSession(tokens);
  if (error) return isAuthRetryableFetchError(error) ? 'offline' : 'done';
  const { error: signOutError } = await auth.signOut({ scope: 'local' });
  return isAuthRetryableFetchError(signOutError) ? 'offline' : 'done';
}

function retryWhenOnline(config: SupabaseConfig): void {
  if (isListening || typeof window === 'undefined') return;
  isListening = true;
  window.addEventListener('online', () => {
    for (const [key, tokens] of [...pending]) {
      pending.delete(key);
      void revokeSession(config, tokens);
    }
  });
}

/** Revokes `tokens`' session on the server; never throws (a refused token is already dead). */
export async function revokeSession(config: SupabaseConfig, tokens: SessionTokens): Promise<void> {
  const attempt = queue.then(() => revokeNow(config, tokens)).catch(() => 'offline' as const);
  queue = attempt;
  const outcome = await attempt;
  if (outcome === 'offline') {
    pending.set(tokens.refresh_token, tokens);
    retryWhenOnline(config);
  }
}
