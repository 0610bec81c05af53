/**
 * Turns supabase-js failures into AppErrors whose `userMessage` is an i18n key, so screens show
 * a translated sentence and never a raw server message. Network failures are told apart from
 * server refusals: field users lose the network in tunnels, and "you are offline" is the truth.
 */
import {
  AuthApiError,
  AuthImplicitGrantRedirectError,
  FunctionsFetchError,
  FunctionsHttpError,
  FunctionsRelayError,
  isAuthError,
  isAuthRetryableFetchError,
  isAuthWeakPasswordError,
} from '@supabase/supabase-js';
import { AppError, type ErrorCode, ERROR_CODES } from '@shared/errors/app-error.ts';

/** GoTrue error codes we explain in words, with the AppError code each stands for. */
const AUTH_ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  invalid_credentials: 'UNAUTHENTICATED',
  email_not_confirmed: 'FORBIDDEN',
  user_already_exists: 'CONFLICT',
  email_exists: 'CONFLICT',
  weak_password: 'INVALID_INPUT',
  over_email_send_rate_limit: 'RATE_LIMITED',
  over_request_rate_limit: 'RATE_LIMITED',
  otp_expired: 'UNAUTHENTICATED',
  otp_disabled: 'FORBIDDEN',
  signup_disabled: 'FORBIDDEN',
  email_address_invalid: 'INVALID_INPUT',
  validation_failed: 'INVALID_INPUT',
  user_banned: 'FORBIDDEN',
  session_not_found: 'UNAUTHENTICATED',
  access_denied: 'FORBIDDEN',
  // TOTP multi-factor authentication (enrolment, step-up, removal).
  mfa_verification_failed: 'INVALID_INPUT',
  mfa_challenge_expired: 'INVALID_INPUT',
  mfa_ip_address_mismatch: 'INVALID_INPUT',
  mfa_factor_not_found: 'NOT_FOUND',
  mfa_factor_name_conflict: 'CONFLICT',
  mfa_verification_rejected: 'FORBIDDEN',
  mfa_totp_enroll_not_enabled: 'FORBIDDEN',
  mfa_totp_verify_not_enabled: 'FORBIDDEN',
  too_many_enrolled_mfa_factors: 'CONFLICT',
  insufficient_aal: 'FORBIDDEN',
};

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'UNAVAILABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'INVALID_INPUT',
  429: 'RATE_LIMITED',
};

function isBrowserOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** The request never got an answer: offline, DNS, refused connection, CORS. */
export function createNetworkError(cause: unknown): AppError {
  return new AppError('UNAVAILABLE', 'network request failed', {
    cause,
    userMessage: isBrowserOffline() ? 'errors.offline' : 'errors.network',
  });
}

function createStatusError(status: number, cause: unknown): AppError {
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'UNAVAILABLE' : 'INTERNAL');
  return new AppError(code, `HTTP ${status}`, { cause });
}

/** "For security purposes, you can only request this after 42 seconds." → 42 */
function parseWaitSeconds(message: string): number | undefined {
  const match = /after (\d+) seconds?/i.exec(message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Too many failed sign-ins (per account or per IP, 5 per 15 minutes): "try again in N minutes",
 * N rounded up so the user never comes back a few seconds too early.
 */
export function createTooManyAttemptsError(retryAfterSeconds: number, cause?: unknown): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError('RATE_LIMITED', `too many sign-in attempts, retry after ${retryAfterSeconds} s`, {
    userMessage: 'auth.errors.too_many_attempts',
    details: { count: minutes },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * The password_verification_attempt hook locks an account by refusing with this message, which
 * GoTrue passes on as `invalid_credentials`: "too_many_attempts retry_after=<seconds>".
 */
function parseAccountLockSeconds(message: string): number | undefined {
  const match = /^too_many_attempts retry_after=(\d+)$/.exec(message.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function createAuthCodeError(errorCode: string, message: string, status: number, cause: unknown): AppError {
  if (errorCode === 'invalid_credentials') {
    const lockSeconds = parseAccountLockSeconds(message);
    if (lockSeconds !== undefined) return createTooManyAttemptsError(lockSeconds, cause);
  }
  const code = AUTH_ERROR_CODES[errorCode];
  if (!code) {
    return status >= 500 || status === 0
      ? createStatusError(status || 503, cause)
      : new AppError('INTERNAL', `auth error ${errorCode}`, { cause, userMessage: 'auth.errors.unexpected' });
  }
  if (errorCode === 'over_email_send_rate_limit') {
    const seconds = parseWaitSeconds(message);
    if (seconds !== undefined) {
      return new AppError(code, message, {
        cause,
        userMessage: 'auth.errors.rate_limited_for',
        details: { count: seconds },
      });
    }
  }
  return new AppError(code, message, { cause, userMessage: `auth.errors.${errorCode}` });
}

/** Maps an auth-js error (or anything thrown around it) to an AppError. */
export function toAuthAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isAuthWeakPasswordError(error)) {
    return new AppError('INVALID_INPUT', error.message, {
      cause: error,
      userMessage: 'auth.errors.weak_password',
      details: { reasons: error.reasons },
    });
  }
  if (isAuthRetryableFetchError(error)) {
    // auth-js also uses this class for 502–504; status 0 means no answer at all.
    return error.status === 0 ? createNetworkError(error) : createStatusError(error.status, error);
  }
  if (error instanceof AuthImplicitGrantRedirectError) {
    const details = error.details;
    return createAuthCodeError(details?.code ?? details?.error ?? 'access_denied', error.message, 400, error);
  }
  if (error instanceof AuthApiError || isAuthError(error)) {
    const status = error.status ?? 0;
    if (error.code) return createAuthCodeError(error.code, error.message, status, error);
    return createStatusError(status || 500, error);
  }
  if (error instanceof TypeError) return createNetworkError(error);
  return new AppError('INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
}

/** The body edge functions send on failure (shared AppError JSON). */
function isAppErrorBody(body: unknown): body is { code: ErrorCode; userMessage: string; details?: unknown } {
  if (typeof body !== 'object' || body === null) return false;
  const record = body as Record<string, unknown>;
  return (
    typeof record['code'] === 'string' &&
    Object.hasOwn(ERROR_CODES, record['code']) &&
    typeof record['userMessage'] === 'string'
  );
}

/** Maps a functions-js error to an AppError, reading the function's AppError body when present. */
export async function toFunctionsAppError(error: unknown): Promise<AppError> {
  if (error instanceof AppError) return error;
  if (error instanceof FunctionsHttpError) {
    const response = error.context as Response;
    let body: unknown;
    try {
      body = await response.clone().json();
    } catch {
      body = undefined;
    }
    if (isAppErrorBody(body)) {
      const details =
        typeof body.details === 'object' && body.details !== null
          ? (body.details as Record<string, unknown>)
          : undefined;
      return new AppError(body.code, `function answered ${response.status}`, {
        cause: error,
        userMessage: body.userMessage,
        ...(details ? { details } : {}),
      });
    }
    return createStatusError(response.status, error);
  }
  if (error instanceof FunctionsRelayError) return createStatusError(503, error);
  if (error instanceof FunctionsFetchError || error instanceof TypeError) return createNetworkError(error);
  return new AppError('INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
}
