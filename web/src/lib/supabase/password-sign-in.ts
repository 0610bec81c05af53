/**
 * Protected password sign-in (F2): the PWA does not call GoTrue's /token itself but the `sign-in`
 * edge function, which refuses an IP over the failure limit (5 per 15 minutes) before asking
 * GoTrue, and answers:
 *
 *   200 GoTrue's session JSON                       → handed to auth-js (setSession);
 *   429 { code: 'RATE_LIMITED', userMessage, details: { retry_after_seconds } }  (IP limit);
 *   400 GoTrue's own error, passed through — `invalid_credentials` whose message is
 *       "too_many_attempts retry_after=<seconds>" when the ACCOUNT is locked (auth hook).
 *
 * Both limits reach the user as "Trop de tentatives. Réessayez dans 14 minutes."
 */
import { AuthApiError, FunctionsHttpError } from '@supabase/supabase-js';
import { z } from 'zod';
import { AppError, ERROR_CODES } from '@shared/errors/app-error.ts';
import { runAuthCall } from './auth-call.ts';
import { getSupabaseClient } from './client.ts';
import { createTooManyAttemptsError, toAuthAppError, toFunctionsAppError } from './errors.ts';

export const SIGN_IN_FUNCTION = 'sign-in';

/** The two tokens auth-js needs; GoTrue's answer carries more (user, expiry), auth-js re-reads them. */
const sessionSchema = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1) });

/** What the hosted platform (and the local stand-in) answers for a function that is not deployed. */
function isFunctionNotDeployed(status: number, body: unknown): boolean {
  if (status !== 404 || typeof body !== 'object' || body === null) return false;
  const record = body as Record<string, unknown>;
  return record['code'] === 'NOT_FOUND' && record['message'] === 'Requested function was not found';
}

async function readJsonBody(response: Response): Promise<unknown> {
  try {
    return await response.clone().json();
  } catch {
    return undefined;
  }
}

/** A GoTrue error body, in either envelope: `{code, message}` (2024-01-01) or `{error_code, msg}`. */
function readGoTrueError(body: unknown): { code: string; message: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const code = typeof record['code'] === 'string' ? record['code'] : record['error_code'];
  // AppError codes are upper case (RATE_LIMITED…); GoTrue's are snake_case.
  if (typeof code !== 'string' || Object.hasOwn(ERROR_CODES, code)) return undefined;
  const message = [record['message'], record['msg'], record['error_description']].find(
    (value): value is string => typeof value === 'string',
  );
  return { code, message: message ?? '' };
}

function readRetryAfterSeconds(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const details = (body as Record<string, unknown>)['details'];
  if (typeof details !== 'object' || details === null) return undefined;
  const seconds = (details as Record<string, unknown>)['retry_after_seconds'];
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

type FunctionOutcome =
  { readonly kind: 'session'; readonly session: z.infer<typeof sessionSchema> } | { readonly kind: 'not-deployed' };

async function callSignInFunction(email: string, password: string): Promise<FunctionOutcome> {
  let result: { data: unknown; error: unknown };
  try {
    result = await getSupabaseClient().functions.invoke(SIGN_IN_FUNCTION, { body: { email, password } });
  } catch (error) {
    throw await toFunctionsAppError(error);
  }
  if (result.error instanceof FunctionsHttpError) {
    const response = result.error.context as Response;
    const body = await readJsonBody(response);
    if (isFunctionNotDeployed(response.status, body)) return { kind: 'not-deployed' };
    if (response.status === 429) {
      const seconds = readRetryAfterSeconds(body);
      if (seconds !== undefined) throw createTooManyAttemptsError(seconds, result.error);
    }
    const goTrueError = readGoTrueError(body);
    if (goTrueError) {
      throw toAuthAppError(new AuthApiError(goTrueError.message, response.status, goTrueError.code));
    }
    throw await toFunctionsAppError(result.error);
  }
  if (result.error) throw await toFunctionsAppError(result.error);
  const parsed = sessionSchema.safeParse(result.data);
  if (!parsed.success) {
    throw new AppError('INTERNAL', 'sign-in answered without a session', {
      cause: parsed.error,
      userMessage: 'auth.errors.unexpected',
    });
  }
  return { kind: 'session', session: parsed.data };
}

let hasWarnedNotDeployed = false;

/** Signs in with email + password through the `sign-in` function; throws a translated AppError. */
export async function signInThroughFunction(email: string, password: string): Promise<void> {
  const outcome = await callSignInFunction(email, password);
  const auth = getSupabaseClient().auth;
  if (outcome.kind === 'not-deployed') {
    // A project deployed without the function still lets people in rather than locking everyone
    // out. The per-IP limit is then missing; the per-account lock lives in GoTrue's auth hook
    // and still applies. GoTrue's /token stays reachable to anyone holding the public key anyway.
    if (!hasWarnedNotDeployed) {
      hasWarnedNotDeployed = true;
      console.warn(`The "${SIGN_IN_FUNCTION}" edge function is not deployed: signing in with GoTrue directly.`);
    }
    await runAuthCall(() => auth.signInWithPassword({ email, password }));
    return;
  }
  await runAuthCall(() => auth.setSession(outcome.session));
}
