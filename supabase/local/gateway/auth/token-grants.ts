/**
 * POST /token (supabase/auth internal/api/token.go): `grant_type=password`, `refresh_token` and
 * `pkce`. A password sign-in runs the password_verification_attempt hook when configured (its
 * `decision: "reject"` turns into 400 invalid_credentials with the hook's message — the hook
 * Comptoir uses for per-account sign-in throttling) and refuses unconfirmed emails with
 * 400 email_not_confirmed.
 */
import { readMillis, runInTransaction } from './db.ts';
import type { AuthDeps, AuthRequest, Reply } from './deps.ts';
import { replyJson } from './deps.ts';
import { AuthError, createBadRequest, createNotFound, createUnprocessable } from './errors.ts';
import { buildHookMetadata, invokeHook, readVerificationDecision } from './hooks.ts';
import { decodeParams, formatPhone } from './params.ts';
import { assertPasswordStrength, verifyPassword } from './passwords.ts';
import { FLOW_STATE_TTL_MS, checkCodeVerifier } from './pkce.ts';
import { getRequestAud } from './request-auth.ts';
import { grantRefreshToken, issueSession, parseAuthMethod } from './tokens.ts';
import { findUserByEmail, findUserById, findUserByPhone, hasPassword, isBanned, isConfirmed } from './users.ts';

const INVALID_LOGIN = 'Invalid login credentials';
const DEFAULT_PASSWORD_REJECTION = 'Further password verification attempts will be rejected.';

export async function handleToken(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  switch (request.url.searchParams.get('grant_type') ?? '') {
    case 'password':
      return grantPassword(deps, request);
    case 'refresh_token': {
      const params = decodeParams('RefreshTokenGrantParams', { refresh_token: 'string' }, await request.readBody());
      return replyJson(await grantRefreshToken(deps, request, params.refresh_token));
    }
    case 'pkce':
      return grantPkce(deps, request);
    default:
      throw createBadRequest('invalid_credentials', 'unsupported_grant_type');
  }
}

async function grantPassword(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const { settings } = deps;
  const params = decodeParams(
    'PasswordGrantParams',
    { email: 'string', phone: 'string', password: 'string' },
    await request.readBody(),
  );
  const aud = getRequestAud(request);
  if (params.email !== '' && params.phone !== '') {
    throw createBadRequest('validation_failed', 'Only an email address or phone number should be provided on login.');
  }
  const pool = deps.ctx.adminPool;
  let user;
  if (params.email !== '') {
    if (!settings.emailEnabled) throw createUnprocessable('email_provider_disabled', 'Email logins are disabled');
    user = await findUserByEmail(pool, params.email, aud);
  } else if (params.phone !== '') {
    if (!settings.phoneEnabled) throw createUnprocessable('phone_provider_disabled', 'Phone logins are disabled');
    user = await findUserByPhone(pool, formatPhone(params.phone), aud);
  } else {
    throw createBadRequest('validation_failed', 'missing email or phone');
  }
  if (!user || !hasPassword(user)) throw createBadRequest('invalid_credentials', INVALID_LOGIN);
  if (isBanned(user)) throw createBadRequest('user_banned', 'User is banned');

  const isValid = await verifyPassword(params.password, user.encrypted_password);
  let weakPassword: { message: string; reasons: readonly string[] } | undefined;
  if (isValid) {
    try {
      assertPasswordStrength(settings, params.password);
    } catch (error) {
      if (error instanceof AuthError && error.kind === 'weak_password') {
        weakPassword = { message: error.message, reasons: error.reasons };
      }
    }
  }

  const hook = settings.hooks.passwordVerificationAttempt;
  if (hook) {
    const output = await invokeHook(pool, hook, {
      metadata: buildHookMetadata('password-verification', request.ip),
      user_id: user.id,
      valid: isValid,
    });
    const decision = readVerificationDecision(output);
    if (decision.isRejected) {
      if (decision.shouldLogout) await pool.query('delete from auth.sessions where user_id = $1', [user.id]);
      throw createBadRequest('invalid_credentials', decision.message || DEFAULT_PASSWORD_REJECTION);
    }
  }
  if (!isValid) throw createBadRequest('invalid_credentials', INVALID_LOGIN);
  if (params.email !== '' && !isConfirmed(user)) throw createBadRequest('email_not_confirmed', 'Email not confirmed');
  if (params.phone !== '' && user.phone_confirmed_at === null) {
    throw createBadRequest('phone_not_confirmed', 'Phone not confirmed');
  }

  const userId = user.id;
  const session = await runInTransaction(pool, (db) => issueSession(deps, db, request, userId, 'password'));
  return replyJson(weakPassword ? { ...session, weak_password: weakPassword } : session);
}

type FlowStateRow = {
  user_id: string | null;
  code_challenge_method: string;
  code_challenge: string;
  authentication_method: string;
  created_at: Date | null;
  auth_code_issued_at: Date | null;
};

/** POST /token?grant_type=pkce (exchangeCodeForSession). */
async function grantPkce(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const params = decodeParams(
    'PKCEGrantParams',
    { auth_code: 'string', code_verifier: 'string' },
    await request.readBody(),
  );
  if (params.auth_code === '' || params.code_verifier === '') {
    throw createBadRequest(
      'validation_failed',
      'invalid request: both auth code and code verifier should be non-empty',
    );
  }
  // The code is consumed by the transaction that issues the session: a concurrent exchange of
  // the same code waits on the row lock, then finds no row (404, as a replay does); a refused
  // exchange (expired, wrong verifier) rolls back and leaves the code usable, as in GoTrue.
  const session = await runInTransaction(deps.ctx.adminPool, async (db) => {
    const { rows } = await db.query<FlowStateRow>(
      `delete from auth.flow_state where auth_code = $1
       returning user_id, code_challenge_method::text as code_challenge_method, code_challenge,
                 authentication_method, created_at, auth_code_issued_at`,
      [params.auth_code],
    );
    const flow = rows[0];
    if (!flow || flow.user_id === null) {
      throw createNotFound('flow_state_not_found', 'invalid flow state, no valid flow state found');
    }
    const startedAt =
      flow.auth_code_issued_at !== null && flow.authentication_method === 'magiclink'
        ? readMillis(flow.auth_code_issued_at)
        : readMillis(flow.created_at);
    if (!(Date.now() <= startedAt + FLOW_STATE_TTL_MS)) {
      throw createUnprocessable('flow_state_expired', 'invalid flow state, flow state has expired');
    }
    const user = await findUserById(db, flow.user_id);
    if (!user) throw createNotFound('user_not_found', 'User not found');
    const mismatch = checkCodeVerifier(flow.code_challenge, flow.code_challenge_method, params.code_verifier);
    if (mismatch) throw createBadRequest('bad_code_verifier', mismatch);
    const method = parseAuthMethod(flow.authentication_method);
    if (!method) {
      throw createBadRequest('validation_failed', `unsupported authentication method "${flow.authentication_method}"`);
    }
    return issueSession(deps, db, request, user.id, method);
  });
  return replyJson(session);
}
