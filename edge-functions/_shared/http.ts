/**
 * HTTP helpers for edge functions: CORS (browser calls go straight to functions, whose
 * preflights the gateway forwards), JSON replies, AppError → response, and reading the caller's
 * claims from a JWT the platform already verified (verify_jwt = true in supabase/config.toml).
 */
import { AppError, isAppError } from '../../shared/errors/app-error.ts';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type, x-supabase-api-version',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
};

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...CORS_HEADERS, ...headers },
  });
}

/** Turns any thrown value into a response; a 500 never carries internals. */
export function errorResponse(error: unknown, log: (line: string) => void = console.error): Response {
  if (isAppError(error)) {
    if (error.httpStatus >= 500) log(`${error.code}: ${error.message}`);
    return json(error.toJSON(), error.httpStatus);
  }
  log(`unexpected: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return json(new AppError('INTERNAL', 'unexpected').toJSON(), 500);
}

export type CallerClaims = {
  readonly role: string;
  readonly sub: string | null;
  readonly aal: string | null;
};

function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  return new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)));
}

/**
 * Claims of the bearer token. The signature was checked by the platform before the function
 * ran (verify_jwt); this only reads it. Missing or unreadable → UNAUTHENTICATED.
 */
export function readCallerClaims(req: Request): CallerClaims {
  const authorization = req.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(authorization);
  const token = match?.[1];
  const payload = token?.split('.')[1];
  if (!payload) throw new AppError('UNAUTHENTICATED', 'missing bearer token');
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(decodeBase64Url(payload)) as Record<string, unknown>;
  } catch (cause) {
    throw new AppError('UNAUTHENTICATED', 'unreadable bearer token', { cause });
  }
  return {
    role: typeof claims['role'] === 'string' ? claims['role'] : 'anon',
    sub: typeof claims['sub'] === 'string' ? claims['sub'] : null,
    aal: typeof claims['aal'] === 'string' ? claims['aal'] : null,
  };
}
