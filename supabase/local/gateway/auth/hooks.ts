/**
 * Supabase Auth Hooks of the `pg-functions` kind (supabase/auth internal/hooks/{v0hooks,
 * hookspgfunc,hookserrors}): GoTrue calls `select "<schema>"."<fn>"(<input json>)` as
 * supabase_auth_admin with a 2 s statement timeout, then reads the function's JSON output.
 *
 * Output handling matches upstream: `{"error": {"http_code": n, "message": "…"}}` fails the
 * request with that status (500 when http_code is absent) and that message; a SQL error or an
 * undecodable output is a 500. Hooks run as supabase_auth_admin here too, so a hook that works
 * locally has the grants it needs on Supabase (`grant execute … to supabase_auth_admin`).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Db } from './db.ts';
import { runInTransaction } from './db.ts';
import { AuthError, createInternalError } from './errors.ts';

const HOOK_TIMEOUT_MS = 2000;

export type HookName = 'customize-access-token' | 'password-verification' | 'before-user-created' | 'mfa-verification';

/** v0hooks.Metadata: every input carries it. */
export function buildHookMetadata(name: HookName, ip: string): Record<string, unknown> {
  return { uuid: randomUUID(), time: new Date().toISOString(), name, ip_address: ip };
}

/** `pg-functions://postgres/<schema>/<fn>` → `"schema"."fn"` (conf.PopulateExtensibilityPoint). */
export function parseHookFunction(uri: string): string {
  let parts: string[] = [];
  try {
    parts = new URL(uri).pathname.split('/');
  } catch {
    // handled below
  }
  const schema = parts[1] ?? '';
  const fn = parts[2] ?? '';
  const isName = (s: string): boolean => /^[a-zA-Z_][a-zA-Z0-9_$]*$/.test(s);
  if (!isName(schema) || !isName(fn)) throw createInternalError(`Invalid hook URI: ${uri}`);
  return `"${schema}"."${fn}"`;
}

function isPoolClient(db: Db): db is pg.PoolClient {
  return typeof (db as pg.PoolClient).release === 'function';
}

async function callHookFunction(client: pg.PoolClient, fn: string, input: unknown): Promise<unknown> {
  await client.query('set local role supabase_auth_admin');
  await client.query(`set local statement_timeout to '${HOOK_TIMEOUT_MS}'`);
  const { rows } = await client.query<{ result: unknown }>(`select ${fn}($1) as result`, [JSON.stringify(input)]);
  await client.query('reset role');
  await client.query('set local statement_timeout to default');
  return rows[0]?.result;
}

/** hookserrors.Check: an `error` object with a message fails the request. */
function assertNoHookError(output: unknown): void {
  if (output === null || typeof output !== 'object' || Array.isArray(output)) return;
  const error = (output as Record<string, unknown>)['error'];
  if (error === null || typeof error !== 'object' || Array.isArray(error)) return;
  const { http_code: httpCode, message } = error as Record<string, unknown>;
  if (typeof message !== 'string' || message === '') return;
  const status =
    typeof httpCode === 'number' && Number.isInteger(httpCode) && httpCode >= 100 && httpCode <= 599 ? httpCode : 500;
  throw new AuthError(status, '', message);
}

/**
 * Runs a hook and returns its decoded JSON output. With a transaction client the hook joins it
 * (GoTrue passes its tx for the access-token hook); with the pool it gets its own committed
 * transaction, so a rate-limiting hook's bookkeeping survives a rejected sign-in.
 */
export async function invokeHook(db: Db | pg.Pool, uri: string, input: unknown): Promise<Record<string, unknown>> {
  const fn = parseHookFunction(uri);
  let raw: unknown;
  try {
    raw = isPoolClient(db)
      ? await callHookFunction(db, fn, input)
      : await runInTransaction(db as pg.Pool, (client) => callHookFunction(client, fn, input));
  } catch (error) {
    if (error instanceof AuthError) throw error;
    throw createInternalError(`Error running hook URI: ${uri}`);
  }
  let output: unknown = raw;
  if (typeof raw === 'string') {
    try {
      output = JSON.parse(raw) as unknown;
    } catch {
      throw createInternalError('Error unmarshaling JSON output.');
    }
  }
  assertNoHookError(output);
  if (output === null || output === undefined) return {};
  if (typeof output !== 'object' || Array.isArray(output)) throw createInternalError('Error unmarshaling JSON output.');
  return output as Record<string, unknown>;
}

/** Output of password/MFA verification hooks: {decision, message, should_logout_user}. */
export type VerificationDecision = {
  readonly isRejected: boolean;
  readonly message: string;
  readonly shouldLogout: boolean;
};

export function readVerificationDecision(output: Record<string, unknown>): VerificationDecision {
  const { decision, message, should_logout_user: shouldLogout } = output;
  const isWrongType =
    (decision !== undefined && decision !== null && typeof decision !== 'string') ||
    (message !== undefined && message !== null && typeof message !== 'string') ||
    (shouldLogout !== undefined && shouldLogout !== null && typeof shouldLogout !== 'boolean');
  if (isWrongType) throw createInternalError('Error unmarshaling JSON output.');
  return {
    isRejected: decision === 'reject',
    message: typeof message === 'string' ? message : '',
    shouldLogout: shouldLogout === true,
  };
}
