/**
 * The sign-in function's real I/O: the per-IP bookkeeping in Postgres and GoTrue's password
 * grant over HTTP. Kept apart from handler.ts so `deno test` runs the handler with fakes.
 */
import { getSql } from '../_shared/db.ts';
import type { AttemptStart, PasswordGrantReply, SignInDeps } from './handler.ts';

/** GoTrue's current error shape `{code, message}` (supabase-js sends the same version). */
const GOTRUE_API_VERSION = '2024-01-01';

type BeginResult = { attempt_id: number | string | null; retry_after_seconds: number | null };

function readEnv(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The anon key (a JWT); projects on the new API keys only have a publishable key. */
function readPublicKey(): { apikey: string; authorization: string | null } {
  const anon = Deno.env.get('SUPABASE_ANON_KEY');
  if (anon) return { apikey: anon, authorization: `Bearer ${anon}` };
  const publishable = (JSON.parse(Deno.env.get('SUPABASE_PUBLISHABLE_KEYS') ?? '{}') as Record<string, string>)[
    'default'
  ];
  if (!publishable) throw new Error('neither SUPABASE_ANON_KEY nor SUPABASE_PUBLISHABLE_KEYS is set');
  return { apikey: publishable, authorization: null };
}

export function createSignInDeps(): SignInDeps {
  return {
    /**
     * Privileged connection (SUPABASE_DB_URL, role postgres) because the attempt counters of
     * callers who are not signed in live in `private`, which no API role may reach, and there is
     * no user yet for RLS to act for. Authorization: none needed — the function only records.
     */
    async beginAttempt({ ip, email, userAgent }): Promise<AttemptStart> {
      const rows = await getSql()<{ result: BeginResult }[]>`
        select private.begin_sign_in_attempt(${ip}::inet, ${email}, ${userAgent}) as result`;
      const result = rows[0]?.result;
      if (!result) throw new Error('begin_sign_in_attempt returned nothing');
      if (result.retry_after_seconds !== null) {
        return { kind: 'refused', retryAfterSeconds: result.retry_after_seconds };
      }
      return { kind: 'admitted', attemptId: result.attempt_id === null ? null : String(result.attempt_id) };
    },

    /** Same privileged connection and reason as beginAttempt: settles the attempt it reserved. */
    async finishAttempt({ ip, email, userAgent, attemptId, outcome }): Promise<void> {
      await getSql()`
        select private.finish_sign_in_attempt(${attemptId}::bigint, ${ip}::inet, ${email}, ${userAgent}, ${outcome})`;
    },

    async requestPasswordGrant({ email, password, clientIp, userAgent }): Promise<PasswordGrantReply> {
      const key = readPublicKey();
      const headers: Record<string, string> = {
        apikey: key.apikey,
        'Content-Type': 'application/json;charset=UTF-8',
        'X-Supabase-Api-Version': GOTRUE_API_VERSION,
      };
      if (key.authorization) headers['Authorization'] = key.authorization;
      // GoTrue reads the left-most X-Forwarded-For entry: sessions, its own per-IP limits and the
      // hooks' audit rows then name the client instead of this function.
      if (clientIp) headers['X-Forwarded-For'] = clientIp;
      if (userAgent) headers['User-Agent'] = userAgent;
      const response = await fetch(`${readEnv('SUPABASE_URL')}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email, password }),
      });
      const text = await response.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON (a proxy's error page): the handler answers a generic body with the status.
      }
      return { status: response.status, body, errorCodeHeader: response.headers.get('x-sb-error-code') };
    },
  };
}
