/**
 * Calling our Postgres RPCs. Every failure becomes an AppError whose `userMessage` is an i18n
 * key: errors the database raises on purpose (private.raise_error: message = code, hint =
 * errors.rpc.<code>, detail = JSON) keep their code and details; constraint and network failures
 * get the generic keys. When the database answers `mfa_required`, listeners registered with
 * `onMfaRequired` are told, so the account feature can offer the step-up without every screen
 * knowing about MFA.
 */
import type { PostgrestError } from '@supabase/supabase-js';
import { AppError, appErrorFromPostgres, type ErrorCode } from '@shared/errors/app-error.ts';
import { getSupabaseClient } from './client.ts';
import { createNetworkError } from './errors.ts';
import { announceIfMfaRequired } from './mfa-required.ts';

export { onMfaRequired } from './mfa-required.ts';

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

function parseDetails(details: string | null | undefined): Record<string, unknown> | undefined {
  if (!details) return undefined;
  try {
    const parsed = JSON.parse(details) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a PostgREST error (and its HTTP status) to an AppError with a translatable key. */
export function toRpcAppError(error: PostgrestError, status: number): AppError {
  const hint = error.hint ?? '';
  if (hint.startsWith('errors.rpc.') && /^[a-z_]+$/.test(error.message)) {
    const details = parseDetails(error.details);
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'UNAVAILABLE' : 'INVALID_INPUT');
    return new AppError(code, `rpc ${error.message}`, {
      userMessage: `errors.rpc.${error.message}`,
      ...(details ? { details } : {}),
      cause: error,
    });
  }
  if (status === 0 || (!error.code && !error.message)) return createNetworkError(error);
  return appErrorFromPostgres(error);
}

/**
 * Calls `fn` with named arguments and returns its data, or throws an AppError. Functions
 * returning a set give an array; `void` functions give null.
 */
export async function callRpc<T>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
  let result: { data: unknown; error: PostgrestError | null; status: number };
  try {
    result = await getSupabaseClient().rpc(fn, args);
  } catch (cause) {
    throw createNetworkError(cause);
  }
  if (result.error) {
    throw announceIfMfaRequired(toRpcAppError(result.error, result.status));
  }
  return result.data as T;
}

/**
 * True when PostgREST answered that `fn` does not exist (404 PGRST202): a client newer than the
 * database it talks to, during a deployment.
 */
export function isRpcNotDeployed(error: unknown): boolean {
  if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') return false;
  const cause = error.cause;
  return typeof cause === 'object' && cause !== null && (cause as { code?: unknown }).code === 'PGRST202';
}
