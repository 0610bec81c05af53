/**
 * HS256 JWTs with Supabase's claim shapes, and the gateway's API-key mapping.
 *
 * Verification is hand-written (node:crypto HMAC, constant-time compare) rather than delegated
 * to a library because each Supabase service words its failures differently (PostgREST
 * "Expected 3 parts in JWT; got N", GoTrue `bad_jwt`, Realtime `InvalidJWTToken`…) and the
 * conformance suite checks those words. Signing is trivial HMAC-SHA256 over base64url JSON.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { LOCAL_ANON_KEY, LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY, LOCAL_SERVICE_ROLE_KEY } from '../config.ts';

export type JwtClaims = Record<string, unknown> & {
  role?: unknown;
  sub?: unknown;
  exp?: unknown;
  iat?: unknown;
  nbf?: unknown;
};

export type JwtFailure =
  | { kind: 'empty' }
  | { kind: 'parts'; parts: number }
  | { kind: 'malformed' }
  | { kind: 'algorithm' }
  | { kind: 'signature' }
  | { kind: 'expired'; secondsAgo: number }
  | { kind: 'not_yet_valid' }
  | { kind: 'issued_in_future' };

export type JwtResult = { ok: true; claims: JwtClaims } | { ok: false; failure: JwtFailure };

/** Clock skew tolerated on exp / nbf / iat (PostgREST uses 30 s). */
export const JWT_SKEW_SECONDS = 30;

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

function decodeSegment(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) throw new Error('not base64url');
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
}

/** Decodes a JWT's claims without checking anything (for logging or already-verified tokens). */
export function decodeJwtUnsafe(token: string): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = decodeSegment(parts[1] ?? '');
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies signature and time claims; never throws. */
export function verifyJwt(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): JwtResult {
  if (token.trim() === '') return { ok: false, failure: { kind: 'empty' } };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, failure: { kind: 'parts', parts: parts.length } };
  const [head, body, signature] = parts as [string, string, string];
  let header: unknown;
  let claims: unknown;
  try {
    header = decodeSegment(head);
    claims = decodeSegment(body);
  } catch {
    return { ok: false, failure: { kind: 'malformed' } };
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    return { ok: false, failure: { kind: 'malformed' } };
  }
  if ((header as { alg?: unknown }).alg !== 'HS256') return { ok: false, failure: { kind: 'algorithm' } };
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    return { ok: false, failure: { kind: 'malformed' } };
  }
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature, 'base64url');
  } catch {
    return { ok: false, failure: { kind: 'signature' } };
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, failure: { kind: 'signature' } };
  }
  const c = claims as JwtClaims;
  if (c.exp !== undefined) {
    if (typeof c.exp !== 'number') return { ok: false, failure: { kind: 'malformed' } };
    if (nowSeconds - JWT_SKEW_SECONDS >= c.exp) {
      return { ok: false, failure: { kind: 'expired', secondsAgo: Math.max(0, nowSeconds - c.exp) } };
    }
  }
  if (c.nbf !== undefined && typeof c.nbf === 'number' && nowSeconds + JWT_SKEW_SECONDS < c.nbf) {
    return { ok: false, failure: { kind: 'not_yet_valid' } };
  }
  if (c.iat !== undefined && typeof c.iat === 'number' && nowSeconds + JWT_SKEW_SECONDS < c.iat) {
    return { ok: false, failure: { kind: 'issued_in_future' } };
  }
  return { ok: true, claims: c };
}

/** Bearer token from an Authorization header value, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(.*)$/i.exec(authorization.trim());
  return match ? (match[1] ?? '').trim() : undefined;
}

/**
 * Supabase's gateway mapping of the new opaque API keys to JWTs (CLI kong.yml BearerToken):
 * an Authorization that is not `Bearer sb_…` passes unchanged; otherwise the apikey header
 * decides: secret → service_role JWT, publishable → anon JWT, else the apikey itself as Bearer.
 */
export function resolveAuthorization(
  authorization: string | undefined,
  apikey: string | undefined,
): string | undefined {
  if (authorization && !/^Bearer\s+sb_/i.test(authorization.trim())) return authorization;
  const key = apikey ?? bearerToken(authorization);
  if (key === LOCAL_SECRET_KEY) return `Bearer ${LOCAL_SERVICE_ROLE_KEY}`;
  if (key === LOCAL_PUBLISHABLE_KEY) return `Bearer ${LOCAL_ANON_KEY}`;
  // Kong forwards the raw apikey here; the hosted gateway accepts an apikey-only request with a
  // legacy JWT key as that key's role (`curl -H "apikey: <anon>"`), which is what we mirror.
  if (apikey) return `Bearer ${apikey}`;
  return authorization;
}

/** Maps an opaque key used as a token (e.g. realtime apikey query) to its JWT. */
export function resolveKeyToken(token: string | undefined): string | undefined {
  if (token === LOCAL_SECRET_KEY) return LOCAL_SERVICE_ROLE_KEY;
  if (token === LOCAL_PUBLISHABLE_KEY) return LOCAL_ANON_KEY;
  return token;
}
