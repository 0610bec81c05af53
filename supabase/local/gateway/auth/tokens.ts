/**
 * Sessions, refresh tokens and access tokens (supabase/auth internal/tokens/service.go,
 * internal/models/{sessions,refresh_token,amr}.go).
 *
 * - A sign-in creates an auth.sessions row (aal1), a 12-character refresh token in
 *   auth.refresh_tokens and an auth.mfa_amr_claims row for the method used.
 * - Access tokens are HS256 JWTs with GoTrue's claims; `aal` and `amr` are computed from the
 *   session's AMR claims, and the custom_access_token hook may rewrite the claims.
 * - Refresh rotates the token. A revoked token is accepted again only when it is the parent of
 *   the active token (the client lost the previous answer) or within
 *   `refresh_token_reuse_interval` of its revocation; otherwise the whole family is revoked
 *   (committed) and the request fails with refresh_token_already_used.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { signJwt } from '../jwt.ts';
import type { Db } from './db.ts';
import { CommitThenFail, readMillis, runInTransaction } from './db.ts';
import type { AuthDeps, AuthRequest } from './deps.ts';
import { normalizeInet } from './deps.ts';
import { AuthError, createBadRequest, createInternalError, createOAuthError } from './errors.ts';
import { buildHookMetadata, invokeHook } from './hooks.ts';
import type { UserRow } from './users.ts';
import { findUserById, isBanned, serializeUser } from './users.ts';

/** models.AuthenticationMethod strings (the `amr[].method` values). */
export type AuthMethod =
  | 'oauth'
  | 'password'
  | 'otp'
  | 'totp'
  | 'recovery'
  | 'invite'
  | 'magiclink'
  | 'email/signup'
  | 'email_change'
  | 'token_refresh'
  | 'anonymous';

const AAL2_METHODS = new Set(['totp', 'mfa/phone', 'mfa/webauthn']);

export type SessionRow = {
  readonly id: string;
  readonly user_id: string;
  readonly created_at: Date | null;
  readonly factor_id: string | null;
  readonly aal: string | null;
  readonly not_after: Date | null;
};

export type RefreshTokenRow = {
  readonly id: string;
  readonly token: string;
  readonly user_id: string;
  readonly revoked: boolean;
  readonly updated_at: Date | null;
  readonly parent: string | null;
  readonly session_id: string | null;
};

/** models.ParseAuthenticationMethod (flow states store these strings). */
export function parseAuthMethod(value: string): AuthMethod | undefined {
  const method = value.endsWith('signup') ? 'email/signup' : value;
  const known: readonly string[] = [
    'oauth',
    'password',
    'otp',
    'totp',
    'recovery',
    'invite',
    'magiclink',
    'email/signup',
    'email_change',
    'token_refresh',
    'anonymous',
  ];
  return known.includes(method) ? (method as AuthMethod) : undefined;
}

/** crypto.SecureAlphanumeric(12): lower-case base32, the legacy refresh-token format. */
export function generateRefreshToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(12)].map((b) => alphabet[b % 32]).join('');
}

export async function findSessionById(db: Db, id: string, isForUpdate = false): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `select id, user_id, created_at, factor_id, aal::text as aal, not_after from auth.sessions where id = $1${
      isForUpdate ? ' for update' : ''
    }`,
    [id],
  );
  return rows[0];
}

/** models.AddClaimToSession: one row per method, refreshed on reuse. */
export async function addAmrClaim(db: Db, sessionId: string, method: AuthMethod): Promise<void> {
  await db.query(
    `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
     values ($1, $2, now(), now(), $3)
     on conflict (session_id, authentication_method) do update set updated_at = now()`,
    [randomUUID(), sessionId, method],
  );
}

async function insertRefreshToken(db: Db, userId: string, sessionId: string, parent: string | null): Promise<string> {
  const token = generateRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), $3, $4)`,
    [token, userId, parent, sessionId],
  );
  await db.query('update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1', [userId]);
  return token;
}

/** Session.CalculateAALAndAMR: aal2 once a second factor was verified in this session. */
async function computeAalAndAmr(
  db: Db,
  sessionId: string,
): Promise<{ aal: string; amr: { method: string; timestamp: number }[] }> {
  const { rows } = await db.query<{ authentication_method: string; updated_at: Date }>(
    'select authentication_method, updated_at from auth.mfa_amr_claims where session_id = $1 order by created_at',
    [sessionId],
  );
  const aal = rows.some((r) => AAL2_METHODS.has(r.authentication_method)) ? 'aal2' : 'aal1';
  const amr = rows
    .map((r) => ({ method: r.authentication_method, timestamp: Math.floor(readMillis(r.updated_at) / 1000) }))
    .sort((a, b) => b.timestamp - a.timestamp);
  return { aal, amr };
}

const REQUIRED_CLAIMS = ['aud', 'exp', 'iat', 'sub', 'email', 'phone', 'role', 'aal', 'session_id', 'is_anonymous'];
const STRING_CLAIMS = ['jti', 'iss', 'sub', 'email', 'phone', 'role', 'aal', 'session_id', 'client_id'];
const INTEGER_CLAIMS = ['exp', 'iat', 'nbf'];

function describeJsonSchemaType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** tokens.validateTokenClaims (MinimumViableTokenSchema) with gojsonschema's wording. */
export function validateHookClaims(claims: Record<string, unknown>): void {
  const problems: string[] = [];
  for (const name of REQUIRED_CLAIMS) if (!(name in claims)) problems.push(`- (root): ${name} is required`);
  const checkType = (name: string, expected: string, isOk: boolean): void => {
    if (name in claims && !isOk) {
      problems.push(`- ${name}: Invalid type. Expected: ${expected}, given: ${describeJsonSchemaType(claims[name])}`);
    }
  };
  for (const name of STRING_CLAIMS) checkType(name, 'string', typeof claims[name] === 'string');
  for (const name of INTEGER_CLAIMS) {
    const value = claims[name];
    checkType(name, 'integer', typeof value === 'number' && Number.isInteger(value));
  }
  checkType('aud', 'string/array', typeof claims['aud'] === 'string' || Array.isArray(claims['aud']));
  for (const name of ['app_metadata', 'user_metadata']) {
    const value = claims[name];
    checkType(name, 'object', value !== null && typeof value === 'object' && !Array.isArray(value));
  }
  checkType('amr', 'array', Array.isArray(claims['amr']));
  if (problems.length > 0) {
    throw new AuthError(
      500,
      '',
      `output claims do not conform to the expected schema: \n${problems.map((p) => `${p}\n`).join('')}`,
    );
  }
}

/** tokens.Service.GenerateAccessToken: returns the JWT and its expiry (unix seconds). */
export async function generateAccessToken(
  deps: AuthDeps,
  db: pg.PoolClient,
  request: AuthRequest,
  user: UserRow,
  sessionId: string,
  method: AuthMethod,
): Promise<{ token: string; expiresAt: number }> {
  const { aal, amr } = await computeAalAndAmr(db, sessionId);
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + deps.settings.jwtExpiry;
  // Field order of v0hooks.AccessTokenClaims (RegisteredClaims first), aud as a single string.
  const claims: Record<string, unknown> = {
    iss: deps.settings.externalUrl,
    sub: user.id,
    aud: user.aud ?? '',
    exp: expiresAt,
    iat: issuedAt,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? '',
    aal,
    ...(amr.length > 0 ? { amr } : {}),
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  };
  let signedClaims = claims;
  const hook = deps.settings.hooks.customAccessToken;
  if (hook) {
    const output = await invokeHook(db, hook, {
      metadata: buildHookMetadata('customize-access-token', request.ip),
      user_id: user.id,
      claims,
      authentication_method: method,
    });
    if (!('claims' in output)) throw new AuthError(500, '', 'output claims field is missing');
    const hooked = output['claims'];
    if (hooked === null || typeof hooked !== 'object' || Array.isArray(hooked)) {
      throw createInternalError('Error unmarshaling JSON output.');
    }
    validateHookClaims(hooked as Record<string, unknown>);
    signedClaims = hooked as Record<string, unknown>;
  }
  const exp = typeof signedClaims['exp'] === 'number' ? signedClaims['exp'] : expiresAt;
  return { token: signJwt(signedClaims, deps.ctx.jwtSecret), expiresAt: exp };
}

async function buildSessionResponse(
  deps: AuthDeps,
  db: pg.PoolClient,
  request: AuthRequest,
  userId: string,
  sessionId: string,
  refreshToken: string,
  method: AuthMethod,
): Promise<Record<string, unknown>> {
  const user = await findUserById(db, userId);
  if (!user) throw createInternalError('Database error loading user');
  const { token, expiresAt } = await generateAccessToken(deps, db, request, user, sessionId, method);
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: expiresAt - Math.floor(Date.now() / 1000),
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: serializeUser(user),
  };
}

/** tokens.Service.IssueRefreshToken: a new session for `user`, signed in with `method`. */
export async function issueSession(
  deps: AuthDeps,
  db: pg.PoolClient,
  request: AuthRequest,
  userId: string,
  method: AuthMethod,
  factorId: string | null = null,
): Promise<Record<string, unknown>> {
  const sessionId = randomUUID();
  await db.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, factor_id, aal, user_agent, ip)
     values ($1, $2, now(), now(), $3, 'aal1', $4, $5)`,
    [sessionId, userId, factorId, request.userAgent === '' ? null : request.userAgent, normalizeInet(request.ip)],
  );
  const refreshToken = await insertRefreshToken(db, userId, sessionId, null);
  await addAmrClaim(db, sessionId, method);
  return buildSessionResponse(deps, db, request, userId, sessionId, refreshToken, method);
}

/**
 * After an MFA verification (api.updateMFASessionAndClaims): adds the factor's AMR claim to the
 * current session, rotates its refresh token and returns the upgraded session.
 */
export async function upgradeSession(
  deps: AuthDeps,
  db: pg.PoolClient,
  request: AuthRequest,
  userId: string,
  sessionId: string,
  method: AuthMethod,
  factorId: string,
): Promise<Record<string, unknown>> {
  await addAmrClaim(db, sessionId, method);
  const session = await findSessionById(db, sessionId, true);
  if (!session) throw new AuthError(404, 'session_not_found', 'Session not found');
  const { rows } = await db.query<RefreshTokenRow>(
    'select * from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1',
    [sessionId],
  );
  const current = rows[0];
  if (current) {
    await db.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [current.id]);
  }
  const refreshToken = await insertRefreshToken(db, userId, sessionId, current?.token ?? null);
  const { aal } = await computeAalAndAmr(db, sessionId);
  await db.query(
    'update auth.sessions set aal = $2::auth.aal_level, factor_id = $3, updated_at = now() where id = $1',
    [sessionId, aal, factorId],
  );
  return buildSessionResponse(deps, db, request, userId, sessionId, refreshToken, method);
}

/** POST /token?grant_type=refresh_token (tokens.Service.RefreshTokenGrant, legacy tokens). */
export async function grantRefreshToken(
  deps: AuthDeps,
  request: AuthRequest,
  refreshToken: string,
): Promise<Record<string, unknown>> {
  if (refreshToken === '') throw createOAuthError('invalid_request', 'refresh_token required');
  const createNotFoundError = (): AuthError =>
    createBadRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
  // Only the 12-character legacy format is issued here; anything else cannot exist.
  if (refreshToken.length !== 12) throw createNotFoundError();
  const pool = deps.ctx.adminPool;
  return runInTransaction(pool, async (db) => {
    const { rows } = await db.query<RefreshTokenRow>(
      'select * from auth.refresh_tokens where token = $1 limit 1 for update',
      [refreshToken],
    );
    const token = rows[0];
    if (!token) throw createNotFoundError();
    const user = await findUserById(db, token.user_id);
    if (!user) throw createNotFoundError();
    if (isBanned(user)) throw createBadRequest('user_banned', 'Invalid Refresh Token: User Banned');
    const session = token.session_id ? await findSessionById(db, token.session_id, true) : undefined;
    if (!session) {
      if (!token.session_id) await db.query('delete from auth.refresh_tokens where id = $1', [token.id]);
      throw new CommitThenFail(createBadRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found'));
    }
    if (session.not_after !== null && readMillis(session.not_after) < Date.now()) {
      throw createBadRequest('session_expired', 'Invalid Refresh Token: Session Expired');
    }

    let issued: string | undefined;
    if (token.revoked) {
      const active = await db.query<RefreshTokenRow>(
        'select * from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1',
        [session.id],
      );
      const activeToken = active.rows[0];
      if (activeToken && activeToken.parent === token.token) {
        // The client never stored the previous answer: hand it the active token again.
        issued = activeToken.token;
      } else {
        const reuseUntil = readMillis(token.updated_at) + deps.settings.refreshTokenReuseInterval * 1000;
        if (Date.now() > reuseUntil) {
          if (deps.settings.refreshTokenRotation) {
            await db.query(
              'update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false',
              [session.id],
            );
          }
          throw new CommitThenFail(
            createBadRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used'),
          );
        }
      }
    }
    if (issued === undefined) {
      await db.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [token.id]);
      issued = await insertRefreshToken(db, user.id, session.id, token.token);
    }
    await db.query(
      'update auth.sessions set refreshed_at = now(), updated_at = now(), user_agent = $2, ip = $3 where id = $1',
      [session.id, request.userAgent === '' ? null : request.userAgent, normalizeInet(request.ip)],
    );
    return buildSessionResponse(deps, db, request, user.id, session.id, issued, 'token_refresh');
  });
}
