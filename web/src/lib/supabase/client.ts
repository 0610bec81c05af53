/**
 * The one supabase-js client of the app. Its URL and key come from /runtime-config.json at boot
 * (see app/runtime-config.ts), so one build runs against the local stand-in or any real project.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { revokeSession } from './revoke-session.ts';
import { SESSION_STORAGE_KEY, trackSession } from './session.ts';

export type SupabaseConfig = {
  readonly supabaseUrl: string;
  readonly supabaseAnonKey: string;
};

let client: SupabaseClient | undefined;
let configuredUrl: string | undefined;
let configured: SupabaseConfig | undefined;

/** Creates the client once; later calls with the same config are no-ops (boot retries). */
export function configureSupabase(config: SupabaseConfig): SupabaseClient {
  if (client && configuredUrl === config.supabaseUrl) return client;
  client = createClient(config.supabaseUrl, config.supabaseAnonKey, {
    auth: {
      // Email links come back with the session in the URL fragment (implicit flow), which works
      // even when the link is opened in another browser than the one that asked for it.
      flowType: 'implicit',
      detectSessionInUrl: true,
      // The session lives in localStorage: a field user reopening the app offline stays signed in.
      persistSession: true,
      storageKey: SESSION_STORAGE_KEY,
      autoRefreshToken: true,
    },
  });
  configuredUrl = config.supabaseUrl;
  const current = { supabaseUrl: config.supabaseUrl, supabaseAnonKey: config.supabaseAnonKey };
  configured = current;
  trackSession(client, { onSessionReplaced: (previous) => void revokeSession(current, previous) });
  return client;
}

export function getSupabaseClient(): SupabaseClient {
  if (!client) throw new Error('configureSupabase() must run before the app renders');
  return client;
}

/** The URL and key the client was created with (for the few public endpoints supabase-js does not wrap). */
export function getSupabaseConfig(): SupabaseConfig {
  if (!configured) throw new Error('configureSupabase() must run before the app renders');
  return configured;
}

/** The dev mailbox of the local stand-in, when the app talks to one (never for a real project). */
export function getDevMailboxUrl(): string | undefined {
  if (!configuredUrl) return undefined;
  try {
    const url = new URL(configuredUrl);
    const isLoopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    return isLoopback ? `${url.origin}/_dev/mail` : undefined;
  } catch {
    return undefined;
  }
}
