/**
 * POST /signup (supabase/auth internal/api/signup.go).
 *
 * With confirmations on (Comptoir's config) a new user gets a confirmation email and the
 * response is the user alone, without a session; signing up again with an unconfirmed address
 * re-sends the email (subject to max_frequency), and with a confirmed one answers an obfuscated
 * user so the endpoint never reveals who is registered. With autoconfirm the response is a
 * session, and a repeated sign-up is 422 user_already_exists.
 */
import { randomUUID } from 'node:crypto';
import { runInTransaction } from './db.ts';
import type { AuthDeps, AuthRequest, Reply } from './deps.ts';
import { replyJson } from './deps.ts';
import { createBadRequest, createUnprocessable } from './errors.ts';
import { buildHookMetadata, invokeHook } from './hooks.ts';
import { createFlowState, sendConfirmation } from './mail.ts';
import { decodeParams, validateEmail } from './params.ts';
import { assertPasswordStrength, hashPassword } from './passwords.ts';
import { getFlowType, validatePkceParams } from './pkce.ts';
import { getRequestAud } from './request-auth.ts';
import { issueSession } from './tokens.ts';
import type { UserRow } from './users.ts';
import {
  DEFAULT_ROLE,
  buildEmailIdentityData,
  buildUserDraft,
  confirmUser,
  findDuplicateEmailUser,
  findUserById,
  insertIdentity,
  insertUser,
  isConfirmed,
  serializeUser,
} from './users.ts';

const SIGNUP_FIELDS = {
  email: 'string',
  phone: 'string',
  password: 'string',
  data: 'map',
  channel: 'string',
  code_challenge_method: 'string',
  code_challenge: 'string',
} as const;

export type SignupParams = {
  readonly email: string;
  readonly phone: string;
  readonly password: string;
  readonly data: Record<string, unknown>;
  readonly codeChallengeMethod: string;
  readonly codeChallenge: string;
};

/** POST /signup: the router's closure in api.go, then api.Signup. */
export async function handleSignup(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const params = decodeParams('SignupParams', SIGNUP_FIELDS, await request.readBody());
  if (params.email === '' && params.phone === '') {
    // Anonymous sign-ins are off in config.toml and not emulated.
    throw createUnprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
  }
  return signUp(deps, request, {
    email: params.email,
    phone: params.phone,
    password: params.password,
    data: params.data ?? {},
    codeChallengeMethod: params.code_challenge_method,
    codeChallenge: params.code_challenge,
  });
}

/** The GoTrue before_user_created hook: it may refuse the user with {error:{http_code,message}}. */
export async function runBeforeUserCreated(
  deps: AuthDeps,
  request: AuthRequest,
  draft: Record<string, unknown>,
): Promise<void> {
  const hook = deps.settings.hooks.beforeUserCreated;
  if (!hook) return;
  await invokeHook(deps.ctx.adminPool, hook, {
    metadata: buildHookMetadata('before-user-created', request.ip),
    user: draft,
  });
}

/** signup.go#sanitizeUser: what a repeated sign-up answers, revealing nothing real. */
function sanitizeUser(user: UserRow, params: SignupParams, aud: string): Record<string, unknown> {
  const now = new Date();
  const sanitized: UserRow = {
    ...user,
    id: randomUUID(),
    role: '',
    email_change: '',
    created_at: now,
    updated_at: now,
    confirmation_sent_at: now,
    last_sign_in_at: null,
    confirmed_at: null,
    email_change_sent_at: null,
    email_confirmed_at: null,
    phone_confirmed_at: null,
    identities: [],
    factors: [],
    raw_user_meta_data: params.data,
    aud,
    raw_app_meta_data: { provider: 'email', providers: ['email'] },
    phone: '',
  };
  return serializeUser(sanitized);
}

class UserExists extends Error {
  readonly user: UserRow;
  constructor(user: UserRow) {
    super('user already exists');
    this.user = user;
  }
}

/** api.Signup for email sign-ups (also reached from POST /otp for unknown addresses). */
export async function signUp(deps: AuthDeps, request: AuthRequest, params: SignupParams): Promise<Reply> {
  const { settings } = deps;
  if (settings.disableSignup) throw createUnprocessable('signup_disabled', 'Signups not allowed for this instance');
  if (params.password === '') throw createBadRequest('validation_failed', 'Signup requires a valid password');
  assertPasswordStrength(settings, params.password);
  if (params.email !== '' && params.phone !== '') {
    throw createBadRequest('validation_failed', 'Only an email address or phone number should be provided on signup.');
  }
  if (params.phone !== '' && params.codeChallenge !== '') {
    throw createBadRequest('validation_failed', 'PKCE not supported for phone signups');
  }
  validatePkceParams(params.codeChallengeMethod, params.codeChallenge);
  const flow = getFlowType(params.codeChallenge);
  const aud = getRequestAud(request);

  if (params.email === '') {
    if (!settings.phoneEnabled) throw createBadRequest('phone_provider_disabled', 'Phone signups are disabled');
    throw createBadRequest('phone_provider_disabled', 'Phone signups are not available in the local stand-in');
  }
  if (!settings.emailEnabled) throw createBadRequest('email_provider_disabled', 'Email signups are disabled');
  const email = validateEmail(params.email);
  const pool = deps.ctx.adminPool;
  const existing = await findDuplicateEmailUser(pool, email, aud, undefined);

  let newUser: { id: string; passwordHash: string } | undefined;
  if (!existing) {
    const id = randomUUID();
    const passwordHash = await hashPassword(params.password);
    const appMetadata = { provider: 'email', providers: ['email'] };
    await runBeforeUserCreated(
      deps,
      request,
      buildUserDraft({ id, email, phone: '', passwordHash, aud, role: '', userMetadata: params.data, appMetadata }),
    );
    newUser = { id, passwordHash };
  }

  let userId: string;
  try {
    userId = await runInTransaction(pool, async (db) => {
      let user: UserRow;
      if (existing) {
        if (isConfirmed(existing)) throw new UserExists(existing);
        // Unconfirmed: not updated, since we cannot be sure who is asking.
        user = existing;
      } else {
        const created = newUser ?? { id: randomUUID(), passwordHash: '' };
        user = await insertUser(db, {
          id: created.id,
          email,
          phone: '',
          passwordHash: created.passwordHash,
          aud,
          role: DEFAULT_ROLE,
          userMetadata: params.data,
          appMetadata: { provider: 'email', providers: ['email'] },
        });
      }
      if (!user.identities.some((i) => i.provider === 'email')) {
        const identityData = buildEmailIdentityData(user.id, user.email ?? email);
        for (const [key, value] of Object.entries(params.data)) if (!(key in identityData)) identityData[key] = value;
        await insertIdentity(db, user.id, 'email', identityData);
      }
      if (!isConfirmed(user)) {
        if (settings.mailerAutoconfirm) {
          await confirmUser(db, user.id);
        } else {
          if (flow === 'pkce') {
            await createFlowState(
              db,
              user.id,
              'email',
              'email/signup',
              params.codeChallengeMethod,
              params.codeChallenge,
            );
          }
          await sendConfirmation(deps, db, request, user, flow);
        }
      }
      return user.id;
    });
  } catch (error) {
    if (!(error instanceof UserExists)) throw error;
    if (settings.mailerAutoconfirm) throw createUnprocessable('user_already_exists', 'User already registered');
    return replyJson(sanitizeUser(error.user, params, aud));
  }

  const user = await findUserById(pool, userId);
  if (!user) throw new Error('signed-up user not found');
  if (isConfirmed(user)) {
    return replyJson(await runInTransaction(pool, (db) => issueSession(deps, db, request, user.id, 'password')));
  }
  const body = serializeUser(user);
  if (user.invited_at !== null) {
    body['user_metadata'] = {};
    body['identities'] = [];
  }
  return replyJson(body);
}
