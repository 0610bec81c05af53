/**
 * TOTP multi-factor authentication (supabase/auth internal/api/mfa.go): enroll returns a secret,
 * its otpauth:// URI and an SVG QR code; a challenge lives 300 s and must be verified from the
 * same IP; a correct code (RFC 6238, SHA-1, 6 digits, 30 s, ±1 step) verifies the factor,
 * upgrades the current session to aal2, rotates its refresh token and ends the user's other
 * aal1 sessions. Unenrolling a verified factor needs an aal2 session.
 */
import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { readMillis, runInTransaction } from './db.ts';
import type { AuthDeps, AuthRequest, Reply } from './deps.ts';
import { replyJson, normalizeInet } from './deps.ts';
import {
  type AuthError,
  createBadRequest,
  createForbidden,
  createInternalError,
  createNotFound,
  createUnprocessable,
} from './errors.ts';
import { buildHookMetadata, invokeHook, readVerificationDecision } from './hooks.ts';
import { decodeParams, parseGoUuid } from './params.ts';
import type { Caller } from './request-auth.ts';
import { requireAuthentication } from './request-auth.ts';
import { upgradeSession } from './tokens.ts';
import type { FactorRow } from './users.ts';

const CHALLENGE_TTL_SECONDS = 300;
const UNVERIFIED_FACTOR_TTL_SECONDS = 300;
const MAX_VERIFIED_FACTORS = 10;

/** requireAuthentication + requireNotAnonymous (the /factors routes). */
async function requireFactorCaller(deps: AuthDeps, request: AuthRequest): Promise<Caller> {
  const caller = await requireAuthentication(deps, request);
  if (caller.claims['is_anonymous'] === true) {
    throw createForbidden('no_authorization', 'Anonymous user not allowed to perform these actions');
  }
  return caller;
}

/** loadFactor: the factor must belong to the caller. */
function findOwnedFactor(caller: Caller, factorIdText: string): FactorRow {
  const factorId = parseGoUuid(factorIdText);
  if (!factorId) throw createNotFound('validation_failed', 'factor_id must be an UUID');
  const factor = caller.user.factors.find((f) => f.id === factorId);
  if (!factor) throw createNotFound('mfa_factor_not_found', 'Factor not found');
  return factor;
}

/** pquerna/otp Key.URL(): otpauth://totp/<issuer>:<account>?algorithm&digits&issuer&period&secret. */
function buildOtpAuthUri(issuer: string, account: string, secret: string): string {
  const label = encodeURI(`${issuer}:${account}`).replace(/[?#]/g, encodeURIComponent);
  const query = new URLSearchParams({ algorithm: 'SHA1', digits: '6', issuer, period: '30', secret });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/** POST /factors (mfa.enroll). */
export async function handleEnrollFactor(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const caller = await requireFactorCaller(deps, request);
  const { user, session } = caller;
  if (!session) throw createInternalError('A valid session and a registered user are required to enroll a factor');
  const params = decodeParams(
    'EnrollFactorParams',
    { friendly_name: 'string', factor_type: 'string', issuer: 'string', phone: 'string' },
    await request.readBody(),
  );
  switch (params.factor_type) {
    case 'totp':
      if (!deps.settings.mfaTotpEnroll) {
        throw createUnprocessable('mfa_totp_enroll_not_enabled', 'MFA enroll is disabled for TOTP');
      }
      break;
    case 'phone':
      throw createUnprocessable('mfa_phone_enroll_not_enabled', 'MFA enroll is disabled for Phone');
    case 'webauthn':
      throw createUnprocessable('mfa_webauthn_enroll_not_enabled', 'MFA enroll is disabled for WebAuthn');
    default:
      throw createBadRequest('validation_failed', 'factor_type needs to be totp, phone, or webauthn');
  }
  let issuer = params.issuer;
  if (issuer === '') {
    try {
      issuer = new URL(deps.settings.siteUrl).host;
    } catch {
      throw createInternalError('site url is improperly formatted');
    }
  }
  const pool = deps.ctx.adminPool;
  // validateFactors: stale unverified factors go first, then the limits.
  await pool.query(
    `delete from auth.mfa_factors f where f.user_id = $1 and f.status <> 'verified'
        and not exists (select 1 from auth.mfa_challenges c where c.factor_id = f.id)
        and f.created_at + make_interval(secs => $2) < now()`,
    [user.id, UNVERIFIED_FACTOR_TTL_SECONDS],
  );
  const { rows: factors } = await pool.query<{ friendly_name: string | null; status: string }>(
    'select friendly_name, status::text as status from auth.mfa_factors where user_id = $1',
    [user.id],
  );
  if (factors.some((f) => (f.friendly_name ?? '') === params.friendly_name)) {
    throw createUnprocessable(
      'mfa_factor_name_conflict',
      `A factor with the friendly name ${JSON.stringify(params.friendly_name)} for this user already exists`,
    );
  }
  const verifiedCount = factors.filter((f) => f.status === 'verified').length;
  if (factors.length >= deps.settings.mfaMaxEnrolledFactors || verifiedCount >= MAX_VERIFIED_FACTORS) {
    throw createUnprocessable(
      'too_many_enrolled_mfa_factors',
      'Maximum number of verified factors reached, unenroll to continue',
    );
  }
  if (verifiedCount > 0 && session.aal !== 'aal2') {
    throw createForbidden('insufficient_aal', 'AAL2 required to enroll a new factor');
  }

  const secret = new Secret({ size: 20 }).base32.replace(/=+$/, '');
  const uri = buildOtpAuthUri(issuer, user.email ?? '', secret);
  let qrCode: string;
  try {
    qrCode = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'H' });
  } catch {
    // Only an absurdly long issuer or email overflows a QR code; GoTrue would answer 500.
    throw createBadRequest('validation_failed', 'Error generating QR Code');
  }
  const factorId = randomUUID();
  await pool.query(
    `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
     values ($1, $2, $3, 'totp', 'unverified', now(), now(), $4)`,
    [factorId, user.id, params.friendly_name, secret],
  );
  return replyJson({
    id: factorId,
    type: 'totp',
    friendly_name: params.friendly_name,
    totp: { qr_code: qrCode, secret, uri },
  });
}

/** POST /factors/{id}/challenge (mfa.challenge). */
export async function handleChallengeFactor(
  deps: AuthDeps,
  request: AuthRequest,
  factorIdText: string,
): Promise<Reply> {
  const caller = await requireFactorCaller(deps, request);
  const factor = findOwnedFactor(caller, factorIdText);
  if (factor.factor_type !== 'totp') {
    throw createUnprocessable(`mfa_${factor.factor_type}_verify_not_enabled`, 'MFA verification is disabled');
  }
  if (!deps.settings.mfaTotpVerify) {
    throw createUnprocessable('mfa_totp_verify_not_enabled', 'MFA verification is disabled for TOTP');
  }
  const challengeId = randomUUID();
  const { rows } = await runInTransaction(deps.ctx.adminPool, async (db) => {
    const inserted = await db.query<{ created_at: Date }>(
      `insert into auth.mfa_challenges (id, factor_id, created_at, ip_address) values ($1, $2, now(), $3)
       returning created_at`,
      [challengeId, factor.id, normalizeInet(request.ip) ?? '0.0.0.0'],
    );
    await db.query('update auth.mfa_factors set last_challenged_at = now(), updated_at = now() where id = $1', [
      factor.id,
    ]);
    return inserted;
  });
  const createdAt = readMillis(rows[0]?.created_at);
  return replyJson({
    id: challengeId,
    type: factor.factor_type,
    expires_at: Math.floor(createdAt / 1000) + CHALLENGE_TTL_SECONDS,
  });
}

/** GoTrue answers a verified challenge (a replay) like one verified from another IP. */
function createIpMismatch(): AuthError {
  return createUnprocessable('mfa_ip_address_mismatch', 'Challenge and verify IP addresses mismatch.');
}

type ChallengeRow = { id: string; created_at: Date; verified_at: Date | null; ip_address: string };

/** POST /factors/{id}/verify (mfa.verify). */
export async function handleVerifyFactor(deps: AuthDeps, request: AuthRequest, factorIdText: string): Promise<Reply> {
  const caller = await requireFactorCaller(deps, request);
  const factor = findOwnedFactor(caller, factorIdText);
  const params = decodeParams('VerifyFactorParams', { challenge_id: 'uuid', code: 'string' }, await request.readBody());
  if (params.code === '') throw createBadRequest('validation_failed', 'Code needs to be non-empty');
  if (factor.factor_type !== 'totp') {
    throw createUnprocessable(`mfa_${factor.factor_type}_verify_not_enabled`, 'MFA verification is disabled');
  }
  if (!deps.settings.mfaTotpVerify) {
    throw createUnprocessable('mfa_totp_verify_not_enabled', 'MFA verification is disabled for TOTP');
  }
  const pool = deps.ctx.adminPool;
  const { user, session } = caller;
  const { rows } = await pool.query<ChallengeRow>(
    'select id, created_at, verified_at, host(ip_address) as ip_address from auth.mfa_challenges where id = $1 and factor_id = $2',
    [params.challenge_id, factor.id],
  );
  const challenge = rows[0];
  if (!challenge) {
    throw createUnprocessable('mfa_factor_not_found', 'MFA factor with the provided challenge ID not found');
  }
  if (challenge.verified_at !== null || challenge.ip_address !== (normalizeInet(request.ip) ?? '0.0.0.0')) {
    throw createIpMismatch();
  }
  if (Date.now() > readMillis(challenge.created_at) + CHALLENGE_TTL_SECONDS * 1000) {
    await pool.query('delete from auth.mfa_challenges where id = $1', [challenge.id]);
    throw createUnprocessable(
      'mfa_challenge_expired',
      `MFA challenge ${challenge.id} has expired, verify against another challenge or create a new challenge.`,
    );
  }
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(factor.secret ?? '') });
  const isValid = /^\d{6}$/.test(params.code) && totp.validate({ token: params.code, window: 1 }) !== null;

  const hook = deps.settings.hooks.mfaVerificationAttempt;
  if (hook) {
    const output = await invokeHook(pool, hook, {
      metadata: buildHookMetadata('mfa-verification', request.ip),
      user_id: user.id,
      factor_id: factor.id,
      factor_type: factor.factor_type,
      valid: isValid,
    });
    const decision = readVerificationDecision(output);
    if (decision.isRejected) {
      await pool.query('delete from auth.sessions where user_id = $1', [user.id]);
      throw createForbidden(
        'mfa_verification_rejected',
        decision.message || 'Further MFA verification attempts will be rejected.',
      );
    }
  }
  if (!isValid) throw createUnprocessable('mfa_verification_failed', 'Invalid TOTP code entered');
  if (!session) throw createInternalError('Cannot read SessionId claim as UUID');

  const result = await runInTransaction(pool, async (db) => {
    // Spent atomically: of concurrent verifications of one challenge only the first finds it
    // unverified; the others fail as a replay of a verified challenge does in GoTrue.
    const spent = await db.query(
      'update auth.mfa_challenges set verified_at = now() where id = $1 and verified_at is null',
      [challenge.id],
    );
    if (spent.rowCount === 0) throw createIpMismatch();
    if (factor.status !== 'verified') {
      await db.query(`update auth.mfa_factors set status = 'verified', updated_at = now() where id = $1`, [factor.id]);
    }
    const upgraded = await upgradeSession(deps, db, request, user.id, session.id, 'totp', factor.id);
    // The user's other sessions below aal2 end, and half-enrolled TOTP factors are dropped.
    await db.query(`delete from auth.sessions where user_id = $1 and aal < 'aal2'`, [user.id]);
    await db.query(
      `delete from auth.mfa_factors where user_id = $1 and status = 'unverified' and factor_type = 'totp'`,
      [user.id],
    );
    return upgraded;
  });
  return replyJson(result);
}

/** DELETE /factors/{id} (mfa.unenroll). */
export async function handleUnenrollFactor(deps: AuthDeps, request: AuthRequest, factorIdText: string): Promise<Reply> {
  const caller = await requireFactorCaller(deps, request);
  const factor = findOwnedFactor(caller, factorIdText);
  const { session } = caller;
  if (!session) throw createInternalError('A valid session and factor are required to unenroll a factor');
  if (factor.status === 'verified' && session.aal !== 'aal2') {
    throw createUnprocessable('insufficient_aal', 'AAL2 required to unenroll verified factor');
  }
  await runInTransaction(deps.ctx.adminPool, async (db) => {
    await db.query('delete from auth.mfa_factors where id = $1', [factor.id]);
    // DowngradeSessionsToAAL1: sessions that relied on this factor lose their TOTP claim.
    await db.query(
      `delete from auth.mfa_amr_claims where authentication_method = 'totp'
          and session_id in (select id from auth.sessions where factor_id = $1)`,
      [factor.id],
    );
    await db.query(`update auth.sessions set aal = 'aal1', factor_id = null where user_id = $1 and factor_id = $2`, [
      factor.user_id,
      factor.id,
    ]);
  });
  return replyJson({ id: factor.id });
}
