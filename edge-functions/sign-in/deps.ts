/**
 * The sign-in function's real I/O: the per-IP (and, without the password hook, per-account)
 * bookkeeping in Postgres and GoTrue's password grant over HTTP. Kept apart from handler.ts so
 * `deno test` runs the handler with fakes.
 */
import { getSql } from '../_shared/db.ts';
import { type AttemptStart, type PasswordGrantReply, readPasswordHookSetting, type SignInDeps } from './handler.ts';

/** GoTrue's current error shape `{code, message}` (supabase-js sends the same version). */
const GOTRUE_API_VERSION = '2024-01-01';

type BeginResult = {
  scope: 'ip' | 'account' | null;
  retry_after_seconds: number | null;
  ip_attempt_id: number | string | null;
  account_attempt_id: number | string | null;
};

function readId(value: number | string | null): string | null {
  return value === null ? null : String(value);
}

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
    isPasswordHookEnabled: readPasswordHookSetting(Deno.env.get('COMPTOIR_PASSWORD_HOOK')),

    /**
     * Privileged connection (SUPABASE_DB_URL, role postgres) because the attempt counters of
     * callers who are not signed in live in `private`, which no API role may reach, and there is
     * no user yet for RLS to act for. Authorization: none needed — the function only records.
     */
    async beginAttempt({ ip, email, userAgent, enforceAccountLimit }): Promise<AttemptStart> {
      const rows = await getSql()<{ result: BeginResult }[]>`
        select private.begin_sign_in_attempt(${ip}::inet, ${email}, ${userAgent}, ${enforceAccountLimit}) as result`;
      const result = rows[0]?.result;
      if (!result) throw new Error('begin_sign_in_attempt returned nothing');
      if (result.retry_after_seconds !== null) {
        return {
          kind: 'refused',
          scope: result.scope === 'account' ? 'account' : 'ip',
          retryAfterSeconds: result.retry_after_seconds,
        };
      }
      return {
        kind: 'admitted',
        ticket: { ipAttemptId: readId(result.ip_attempt_id), accountAttemptId: readId(result.account_attempt_id) },
      };
    },

    /** Same privileged connection and reason as beginAttempt: settles the attempts it reserved. */
    async finishAttempt({ ip, email, userAgent, ticket, outcome }): Promise<void> {
      await getSql()`
        select private.finish_sign_in_attempt(${ticket.ipAttemptId}::bigint, ${ticket.accountAttemptId}::bigint,
          ${ip}::inet, ${email}, ${userAgent}, ${outcome})`;
    },

    async requestPasswordGrant({ email, password, clientIp, userAgent }): Promise<PasswordGrantReply> {
      const key = readPublicKey();
      const headers: Record<string, string> = {
        apikey: key.apikey,
        'Content-Type': 'application/json;charset=UTF-8',
        'X-Supabase-Api-Version': GOTRUE_API_VERSION,
      };
      if (key.authorization) headers['Authorization'] = key.authorization;
      // Name the client, not this function, to GoTrue (sessions, its per-IP limits, the hooks'
      // `reported_ip`). GoTrue reads the left-most X-Forwarded-For entry; since supabase/auth#2295
      // (Dec. 2025) it prefers `Sb-Forwarded-For` when the project turns on "IP address
      // forwarding" (GOTRUE_SECURITY_SB_FORWARDED_FOR_ENABLED). The platform is said to honour
      // Sb-Forwarded-For only on requests made with a secret API key, which this call cannot use
      // (it forwards the browser's User-Agent, and secret keys are refused from browsers).
      // TO VERIFY on a real project: which address GoTrue logs for a sign-in made through here.
      if (clientIp) {
        headers['X-Forwarded-For'] = clientIp;
        headers['Sb-Forwarded-For'] = clientIp;
      }
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
