/**
 * POST /admin/generate_link (supabase/auth internal/api/mail.go#adminGenerateLink): creates the
 * token an email would carry — signup, invite, magic link, recovery or email change — and
 * returns the link, the 6-digit code and the hash instead of sending anything. A magic link for
 * an unknown address becomes a sign-up, as upstream. Service role only.
 */
import { randomUUID } from 'node:crypto';
import { runInTransaction } from './db.ts';
import type { AuthDeps, AuthRequest, Reply } from './deps.ts';
import { replyJson } from './deps.ts';
import { AuthError, createBadRequest, createNotFound, createUnprocessable } from './errors.ts';
import type { OneTimeTokenType } from './mail.ts';
import { generateOtp, hashToken, storeOneTimeToken } from './mail.ts';
import { decodeParams, validateEmail } from './params.ts';
import { assertPasswordStrength, generatePassword, hashPassword } from './passwords.ts';
import { getReferrer, isRedirectUrlValid } from './redirects.ts';
import { getRequestAud, requireAdmin } from './request-auth.ts';
import { runBeforeUserCreated } from './signup.ts';
import { buildActionLink } from './templates.ts';
import type { UserRow } from './users.ts';
import {
  DEFAULT_ROLE,
  buildEmailIdentityData,
  buildUserDraft,
  findDuplicateEmailUser,
  findUserByEmail,
  findUserById,
  insertIdentity,
  insertUser,
  isConfirmed,
  serializeUser,
  updateUserMetadata,
} from './users.ts';

const DUPLICATE_EMAIL = 'A user with this email address has already been registered';

const GENERATE_LINK_FIELDS = {
  type: 'string',
  email: 'string',
  new_email: 'string',
  password: 'string',
  data: 'map',
  redirect_to: 'string',
} as const;

/** POST /admin/generate_link (admin.generateLink). */
export async function handleGenerateLink(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const claims = await requireAdmin(deps, request);
  const params = decodeParams('GenerateLinkParams', GENERATE_LINK_FIELDS, await request.readBody());
  const email = validateEmail(params.email);
  const redirectTo = isRedirectUrlValid(deps.settings, params.redirect_to)
    ? params.redirect_to
    : getReferrer(deps.settings, request);
  const aud = getRequestAud(request, claims);
  const pool = deps.ctx.adminPool;
  const existing = await findUserByEmail(pool, email, aud);
  let type = params.type;
  let password = params.password;
  if (!existing) {
    if (type === 'magiclink') {
      type = 'signup';
      password = generatePassword(deps.settings, 64);
    } else if (type === 'recovery' || type === 'email_change_current' || type === 'email_change_new') {
      throw createNotFound('user_not_found', 'User with this email not found');
    }
  }
  const otp = generateOtp(deps.settings.otpLength);
  const hashed = hashToken(email, otp);
  const data = params.data ?? {};
  const appMetadata = { provider: 'email', providers: ['email'] };
  const newId = randomUUID();
  let newPasswordHash = '';
  if (!existing && type === 'signup') {
    if (password === '') throw createBadRequest('validation_failed', 'Signup requires a valid password');
    assertPasswordStrength(deps.settings, password);
    newPasswordHash = await hashPassword(password);
  }
  if (!existing && (type === 'signup' || type === 'invite')) {
    await runBeforeUserCreated(
      deps,
      request,
      buildUserDraft({
        id: newId,
        email,
        phone: '',
        passwordHash: newPasswordHash,
        aud,
        role: '',
        userMetadata: data,
        appMetadata,
      }),
    );
  }

  const outcome = await runInTransaction(pool, async (db) => {
    const createUser = async (): Promise<UserRow> => {
      const user = await insertUser(db, {
        id: newId,
        email,
        phone: '',
        passwordHash: newPasswordHash,
        aud,
        role: DEFAULT_ROLE,
        userMetadata: data,
        appMetadata,
      });
      await insertIdentity(db, user.id, 'email', buildEmailIdentityData(user.id, email));
      return user;
    };
    let user = existing;
    let linkToken = hashed;
    let linkType = type;
    let tokenType: OneTimeTokenType;
    let relatesTo = email;
    switch (type) {
      case 'magiclink':
      case 'recovery':
        if (!user) throw createNotFound('user_not_found', 'User with this email not found');
        await db.query(
          'update auth.users set recovery_token = $2, recovery_sent_at = now(), updated_at = now() where id = $1',
          [user.id, hashed],
        );
        tokenType = 'recovery_token';
        break;
      case 'invite':
        if (user && isConfirmed(user)) throw createUnprocessable('email_exists', DUPLICATE_EMAIL);
        user ??= await createUser();
        await db.query(
          `update auth.users set confirmation_token = $2, confirmation_sent_at = now(), invited_at = now(), updated_at = now()
            where id = $1`,
          [user.id, hashed],
        );
        tokenType = 'confirmation_token';
        break;
      case 'signup':
        if (user) {
          if (isConfirmed(user)) throw createUnprocessable('email_exists', DUPLICATE_EMAIL);
          await updateUserMetadata(db, user, data);
        } else {
          user = await createUser();
        }
        await db.query(
          'update auth.users set confirmation_token = $2, confirmation_sent_at = now(), updated_at = now() where id = $1',
          [user.id, hashed],
        );
        tokenType = 'confirmation_token';
        break;
      case 'email_change_current':
      case 'email_change_new': {
        if (!user) throw createNotFound('user_not_found', 'User with this email not found');
        if (!deps.settings.secureEmailChange && type === 'email_change_current') {
          throw createBadRequest('validation_failed', 'Enable secure email change to generate link for current email');
        }
        const newEmail = validateEmail(params.new_email);
        if (await findDuplicateEmailUser(db, newEmail, user.aud ?? aud, user.id)) {
          throw createUnprocessable('email_exists', DUPLICATE_EMAIL);
        }
        linkType = 'email_change';
        if (type === 'email_change_current') {
          tokenType = 'email_change_token_current';
        } else {
          linkToken = hashToken(newEmail, otp);
          tokenType = 'email_change_token_new';
          relatesTo = newEmail;
        }
        await db.query(
          `update auth.users set email_change = $2, email_change_sent_at = now(), email_change_confirm_status = 0,
                  email_change_token_current = $3, email_change_token_new = $4, updated_at = now()
            where id = $1`,
          [
            user.id,
            newEmail,
            type === 'email_change_current' ? hashed : '',
            type === 'email_change_new' ? linkToken : '',
          ],
        );
        break;
      }
      default:
        throw createBadRequest('validation_failed', `Invalid email action link type requested: ${type}`);
    }
    await storeOneTimeToken(db, user.id, tokenType, linkToken, relatesTo);
    return { userId: user.id, linkToken, linkType };
  });

  const user = await findUserById(pool, outcome.userId);
  if (!user) throw new AuthError(500, 'unexpected_failure', 'Database error loading user');
  return replyJson({
    ...serializeUser(user),
    action_link: buildActionLink(deps.settings, outcome.linkToken, outcome.linkType, redirectTo),
    email_otp: otp,
    hashed_token: hashed,
    verification_type: type,
    redirect_to: redirectTo,
  });
}
