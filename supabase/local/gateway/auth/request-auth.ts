/**
 * Who is calling: GoTrue's requireAuthentication and requireAdminCredentials middlewares
 * (internal/api/{auth,middleware}.go). The Authorization header first goes through the
 * gateway's API-key mapping (Bearer sb_publishable_… → anon JWT, sb_secret_… → service_role
 * JWT), as the CLI's Kong does for /auth/v1.
 */
import { resolveAuthorization, verifyJwt, type JwtClaims } from '../jwt.ts';
import { header } from '../http.ts';
import type { AuthDeps, AuthRequest } from './deps.ts';
import { AuthError, createBadRequest, createForbidden } from './errors.ts';
import { NIL_UUID, parseGoUuid } from './params.ts';
import type { SessionRow } from './tokens.ts';
import { findSessionById } from './tokens.ts';
import type { UserRow } from './users.ts';
import { DEFAULT_AUD, findUserById, isBanned } from './users.ts';

/** GOTRUE_JWT_ADMIN_ROLES as the CLI sets it. */
const ADMIN_ROLES = ['service_role'];

export type Caller = {
  readonly claims: JwtClaims;
  readonly user: UserRow;
  readonly session: SessionRow | undefined;
};

/** GoTrue's bearerRegexp: `^(?:B|b)earer (\S+$)`. */
function extractBearerToken(request: AuthRequest): string {
  const authorization = resolveAuthorization(header(request.req, 'authorization'), header(request.req, 'apikey'));
  const match = /^(?:B|b)earer (\S+)$/.exec(authorization ?? '');
  if (!match?.[1]) {
    throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  }
  return match[1];
}

const JWT_FAILURE_TEXT: Record<string, string> = {
  empty: 'token is malformed: token contains an invalid number of segments',
  parts: 'token is malformed: token contains an invalid number of segments',
  malformed: 'token is malformed: could not JSON decode claim',
  algorithm: 'token signature is invalid: signing method is invalid',
  signature: 'token signature is invalid: signature is invalid',
  expired: 'token has invalid claims: token is expired',
  not_yet_valid: 'token has invalid claims: token is not valid yet',
  issued_in_future: 'token has invalid claims: token used before issued',
};

/** parseJWTClaims: HS256 with the project secret, claims decoded into AccessTokenClaims. */
function parseClaims(deps: AuthDeps, token: string): JwtClaims {
  const result = verifyJwt(token, deps.ctx.jwtSecret);
  if (!result.ok) {
    throw createForbidden(
      'bad_jwt',
      `invalid JWT: unable to parse or verify signature, ${JWT_FAILURE_TEXT[result.failure.kind] ?? 'token is invalid'}`,
    );
  }
  const c = result.claims;
  // Go decodes into a typed struct: a claim of the wrong JSON type is a malformed token.
  const isWrongType =
    ['sub', 'role', 'email', 'phone', 'session_id', 'aal'].some(
      (k) => c[k] !== undefined && typeof c[k] !== 'string',
    ) ||
    (c['is_anonymous'] !== undefined && typeof c['is_anonymous'] !== 'boolean') ||
    (c['aud'] !== undefined && typeof c['aud'] !== 'string' && !Array.isArray(c['aud']));
  if (isWrongType) {
    throw createForbidden(
      'bad_jwt',
      `invalid JWT: unable to parse or verify signature, ${JWT_FAILURE_TEXT['malformed']}`,
    );
  }
  return c;
}

/** maybeLoadUserOrSession: the user behind `sub` and the session behind `session_id`. */
async function loadCaller(deps: AuthDeps, claims: JwtClaims): Promise<Caller> {
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  if (sub === '') throw createForbidden('bad_jwt', 'invalid claim: missing sub claim');
  const userId = parseGoUuid(sub);
  if (!userId) throw createBadRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
  const db = deps.ctx.adminPool;
  const user = await findUserById(db, userId);
  if (!user) throw createForbidden('user_not_found', 'User from sub claim in JWT does not exist');
  let session: SessionRow | undefined;
  const sessionClaim = typeof claims['session_id'] === 'string' ? claims['session_id'] : '';
  if (sessionClaim !== '' && sessionClaim !== NIL_UUID) {
    const sessionId = parseGoUuid(sessionClaim);
    if (!sessionId) throw createForbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
    session = await findSessionById(db, sessionId);
    if (!session) throw createForbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
  }
  return { claims, user, session };
}

/** requireAuthentication: a valid user JWT whose user (and session) still exist. */
export async function requireAuthentication(deps: AuthDeps, request: AuthRequest): Promise<Caller> {
  const claims = parseClaims(deps, extractBearerToken(request));
  const caller = await loadCaller(deps, claims);
  if (isBanned(caller.user)) throw createForbidden('user_banned', 'User is banned');
  return caller;
}

/** requireAdminCredentials: a JWT whose role is an admin role (service_role locally). */
export async function requireAdmin(deps: AuthDeps, request: AuthRequest): Promise<JwtClaims> {
  const claims = parseClaims(deps, extractBearerToken(request));
  const sessionClaim = typeof claims['session_id'] === 'string' ? claims['session_id'] : '';
  if (sessionClaim !== '' && sessionClaim !== NIL_UUID) await loadCaller(deps, claims);
  const role = typeof claims.role === 'string' ? claims.role : '';
  if (!ADMIN_ROLES.includes(role)) throw createForbidden('not_admin', 'User not allowed');
  return claims;
}

/** requestAud: X-JWT-AUD header, else the token's aud (non-admin), else "authenticated". */
export function getRequestAud(request: AuthRequest, claims?: JwtClaims): string {
  const fromHeader = header(request.req, 'x-jwt-aud');
  if (fromHeader) return fromHeader;
  if (claims && !ADMIN_ROLES.includes(typeof claims.role === 'string' ? claims.role : '')) {
    const aud = claims['aud'];
    const first = Array.isArray(aud) ? aud[0] : aud;
    if (typeof first === 'string' && first !== '') return first;
  }
  return DEFAULT_AUD;
}
