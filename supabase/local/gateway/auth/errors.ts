/**
 * Supabase Auth (GoTrue) errors and the two envelopes it answers them in
 * (supabase/auth internal/api/errors.go#HandleResponseError):
 *
 *   X-Supabase-Api-Version >= 2024-01-01 (auth-js always sends it):
 *     {"code": "<error_code>", "message": "..."}            + echoed version header
 *   legacy (no or older header):
 *     {"code": <status>, "error_code": "<code>", "msg": "..."}
 *
 * Both carry `x-sb-error-code` when the error has a code. Weak passwords add
 * `weak_password.reasons`; OAuth-style errors use {error, error_description} with 400. Every
 * service handler throws these; `sendAuthError` is the single place that renders them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, sendJson } from '../http.ts';

export const API_VERSION_HEADER = 'X-Supabase-Api-Version';
export const API_VERSION_2024 = '2024-01-01';

type AuthErrorKind = 'http' | 'weak_password' | 'oauth';

/** A GoTrue error: HTTP status, machine code (may be empty, as upstream allows) and message. */
export class AuthError extends Error {
  readonly kind: AuthErrorKind;
  readonly status: number;
  readonly code: string;
  readonly reasons: readonly string[];
  /** OAuth-style error name (`invalid_request`…), only for kind 'oauth'. */
  readonly oauthError: string;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { kind?: AuthErrorKind; reasons?: readonly string[]; oauthError?: string } = {},
  ) {
    super(message);
    this.kind = options.kind ?? 'http';
    this.status = status;
    this.code = code;
    this.reasons = options.reasons ?? [];
    this.oauthError = options.oauthError ?? '';
  }
}

export function createBadRequest(code: string, message: string): AuthError {
  return new AuthError(400, code, message);
}
export function createForbidden(code: string, message: string): AuthError {
  return new AuthError(403, code, message);
}
export function createNotFound(code: string, message: string): AuthError {
  return new AuthError(404, code, message);
}
export function createUnprocessable(code: string, message: string): AuthError {
  return new AuthError(422, code, message);
}
export function createTooManyRequests(code: string, message: string): AuthError {
  return new AuthError(429, code, message);
}
export function createInternalError(message: string): AuthError {
  return new AuthError(500, 'unexpected_failure', message);
}
export function createWeakPasswordError(message: string, reasons: readonly string[]): AuthError {
  return new AuthError(422, 'weak_password', message, { kind: 'weak_password', reasons });
}
export function createOAuthError(error: string, description: string): AuthError {
  return new AuthError(400, '', description, { kind: 'oauth', oauthError: error });
}

/** Whether the request asked for the 2024-01-01 error envelope (DetermineClosestAPIVersion). */
export function isApiVersion2024(req: IncomingMessage): boolean {
  const value = header(req, API_VERSION_HEADER);
  if (!value) return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  // Go's time.Parse rejects impossible dates such as 2024-02-31; so do we.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return false;
  return value >= API_VERSION_2024;
}

const UNEXPECTED_MESSAGE = 'Unexpected failure, please check server logs for more information';

/**
 * Database refusals caused by the request's content (SQLSTATE class 22 data exception, 23
 * integrity violation, 54 program limit such as an over-long index key) are the caller's
 * fault: GoTrue would answer 500 "Database error …", we answer a 4xx so that no input can make
 * the service look broken.
 */
function mapDatabaseError(error: unknown): AuthError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  if (code.startsWith('23')) return new AuthError(409, 'conflict', 'The request conflicts with existing data');
  if (code.startsWith('22') || code.startsWith('54')) {
    return new AuthError(400, 'validation_failed', 'The request contains a value the database cannot store');
  }
  return undefined;
}

/** Renders any thrown value as GoTrue would; unknown exceptions become a logged, opaque 500. */
export function sendAuthError(
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  log: (line: string) => void,
): void {
  const isNew = isApiVersion2024(req);
  const headers: Record<string, string> = isNew ? { [API_VERSION_HEADER]: API_VERSION_2024 } : {};
  const mapped = error instanceof AuthError ? undefined : mapDatabaseError(error);
  if (mapped) {
    sendAuthError(req, res, mapped, log);
    return;
  }
  if (!(error instanceof AuthError)) {
    log(
      `auth: unexpected error on ${req.method ?? '?'} ${req.url ?? '?'}: ${
        error instanceof Error ? (error.stack ?? error.message) : String(error)
      }`,
    );
    sendJson(
      res,
      500,
      isNew
        ? { code: 'unexpected_failure', message: UNEXPECTED_MESSAGE }
        : { code: 500, error_code: 'unexpected_failure', msg: UNEXPECTED_MESSAGE },
      headers,
    );
    return;
  }
  if (error.kind === 'oauth') {
    const body: Record<string, string> = { error: error.oauthError };
    if (error.message) body['error_description'] = error.message;
    sendJson(res, 400, body, headers);
    return;
  }
  if (error.kind === 'weak_password') {
    const payload = error.reasons.length > 0 ? { weak_password: { reasons: error.reasons } } : {};
    if (isNew) {
      // Upstream sets x-sb-error-code only in the legacy branch for weak passwords.
      sendJson(res, 422, { code: 'weak_password', message: error.message, ...payload }, headers);
    } else {
      sendJson(
        res,
        422,
        { code: 422, error_code: 'weak_password', msg: error.message, ...payload },
        {
          ...headers,
          'x-sb-error-code': 'weak_password',
        },
      );
    }
    return;
  }
  if (error.code !== '') headers['x-sb-error-code'] = error.code;
  const code = error.code !== '' ? error.code : error.status === 500 ? 'unexpected_failure' : 'unknown';
  if (error.status >= 500) log(`auth: ${error.status} ${code}: ${error.message}`);
  sendJson(
    res,
    error.status,
    isNew ? { code, message: error.message } : { code: error.status, error_code: code, msg: error.message },
    headers,
  );
}
