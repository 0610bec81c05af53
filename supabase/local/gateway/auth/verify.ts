/**
 * /verify (supabase/auth internal/api/verify.go): turns an emailed token into a session.
 *
 * - `GET /verify?token=<hash>&type=<t>&redirect_to=<url>` is what email links open: 303 to the
 *   (allow-listed) redirect with the session in the fragment (`#access_token=…&type=<t>&sb=`),
 *   or, for `pkce_` tokens, with `?code=<auth code>`; failures redirect too, with
 *   `#error=…&error_code=…&error_description=…&sb=`.
 * - `POST /verify` takes `{type, email, token}` (the 6-digit code) or `{type, token_hash}` and
 *   answers the session as JSON. Type `email` accepts both confirmation and magic-link codes.
 * A token works once; reuse is 403 otp_expired.
 */
import type pg from 'pg';
import type { Db } from './db.ts';
import { readMillis, runInTransaction } from './db.ts';
import type { AuthDeps, AuthRequest, Reply } from './deps.ts';
import { replyJson, replyRedirect } from './deps.ts';
import { AuthError, createBadRequest, createForbidden, createUnprocessable } from './errors.ts';
import type { OneTimeTokenType } from './mail.ts';
import { hashToken } from './mail.ts';
import { decodeParams, validateEmail, validatePhone } from './params.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { getReferrer } from './redirects.ts';
import { getRequestAud } from './request-auth.ts';
import { escapeQueryValue } from './templates.ts';
import type { AuthMethod } from './tokens.ts';
import { issueSession, parseAuthMethod } from './tokens.ts';
import type { UserRow } from './users.ts';
import {
  buildEmailIdentityData,
  confirmUser,
  deleteOneTimeTokens,
  findUserByEmail,
  findUserById,
  hasPassword,
  insertIdentity,
  isBanned,
  isConfirmed,
  markEmailIdentityVerified,
  updateAppMetadataProviders,
} from './users.ts';

const SINGLE_CONFIRMATION_ACCEPTED =
  'Confirmation link accepted. Please proceed to confirm link sent to the other email';
const LINK_INVALID = 'Email link is invalid or has expired';
const TOKEN_INVALID = 'Token has expired or is invalid';

const OAUTH_ERROR_NAMES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized_client',
  403: 'access_denied',
  500: 'server_error',
  503: 'temporarily_unavailable',
};

// ---------------------------------------------------------------------------------------------
// URL helpers with Go's net/url semantics (sorted Values.Encode, fragment escaping).

type UrlParts = { base: string; query: string; fragment: string | undefined };

function splitUrl(url: string): UrlParts {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const fragment = hashAt >= 0 ? url.slice(hashAt + 1) : undefined;
  const queryAt = beforeHash.indexOf('?');
  return {
    base: queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash,
    query: queryAt >= 0 ? beforeHash.slice(queryAt + 1) : '',
    fragment,
  };
}

/** url.Values.Encode: keys sorted, values QueryEscape'd. */
function encodeValues(values: readonly (readonly [string, string])[]): string {
  return [...values]
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry[0] < b.entry[0] ? -1 : a.entry[0] > b.entry[0] ? 1 : a.index - b.index))
    .map(({ entry: [k, v] }) => `${escapeQueryValue(k)}=${escapeQueryValue(v)}`)
    .join('&');
}

function parseValues(query: string): [string, string][] {
  return [...new URLSearchParams(query)].map(([k, v]) => [k, v]);
}

function setValue(values: [string, string][], key: string, value: string): [string, string][] {
  return [...values.filter(([k]) => k !== key), [key, value]];
}

/** url.URL.EscapedFragment when only Fragment is set (Go re-escapes '%'). */
function escapeFragment(fragment: string): string {
  return [...Buffer.from(fragment, 'utf8')]
    .map((byte) => {
      const c = String.fromCharCode(byte);
      return /[A-Za-z0-9\-_.~$&+,/:;=?@!()*]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

function joinUrl(parts: UrlParts): string {
  return `${parts.base}${parts.query !== '' ? `?${parts.query}` : ''}${
    parts.fragment !== undefined && parts.fragment !== '' ? `#${parts.fragment}` : ''
  }`;
}

/** prepErrorRedirectURL. */
function buildErrorRedirect(error: AuthError, redirectTo: string, isPkce: boolean): string {
  const parts = splitUrl(redirectTo);
  const fragment: [string, string][] = [];
  let query = parseValues(parts.query);
  const oauthName = OAUTH_ERROR_NAMES[error.status];
  if (oauthName) {
    fragment.push(['error', oauthName]);
    query = setValue(query, 'error', oauthName);
  }
  fragment.push(['error_code', error.code], ['error_description', error.message], ['sb', '']);
  query = setValue(setValue(query, 'error_code', error.code), 'error_description', error.message);
  return joinUrl({
    base: parts.base,
    query: isPkce ? encodeValues(query) : parts.query,
    fragment: escapeFragment(encodeValues(fragment)),
  });
}

/** prepRedirectURL: the message after the first of two email-change confirmations. */
function buildMessageRedirect(message: string, redirectTo: string, isPkce: boolean): string {
  const parts = splitUrl(redirectTo);
  let query = parseValues(parts.query);
  if (isPkce) query = setValue(query, 'message', message);
  return joinUrl({
    base: parts.base,
    query: encodeValues(query),
    fragment: escapeFragment(
      encodeValues([
        ['message', message],
        ['sb', ''],
      ]),
    ),
  });
}

/** AccessTokenResponse.AsRedirectURL: tokens in the fragment, appended as-is. */
function buildSessionRedirect(session: Record<string, unknown>, redirectTo: string, type: string): string {
  const values: [string, string][] = [
    ['type', type],
    ['access_token', String(session['access_token'])],
    ['token_type', String(session['token_type'])],
    ['expires_in', String(session['expires_in'])],
    ['expires_at', String(session['expires_at'])],
    ['refresh_token', String(session['refresh_token'])],
    ['sb', ''],
  ];
  return `${redirectTo}#${encodeValues(values)}`;
}

/** prepPKCERedirectURL. */
function buildCodeRedirect(redirectTo: string, code: string): string {
  const parts = splitUrl(redirectTo);
  return joinUrl({ ...parts, query: encodeValues(setValue(parseValues(parts.query), 'code', code)) });
}

// ---------------------------------------------------------------------------------------------
// Token lookup and verification.

type OneTimeTokenRow = { user_id: string; token_hash: string; token_type: OneTimeTokenType };

async function findOneTimeToken(
  db: Db,
  tokenHashes: readonly string[],
  types: readonly OneTimeTokenType[],
): Promise<OneTimeTokenRow | undefined> {
  const { rows } = await db.query<OneTimeTokenRow>(
    `select user_id, token_hash, token_type::text as token_type from auth.one_time_tokens
      where token_hash = any($1::text[]) and token_type::text = any($2::text[]) limit 1`,
    [tokenHashes, types],
  );
  return rows[0];
}

/**
 * Locks the user's row until the transaction ends and reads it afresh. Every verification takes
 * this lock before checking a token, so concurrent uses of one link or code run one after the
 * other and all but the first find the token already spent (exactly one session per token).
 */
async function lockUser(db: Db, userId: string): Promise<UserRow | undefined> {
  const { rowCount } = await db.query('select 1 from auth.users where id = $1 for no key update', [userId]);
  return rowCount ? findUserById(db, userId) : undefined;
}

function isExpired(deps: AuthDeps, sentAt: Date | null): boolean {
  return sentAt === null || Date.now() > readMillis(sentAt) + deps.settings.otpExpiry * 1000;
}

function isOtpValid(deps: AuthDeps, actual: string, expected: string | null, sentAt: Date | null): boolean {
  if (!expected || sentAt === null) return false;
  return !isExpired(deps, sentAt) && (actual === expected || `pkce_${actual}` === expected);
}

/** verifyTokenHash: the link's hash must be a live one-time token of the right kind. */
async function verifyTokenHash(
  deps: AuthDeps,
  db: Db,
  type: string,
  tokenHash: string,
): Promise<{ user: UserRow; type: string }> {
  const typesFor: Record<string, OneTimeTokenType[]> = {
    email: ['confirmation_token', 'recovery_token'],
    signup: ['confirmation_token'],
    invite: ['confirmation_token'],
    recovery: ['recovery_token'],
    magiclink: ['recovery_token'],
    email_change: ['email_change_token_current', 'email_change_token_new'],
  };
  const types = typesFor[type];
  if (!types) throw createBadRequest('validation_failed', 'Invalid email verification type');
  const found = await findOneTimeToken(db, [tokenHash], types);
  const user = found ? await lockUser(db, found.user_id) : undefined;
  // Looked up again under the lock: a concurrent verification that held it first spent the token.
  const ott = user ? await findOneTimeToken(db, [tokenHash], types) : undefined;
  if (!user || ott?.user_id !== user.id) throw createForbidden('otp_expired', LINK_INVALID);
  if (isBanned(user)) throw createForbidden('user_banned', 'User is banned');
  let effectiveType = type;
  let sentAt: Date | null;
  switch (type) {
    case 'email':
      effectiveType = 'signup';
      sentAt = user.confirmation_sent_at;
      if (user.recovery_token === tokenHash) {
        effectiveType = 'magiclink';
        sentAt = user.recovery_sent_at;
      }
      break;
    case 'signup':
    case 'invite':
      sentAt = user.confirmation_sent_at;
      break;
    case 'recovery':
    case 'magiclink':
      sentAt = user.recovery_sent_at;
      break;
    default:
      sentAt = user.email_change_sent_at;
  }
  if (isExpired(deps, sentAt)) throw createForbidden('otp_expired', LINK_INVALID);
  return { user, type: effectiveType };
}

/** verifyUserAndToken: the 6-digit code typed by the user, checked against their columns. */
async function verifyUserAndToken(
  deps: AuthDeps,
  db: Db,
  type: string,
  email: string,
  tokenHash: string,
  aud: string,
): Promise<{ user: UserRow; type: string }> {
  let user: UserRow | undefined;
  if (type === 'email_change') {
    const ott = await findOneTimeToken(
      db,
      [tokenHash, `pkce_${tokenHash}`],
      ['email_change_token_current', 'email_change_token_new'],
    );
    user = ott ? await findUserById(db, ott.user_id) : undefined;
  } else if (type === 'sms' || type === 'phone_change') {
    user = undefined; // phone auth is disabled in config.toml
  } else {
    user = await findUserByEmail(db, email, aud);
  }
  // The code is checked against the row as it is once locked (see lockUser).
  if (user) user = await lockUser(db, user.id);
  if (!user) throw createForbidden('otp_expired', TOKEN_INVALID);
  if (isBanned(user)) throw createForbidden('user_banned', 'User is banned');
  let effectiveType = type;
  let isValid = false;
  switch (type) {
    case 'email':
      if (isOtpValid(deps, tokenHash, user.confirmation_token, user.confirmation_sent_at)) {
        isValid = true;
        effectiveType = 'signup';
      } else if (isOtpValid(deps, tokenHash, user.recovery_token, user.recovery_sent_at)) {
        isValid = true;
        effectiveType = 'magiclink';
      }
      break;
    case 'signup':
    case 'invite':
      isValid = isOtpValid(deps, tokenHash, user.confirmation_token, user.confirmation_sent_at);
      break;
    case 'recovery':
    case 'magiclink':
      isValid = isOtpValid(deps, tokenHash, user.recovery_token, user.recovery_sent_at);
      break;
    case 'email_change':
      isValid =
        isOtpValid(deps, tokenHash, user.email_change_token_current, user.email_change_sent_at) ||
        isOtpValid(deps, tokenHash, user.email_change_token_new, user.email_change_sent_at);
      break;
  }
  if (!isValid) throw createForbidden('otp_expired', TOKEN_INVALID);
  return { user, type: effectiveType };
}

/** signupVerify: confirms the email (an invited user without password gets a random one). */
async function confirmSignup(deps: AuthDeps, db: Db, user: UserRow): Promise<void> {
  if (!hasPassword(user) && user.invited_at !== null) {
    const hash = await hashPassword(generatePassword(deps.settings, 64));
    await db.query(
      `update auth.users set encrypted_password = $2, confirmation_token = '', confirmation_sent_at = null,
              recovery_token = '', recovery_sent_at = null, email_change_token_current = '',
              email_change_token_new = '', email_change_sent_at = null, phone_change_token = '',
              phone_change_sent_at = null, reauthentication_token = '', reauthentication_sent_at = null,
              updated_at = now()
        where id = $1`,
      [user.id, hash],
    );
    await db.query('delete from auth.sessions where user_id = $1', [user.id]);
  }
  await confirmUser(db, user.id);
  if (user.email) await markEmailIdentityVerified(db, user.id, user.email);
}

/** recoverVerify: spends the recovery token; confirms the email if it was not yet. */
async function confirmRecovery(db: Db, user: UserRow): Promise<void> {
  await db.query(`update auth.users set recovery_token = '', updated_at = now() where id = $1`, [user.id]);
  await deleteOneTimeTokens(db, user.id);
  if (!isConfirmed(user)) await confirmUser(db, user.id);
}

/**
 * emailChangeVerify. With secure email change the first link only records one confirmation and
 * returns false; the second one switches the address and returns true.
 */
async function confirmEmailChange(deps: AuthDeps, db: Db, user: UserRow, tokenHash: string): Promise<boolean> {
  if (
    !deps.settings.mailerAutoconfirm &&
    deps.settings.secureEmailChange &&
    (user.email_change_confirm_status ?? 0) === 0 &&
    (user.email ?? '') !== ''
  ) {
    let current = user.email_change_token_current ?? '';
    let next = user.email_change_token_new ?? '';
    let spent: OneTimeTokenType | undefined;
    if (tokenHash === current) {
      current = '';
      spent = 'email_change_token_current';
    } else if (tokenHash === next) {
      next = '';
      spent = 'email_change_token_new';
    }
    if (spent) {
      await db.query('delete from auth.one_time_tokens where user_id = $1 and token_type = $2', [user.id, spent]);
    }
    await db.query(
      `update auth.users set email_change_confirm_status = 1, email_change_token_current = $2,
              email_change_token_new = $3, updated_at = now()
        where id = $1`,
      [user.id, current, next],
    );
    return false;
  }
  const newEmail = user.email_change ?? '';
  const identity = user.identities.find((i) => i.provider === 'email');
  if (identity) {
    await db.query(
      `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text, 'email_verified', true),
              updated_at = now()
        where id = $1`,
      [identity.id, newEmail],
    );
  } else {
    await insertIdentity(db, user.id, 'email', buildEmailIdentityData(user.id, newEmail, true));
  }
  await db.query(
    `update auth.users set email = $2, email_change = '', email_change_token_current = '',
            email_change_token_new = '', email_change_confirm_status = 0, is_anonymous = false, updated_at = now()
      where id = $1`,
    [user.id, newEmail === '' ? null : newEmail],
  );
  await deleteOneTimeTokens(db, user.id);
  if (!isConfirmed(user)) await confirmUser(db, user.id);
  return true;
}

/** Applies a verified token; returns false when an email change awaits its second link. */
async function applyVerification(
  deps: AuthDeps,
  db: pg.PoolClient,
  user: UserRow,
  type: string,
  tokenHash: string,
): Promise<boolean> {
  switch (type) {
    case 'signup':
    case 'invite':
      await confirmSignup(deps, db, user);
      break;
    case 'recovery':
    case 'magiclink':
      await confirmRecovery(db, user);
      break;
    case 'email_change':
      if (!(await confirmEmailChange(deps, db, user, tokenHash))) return false;
      break;
    default:
      throw createBadRequest('validation_failed', 'Unsupported verification type');
  }
  await updateAppMetadataProviders(db, user.id);
  return true;
}

/** issueAuthCode: the PKCE flow state started when the email was requested. */
async function issueAuthCode(db: Db, userId: string, method: AuthMethod): Promise<string> {
  const { rows } = await db.query<{ id: string; auth_code: string }>(
    `select id, auth_code from auth.flow_state where user_id = $1 and authentication_method = $2
      order by created_at desc limit 1`,
    [userId, method],
  );
  const flow = rows[0];
  if (!flow) {
    throw createBadRequest(
      'flow_state_not_found',
      'No associated flow state found. 422: No valid flow state found for user.',
    );
  }
  await db.query('update auth.flow_state set auth_code_issued_at = now(), updated_at = now() where id = $1', [flow.id]);
  return flow.auth_code;
}

/** GET /verify: email links. */
export async function handleVerifyGet(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const token = request.url.searchParams.get('token') ?? '';
  const type = request.url.searchParams.get('type') ?? '';
  const redirectTo = getReferrer(deps.settings, request);
  if (type === '') throw createBadRequest('validation_failed', 'Verify requires a verification type');
  if (token === '') throw createBadRequest('validation_failed', 'Verify requires a token or a token hash');
  const isPkce = token.startsWith('pkce_');
  let pkceMethod: AuthMethod | undefined;
  if (isPkce) {
    pkceMethod = parseAuthMethod(type);
    if (!pkceMethod) throw createBadRequest('validation_failed', `unsupported authentication method "${type}"`);
  }
  try {
    const outcome = await runInTransaction(deps.ctx.adminPool, async (db) => {
      const verified = await verifyTokenHash(deps, db, type, token);
      if (!(await applyVerification(deps, db, verified.user, verified.type, token)))
        return { kind: 'pending' as const };
      if (pkceMethod) return { kind: 'code' as const, code: await issueAuthCode(db, verified.user.id, pkceMethod) };
      const session = await issueSession(deps, db, request, verified.user.id, 'otp');
      return { kind: 'session' as const, session, type: verified.type };
    });
    if (outcome.kind === 'pending')
      return replyRedirect(buildMessageRedirect(SINGLE_CONFIRMATION_ACCEPTED, redirectTo, isPkce));
    if (outcome.kind === 'code') return replyRedirect(buildCodeRedirect(redirectTo, outcome.code));
    return replyRedirect(buildSessionRedirect(outcome.session, redirectTo, outcome.type));
  } catch (error) {
    if (error instanceof AuthError && error.kind === 'http') {
      return replyRedirect(buildErrorRedirect(error, redirectTo, isPkce));
    }
    throw error;
  }
}

const VERIFY_FIELDS = {
  type: 'string',
  token: 'string',
  token_hash: 'string',
  email: 'string',
  phone: 'string',
  redirect_to: 'string',
} as const;

/** POST /verify (verifyOtp). */
export async function handleVerifyPost(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const params = decodeParams('VerifyParams', VERIFY_FIELDS, await request.readBody());
  if (params.type === '') throw createBadRequest('validation_failed', 'Verify requires a verification type');
  if ((params.token === '') === (params.token_hash === '')) {
    throw createBadRequest('validation_failed', 'Verify requires either a token or a token hash');
  }
  let tokenHash = params.token_hash;
  let email = params.email;
  if (params.token !== '') {
    if (params.phone !== '' && params.email === '') {
      tokenHash = hashToken(validatePhone(params.phone), params.token);
    } else if (params.phone === '' && params.email !== '') {
      try {
        email = validateEmail(params.email);
      } catch {
        throw createUnprocessable('validation_failed', 'Invalid email format');
      }
      tokenHash = hashToken(email, params.token);
    } else {
      throw createBadRequest('validation_failed', 'Only an email address or phone number should be provided on verify');
    }
  } else if (params.email !== '' || params.phone !== '' || params.redirect_to !== '') {
    throw createBadRequest('validation_failed', 'Only the token_hash and type should be provided');
  }
  const isUsingTokenHash = params.token === '';
  const aud = getRequestAud(request);
  const result = await runInTransaction(deps.ctx.adminPool, async (db) => {
    const verified = isUsingTokenHash
      ? await verifyTokenHash(deps, db, params.type, tokenHash)
      : await verifyUserAndToken(deps, db, params.type, email, tokenHash, aud);
    if (!(await applyVerification(deps, db, verified.user, verified.type, tokenHash))) return undefined;
    return issueSession(deps, db, request, verified.user.id, 'otp');
  });
  if (!result) return replyJson({ msg: SINGLE_CONFIRMATION_ACCEPTED, code: '200' });
  return replyJson(result);
}
