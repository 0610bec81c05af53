/**
 * Passwordless and recovery emails (supabase/auth internal/api/{otp,magic_link,recover,
 * resend}.go). POST /otp for an unknown or unconfirmed address signs the person up with a
 * random password, so with confirmations on they receive the *confirmation* email (which signs
 * them in once followed); a confirmed user receives the magic-link email. POST /recover answers
 * {} for unknown addresses so it never reveals who is registered.
 */
import { runInTransaction } from './db.ts';
import type { AuthDeps, AuthRequest, Reply } from './deps.ts';
import { replyJson } from './deps.ts';
import { createBadRequest, createUnprocessable } from './errors.ts';
import { createFlowState, sendConfirmation, sendEmailChange, sendRecoveryEmail } from './mail.ts';
import { decodeParams, validateEmail, validatePhone } from './params.ts';
import { generatePassword } from './passwords.ts';
import { getFlowType, validatePkceParams } from './pkce.ts';
import { getRequestAud } from './request-auth.ts';
import { signUp } from './signup.ts';
import { findUserByEmail, isConfirmed } from './users.ts';

const OTP_FIELDS = {
  email: 'string',
  phone: 'string',
  create_user: 'bool',
  data: 'map',
  channel: 'string',
  code_challenge_method: 'string',
  code_challenge: 'string',
} as const;

/** POST /otp (signInWithOtp). */
export async function handleOtp(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const params = decodeParams('OtpParams', OTP_FIELDS, await request.readBody(), { create_user: true });
  if (params.email !== '' && params.phone !== '') {
    throw createBadRequest('validation_failed', 'Only an email address or phone number should be provided');
  }
  if (params.email !== '' && params.channel !== '') {
    throw createBadRequest('validation_failed', 'Channel should only be specified with Phone OTP');
  }
  validatePkceParams(params.code_challenge_method, params.code_challenge);
  const aud = getRequestAud(request);

  if (!params.create_user) {
    // shouldCreateUser: an unknown (or invalid) address is "not allowed", never revealed.
    let isKnown = false;
    try {
      if (params.email !== '')
        isKnown = !!(await findUserByEmail(deps.ctx.adminPool, validateEmail(params.email), aud));
      else if (params.phone !== '') validatePhone(params.phone);
    } catch {
      isKnown = false;
    }
    if (!isKnown && (params.email !== '' || params.phone !== '')) {
      throw createUnprocessable('otp_disabled', 'Signups not allowed for otp');
    }
  }
  if (params.email !== '') {
    return sendMagicLink(deps, request, {
      email: params.email,
      data: params.data ?? {},
      codeChallengeMethod: params.code_challenge_method,
      codeChallenge: params.code_challenge,
    });
  }
  if (params.phone !== '') throw createBadRequest('phone_provider_disabled', 'Unsupported phone provider');
  throw createBadRequest('validation_failed', 'One of email or phone must be set');
}

/** POST /magiclink (deprecated endpoint, same behaviour as /otp with an email). */
export async function handleMagicLink(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const params = decodeParams(
    'MagicLinkParams',
    { email: 'string', data: 'map', code_challenge_method: 'string', code_challenge: 'string' },
    await request.readBody(),
  );
  return sendMagicLink(deps, request, {
    email: params.email,
    data: params.data ?? {},
    codeChallengeMethod: params.code_challenge_method,
    codeChallenge: params.code_challenge,
  });
}

type MagicLinkInput = {
  readonly email: string;
  readonly data: Record<string, unknown>;
  readonly codeChallengeMethod: string;
  readonly codeChallenge: string;
};

/** api.MagicLink. */
async function sendMagicLink(deps: AuthDeps, request: AuthRequest, input: MagicLinkInput): Promise<Reply> {
  if (!deps.settings.emailEnabled) throw createUnprocessable('email_provider_disabled', 'Email logins are disabled');
  if (input.email === '') throw createUnprocessable('validation_failed', 'Password recovery requires an email');
  const email = validateEmail(input.email);
  validatePkceParams(input.codeChallengeMethod, input.codeChallenge);
  const flow = getFlowType(input.codeChallenge);
  const pool = deps.ctx.adminPool;
  const user = await findUserByEmail(pool, email, getRequestAud(request));
  if (!user || !isConfirmed(user)) {
    // Sign them up with a throwaway password; the confirmation email doubles as the magic link.
    await signUp(deps, request, {
      email,
      phone: '',
      password: generatePassword(deps.settings),
      data: input.data,
      codeChallengeMethod: input.codeChallengeMethod,
      codeChallenge: input.codeChallenge,
    });
    if (deps.settings.mailerAutoconfirm) return sendMagicLink(deps, request, { ...input, data: {} });
    return replyJson({});
  }
  await runInTransaction(pool, async (db) => {
    if (flow === 'pkce') {
      await createFlowState(db, user.id, 'magiclink', 'magiclink', input.codeChallengeMethod, input.codeChallenge);
    }
    await sendRecoveryEmail(deps, db, request, user, flow, 'magic_link');
  });
  return replyJson({});
}

/** POST /recover (resetPasswordForEmail). */
export async function handleRecover(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const params = decodeParams(
    'RecoverParams',
    { email: 'string', code_challenge: 'string', code_challenge_method: 'string' },
    await request.readBody(),
  );
  if (!deps.settings.emailEnabled) throw createBadRequest('email_provider_disabled', 'Email logins are disabled');
  if (params.email === '') throw createBadRequest('validation_failed', 'Password recovery requires an email');
  const email = validateEmail(params.email);
  validatePkceParams(params.code_challenge_method, params.code_challenge);
  const flow = getFlowType(params.code_challenge);
  const pool = deps.ctx.adminPool;
  const user = await findUserByEmail(pool, email, getRequestAud(request));
  if (!user) return replyJson({});
  await runInTransaction(pool, async (db) => {
    if (flow === 'pkce') {
      await createFlowState(db, user.id, 'recovery', 'recovery', params.code_challenge_method, params.code_challenge);
    }
    await sendRecoveryEmail(deps, db, request, user, flow, 'recovery');
  });
  return replyJson({});
}

/** POST /resend (auth.resend): the confirmation or email-change email again. */
export async function handleResend(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const params = decodeParams(
    'ResendConfirmationParams',
    { type: 'string', email: 'string', phone: 'string', code_challenge: 'string', code_challenge_method: 'string' },
    await request.readBody(),
  );
  if (params.type === 'signup' || params.type === 'email_change') {
    validatePkceParams(params.code_challenge_method, params.code_challenge);
  } else if (params.type !== 'sms' && params.type !== 'phone_change') {
    throw createBadRequest('validation_failed', 'Missing one of these types: signup, email_change, sms, phone_change');
  }
  if (params.email === '' && params.type === 'signup') {
    throw createBadRequest('validation_failed', 'Type provided requires an email address');
  }
  if (params.phone === '' && params.type === 'sms') {
    throw createBadRequest('validation_failed', 'Type provided requires a phone number');
  }
  if (params.email !== '' && params.phone !== '') {
    throw createBadRequest('validation_failed', 'Only an email address or phone number should be provided.');
  }
  if (params.phone !== '') throw createBadRequest('phone_provider_disabled', 'Phone logins are disabled');
  if (params.email === '') throw createBadRequest('validation_failed', 'Missing email address or phone number');
  if (!deps.settings.emailEnabled) throw createBadRequest('email_provider_disabled', 'Email logins are disabled');
  const email = validateEmail(params.email);
  const pool = deps.ctx.adminPool;
  const user = await findUserByEmail(pool, email, getRequestAud(request));
  if (!user) return replyJson({});
  if (params.type === 'signup' && isConfirmed(user)) return replyJson({});
  if (params.type === 'email_change' && (user.email_change ?? '') === '') return replyJson({});
  if (params.type !== 'signup' && params.type !== 'email_change') return replyJson({});
  const flow = getFlowType(params.code_challenge);
  await runInTransaction(pool, async (db) => {
    if (params.type === 'signup') {
      if (flow === 'pkce') {
        await createFlowState(
          db,
          user.id,
          'email',
          'email/signup',
          params.code_challenge_method,
          params.code_challenge,
        );
      }
      await sendConfirmation(deps, db, request, user, flow);
    } else {
      if (flow === 'pkce') {
        await createFlowState(
          db,
          user.id,
          'email_change',
          'email_change',
          params.code_challenge_method,
          params.code_challenge,
        );
      }
      await sendEmailChange(deps, db, request, user, user.email_change ?? '', flow);
    }
  });
  return replyJson({});
}
