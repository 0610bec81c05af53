/**
 * The signed-in user's own endpoints (supabase/auth internal/api/{user,logout}.go):
 * GET /user, PUT /user (metadata, password, email change) and POST /logout.
 *
 * A password change signs out the user's other sessions; an email change sends confirmation
 * links (to both addresses with double_confirm_changes) and takes effect only once followed.
 * With a verified MFA factor, changing email or password needs an aal2 session.
 */
import { runInTransaction } from './db.ts';
import type { AuthDeps, AuthRequest, Reply } from './deps.ts';
import { replyJson } from './deps.ts';
import { AuthError, createBadRequest, createForbidden, createUnprocessable } from './errors.ts';
import { createFlowState, sendEmailChange } from './mail.ts';
import { decodeParams, validateEmail, validatePhone } from './params.ts';
import { assertPasswordStrength, hashPassword, verifyPassword } from './passwords.ts';
import { getFlowType, validatePkceParams } from './pkce.ts';
import { getRequestAud, requireAuthentication } from './request-auth.ts';
import {
  DEFAULT_AUD,
  findDuplicateEmailUser,
  findUserById,
  hasPassword,
  hasVerifiedFactor,
  serializeUser,
  updateAppMetadata,
  updateUserMetadata,
} from './users.ts';

/** GET /user. */
export async function handleGetUser(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const caller = await requireAuthentication(deps, request);
  const aud = getRequestAud(request, caller.claims);
  const claimed = caller.claims['aud'];
  const first = Array.isArray(claimed) ? claimed[0] : claimed;
  if (typeof first !== 'string' || first === '' || first !== aud) {
    throw createBadRequest('validation_failed', "Token audience doesn't match request audience");
  }
  return replyJson(serializeUser(caller.user));
}

const USER_UPDATE_FIELDS = {
  email: 'string',
  password: 'optional-string',
  current_password: 'optional-string',
  nonce: 'string',
  data: 'map',
  app_metadata: 'map',
  phone: 'string',
  channel: 'string',
  code_challenge: 'string',
  code_challenge_method: 'string',
} as const;

/** PUT /user (updateUser). */
export async function handleUpdateUser(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const caller = await requireAuthentication(deps, request);
  const aud = getRequestAud(request, caller.claims);
  const params = decodeParams('UserUpdateParams', USER_UPDATE_FIELDS, await request.readBody());
  const { user, session } = caller;

  const email = params.email !== '' ? validateEmail(params.email) : '';
  const phone = params.phone !== '' ? validatePhone(params.phone) : '';
  if (params.password !== undefined) assertPasswordStrength(deps.settings, params.password);
  // isAdmin: the user's own role is the admin group ("admin") in the default audience.
  const isAdminUser = user.aud === DEFAULT_AUD && user.role === 'admin';
  if (params.app_metadata !== undefined && !isAdminUser) {
    throw createForbidden('not_admin', 'Updating app_metadata requires admin privileges');
  }
  const isChangingPassword = params.password !== undefined && params.password !== '';
  const isChangingEmail = email !== '' && email !== (user.email ?? '');
  const isChangingPhone = phone !== '' && phone !== (user.phone ?? '');
  if (
    hasVerifiedFactor(user) &&
    session?.aal !== 'aal2' &&
    (isChangingPassword || isChangingEmail || isChangingPhone)
  ) {
    throw new AuthError(
      401,
      'insufficient_aal',
      'AAL2 session is required to update email or password when MFA is enabled.',
    );
  }
  const pool = deps.ctx.adminPool;
  if (isChangingEmail && (await findDuplicateEmailUser(pool, email, aud, user.id))) {
    throw createUnprocessable('email_exists', 'A user with this email address has already been registered');
  }
  if (isChangingPhone) {
    // Phone auth (SMS) is disabled in config.toml; GoTrue could not send the code either.
    throw createBadRequest('phone_provider_disabled', 'Unsupported phone provider');
  }
  validatePkceParams(params.code_challenge_method, params.code_challenge);

  let passwordHash: string | undefined;
  if (params.password !== undefined) {
    if (isChangingPassword && hasPassword(user) && (await verifyPassword(params.password, user.encrypted_password))) {
      throw createUnprocessable('same_password', 'New password should be different from the old password.');
    }
    passwordHash = isChangingPassword ? await hashPassword(params.password) : '';
  }

  await runInTransaction(pool, async (db) => {
    if (passwordHash !== undefined) {
      // UpdatePassword: pending tokens are void and the other sessions end.
      await db.query(
        `update auth.users set encrypted_password = $2, confirmation_token = '', confirmation_sent_at = null,
                recovery_token = '', recovery_sent_at = null, email_change_token_current = '',
                email_change_token_new = '', email_change_sent_at = null, phone_change_token = '',
                phone_change_sent_at = null, reauthentication_token = '', reauthentication_sent_at = null,
                updated_at = now()
          where id = $1`,
        [user.id, passwordHash === '' ? null : passwordHash],
      );
      await db.query('delete from auth.one_time_tokens where user_id = $1', [user.id]);
      if (session) await db.query('delete from auth.sessions where user_id = $1 and id <> $2', [user.id, session.id]);
      else await db.query('delete from auth.sessions where user_id = $1', [user.id]);
    }
    if (params.data !== undefined) await updateUserMetadata(db, user, params.data);
    if (params.app_metadata !== undefined) await updateAppMetadata(db, user.id, params.app_metadata);
    if (isChangingEmail) {
      const flow = getFlowType(params.code_challenge);
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
      const fresh = await findUserById(db, user.id);
      if (fresh) await sendEmailChange(deps, db, request, fresh, email, flow);
    }
  });
  const updated = await findUserById(pool, user.id);
  return replyJson(serializeUser(updated ?? user));
}

/** POST /logout?scope=global|local|others (signOut): always 204. */
export async function handleLogout(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const caller = await requireAuthentication(deps, request);
  const scope = request.url.searchParams.get('scope') ?? '';
  if (!['', 'global', 'local', 'others'].includes(scope)) {
    throw createBadRequest('validation_failed', `Unsupported logout scope ${JSON.stringify(scope)}`);
  }
  const pool = deps.ctx.adminPool;
  const { user, session } = caller;
  if (session && scope === 'local') {
    await pool.query('delete from auth.sessions where id = $1', [session.id]);
  } else if (session && scope === 'others') {
    await pool.query('delete from auth.sessions where user_id = $1 and id <> $2', [user.id, session.id]);
  } else {
    await pool.query('delete from auth.sessions where user_id = $1', [user.id]);
  }
  return { status: 204 };
}
