/**
 * Who is calling, the way storage-api's JWT plugin decides it (src/http/plugins/jwt.ts): the
 * bearer token is verified with jose (HS256, no clock tolerance) and a failure is an AccessDenied
 * carrying jose's own words ("signature verification failed", "Invalid Compact JWS",
 * '"exp" claim timestamp check failed'). A few read routes allow a missing or invalid token and
 * then serve public buckets only. Signed-URL tokens are signed and verified here too, with the
 * same library upstream uses, so their claims and error words match.
 */
import type { IncomingMessage } from 'node:http';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { header, headersAsJson } from '../http.ts';
import { resolveAuthorization, signJwt } from '../jwt.ts';
import { ERRORS } from './errors.ts';

export type StorageUser = {
  /** Postgres role the request runs as (`role` claim, `anon` when absent). */
  readonly role: string;
  readonly claims: Readonly<Record<string, unknown>>;
  /** The raw token (`request.jwt`), '' when the request carried none. */
  readonly jwt: string;
  /** JWT `sub`, which becomes objects' owner / owner_id. */
  readonly sub: string | undefined;
  readonly isAuthenticated: boolean;
};

const BEARER = /^Bearer\s+/i;

export function encodeSecret(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

function describeJoseError(error: unknown): string {
  return error instanceof Error ? error.message : 'Invalid JWT';
}

/** Verifies an HS256 token exactly as storage-api's verifyJWT does; throws AccessDenied. */
async function verifyToken(token: string, key: Uint8Array): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
    return payload;
  } catch (error) {
    throw ERRORS.accessDenied(describeJoseError(error));
  }
}

const ANONYMOUS: StorageUser = {
  role: 'anon',
  claims: { role: 'anon' },
  jwt: '',
  sub: undefined,
  isAuthenticated: false,
};

/**
 * Authenticates a request. With `allowInvalidJwt` (GET/HEAD `/object/<b>/<path>`, `/object/info/<b>/…`)
 * a missing or bad token yields an unauthenticated anon caller instead of an error.
 */
export async function authenticateStorageRequest(
  req: IncomingMessage,
  key: Uint8Array,
  allowInvalidJwt: boolean,
): Promise<StorageUser> {
  // The local gateway (Kong) maps sb_publishable_/sb_secret_ keys to the anon/service JWTs.
  const authorization = resolveAuthorization(header(req, 'authorization'), header(req, 'apikey')) ?? '';
  const jwt = authorization.replace(BEARER, '');
  if (!jwt && allowInvalidJwt) return ANONYMOUS;
  let payload: JWTPayload;
  try {
    payload = await verifyToken(jwt, key);
  } catch (error) {
    if (allowInvalidJwt) return ANONYMOUS;
    throw error;
  }
  const role = typeof payload['role'] === 'string' && payload['role'] !== '' ? payload['role'] : 'anon';
  return {
    role,
    claims: payload,
    jwt,
    sub: typeof payload.sub === 'string' ? payload.sub : undefined,
    isAuthenticated: true,
  };
}

/** The privileged identity storage-api uses for its own reads and final writes (service key). */
export function createServiceUser(jwtSecret: string): StorageUser {
  const claims = { iss: 'supabase-demo', role: 'service_role', exp: 1983812996 };
  return { role: 'service_role', claims, jwt: signJwt(claims, jwtSecret), sub: undefined, isAuthenticated: true };
}

/** Request facts that become per-transaction GUCs (request.headers, request.method, request.path). */
export type RequestFacts = {
  readonly headersJson: string;
  readonly method: string;
  readonly path: string;
};

export function readRequestFacts(req: IncomingMessage, url: URL, subpath: string): RequestFacts {
  return { headersJson: JSON.stringify(headersAsJson(req)), method: req.method ?? 'GET', path: subpath + url.search };
}

export const SIGNED_URL_SCOPE_DOWNLOAD = 'download';
export const SIGNED_URL_SCOPE_UPLOAD = 'upload';

/** Seconds a signed upload URL stays valid (storage-api's uploadSignedUrlExpirationTime default). */
export const SIGNED_UPLOAD_URL_EXPIRY_SECONDS = 2 * 60 * 60;

/** Signs a signed-URL token: `{...claims, iat, exp}` with `alg: HS256`, like upstream's signJWT. */
export async function signUrlToken(
  claims: Record<string, unknown>,
  key: Uint8Array,
  expiresInSeconds: number,
): Promise<string> {
  return new SignJWT(claims)
    .setIssuedAt()
    .setExpirationTime(`${Math.floor(expiresInSeconds)}s`)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(key);
}

export type SignedTokenPayload = JWTPayload & {
  readonly url?: unknown;
  readonly scope?: unknown;
  readonly owner?: unknown;
  readonly upsert?: unknown;
};

/**
 * ObjectStorage#verifyObjectSignature: signature/expiry failures are InvalidJWT (jose's words),
 * a token minted for the other action or another object is InvalidSignature.
 */
export async function verifyUrlToken(
  token: string,
  key: Uint8Array,
  expectedUrl: string,
  scope: typeof SIGNED_URL_SCOPE_DOWNLOAD | typeof SIGNED_URL_SCOPE_UPLOAD,
): Promise<SignedTokenPayload> {
  let payload: SignedTokenPayload;
  try {
    payload = await verifyToken(token, key);
  } catch (error) {
    throw ERRORS.invalidJwt(error instanceof Error ? error.message : '');
  }
  const hasUpsert = Object.prototype.hasOwnProperty.call(payload, 'upsert');
  const isScoped =
    scope === SIGNED_URL_SCOPE_UPLOAD
      ? payload.scope === SIGNED_URL_SCOPE_UPLOAD || (payload.scope === undefined && hasUpsert)
      : payload.scope === SIGNED_URL_SCOPE_DOWNLOAD || (payload.scope === undefined && !hasUpsert);
  if (!isScoped) throw ERRORS.invalidSignature(`Token is not scoped for ${scope}`);
  if (payload.url !== expectedUrl) throw ERRORS.invalidSignature();
  // jose already refuses expired tokens; kept because upstream checks again after verification.
  if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) throw ERRORS.expiredSignature();
  return payload;
}
