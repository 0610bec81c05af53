/**
 * Auth emails and their one-time tokens (supabase/auth internal/api/mail.go): each email
 * carries a 6-digit code and a link whose token is `hex(sha224(email + code))`, prefixed
 * `pkce_` in the PKCE flow. The hash is stored twice, as GoTrue does: in the user's token column
 * (checked by `POST /verify {email, token}`) and in auth.one_time_tokens (looked up by
 * `token_hash` links). Sending is refused within `max_frequency` of the previous email of the
 * same kind (429 over_email_send_rate_limit). Emails land in the dev mailbox.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Db } from './db.ts';
import { readMillis } from './db.ts';
import type { AuthDeps, AuthRequest } from './deps.ts';
import { createTooManyRequests } from './errors.ts';
import { getReferrer } from './redirects.ts';
import type { TemplateKind } from './settings.ts';
import { buildActionLink, renderEmail } from './templates.ts';
import type { UserRow } from './users.ts';

export type FlowType = 'pkce' | 'implicit';

export type OneTimeTokenType =
  | 'confirmation_token'
  | 'reauthentication_token'
  | 'recovery_token'
  | 'email_change_token_new'
  | 'email_change_token_current'
  | 'phone_change_token';

/** crypto.GenerateOtp: uniformly random digits, zero-padded. */
export function generateOtp(length: number): string {
  const digits = Math.min(Math.max(Math.trunc(length), 1), 15);
  return String(randomInt(10 ** digits)).padStart(digits, '0');
}

/** crypto.GenerateTokenHash. */
export function hashToken(emailOrPhone: string, otp: string): string {
  return createHash('sha224')
    .update(emailOrPhone + otp)
    .digest('hex');
}

export function addFlowPrefix(tokenHash: string, flow: FlowType): string {
  return flow === 'pkce' ? `pkce_${tokenHash}` : tokenHash;
}

/** validateSentWithinFrequencyLimit, with GoTrue's message (whole seconds, truncated). */
export function assertSendFrequency(deps: AuthDeps, sentAt: Date | null): void {
  if (sentAt === null) return;
  const until = readMillis(sentAt) + deps.settings.maxFrequencySeconds * 1000;
  const now = Date.now();
  if (until > now) {
    const left = Math.trunc((until - now) / 1000);
    throw createTooManyRequests(
      'over_email_send_rate_limit',
      `For security purposes, you can only request this after ${left} seconds.`,
    );
  }
}

/** models.CreateOneTimeToken: one token per (user, type), replaced on each send. */
export async function storeOneTimeToken(
  db: Db,
  userId: string,
  type: OneTimeTokenType,
  tokenHash: string,
  relatesTo: string,
): Promise<void> {
  await db.query('delete from auth.one_time_tokens where user_id = $1 and token_type = $2', [userId, type]);
  await db.query(
    `insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to, created_at, updated_at)
     values ($1, $2, $3::auth.one_time_token_type, $4, $5, now(), now())`,
    [randomUUID(), userId, type, tokenHash, relatesTo.toLowerCase()],
  );
}

type EmailRequest = {
  readonly to: string;
  readonly kind: TemplateKind;
  readonly linkType: string;
  readonly tokenHash: string;
  readonly otp: string;
  readonly user: UserRow;
  readonly redirectTo: string;
  readonly extra?: Readonly<Record<string, unknown>>;
};

function deliver(deps: AuthDeps, email: EmailRequest): void {
  const { subject, html } = renderEmail(deps.settings, email.kind, {
    SiteURL: deps.settings.siteUrl,
    ConfirmationURL: buildActionLink(deps.settings, email.tokenHash, email.linkType, email.redirectTo),
    Email: email.user.email ?? '',
    Token: email.otp,
    TokenHash: email.tokenHash,
    Data: email.user.raw_user_meta_data ?? {},
    RedirectTo: email.redirectTo,
    ...email.extra,
  });
  deps.ctx.mailbox.send({ to: email.to, subject, html, tags: { kind: email.kind } });
}

/** sendConfirmation: the sign-up confirmation email (link type `signup`). */
export async function sendConfirmation(
  deps: AuthDeps,
  db: Db,
  request: AuthRequest,
  user: UserRow,
  flow: FlowType,
): Promise<void> {
  assertSendFrequency(deps, user.confirmation_sent_at);
  const email = user.email ?? '';
  const otp = generateOtp(deps.settings.otpLength);
  const token = addFlowPrefix(hashToken(email, otp), flow);
  const redirectTo = getReferrer(deps.settings, request);
  deliver(deps, { to: email, kind: 'confirmation', linkType: 'signup', tokenHash: token, otp, user, redirectTo });
  await db.query(
    'update auth.users set confirmation_token = $2, confirmation_sent_at = now(), updated_at = now() where id = $1',
    [user.id, token],
  );
  await storeOneTimeToken(db, user.id, 'confirmation_token', token, email);
}

/** sendInvite: no frequency limit; marks the user invited. */
export async function sendInvite(deps: AuthDeps, db: Db, request: AuthRequest, user: UserRow): Promise<void> {
  const email = user.email ?? '';
  const otp = generateOtp(deps.settings.otpLength);
  const token = hashToken(email, otp);
  const redirectTo = getReferrer(deps.settings, request);
  deliver(deps, { to: email, kind: 'invite', linkType: 'invite', tokenHash: token, otp, user, redirectTo });
  await db.query(
    `update auth.users set confirmation_token = $2, confirmation_sent_at = now(), invited_at = now(), updated_at = now()
      where id = $1`,
    [user.id, token],
  );
  await storeOneTimeToken(db, user.id, 'confirmation_token', token, email);
}

/** sendPasswordRecovery / sendMagicLink: both use the recovery token and its timer. */
export async function sendRecoveryEmail(
  deps: AuthDeps,
  db: Db,
  request: AuthRequest,
  user: UserRow,
  flow: FlowType,
  kind: 'recovery' | 'magic_link',
): Promise<void> {
  assertSendFrequency(deps, user.recovery_sent_at);
  const email = user.email ?? '';
  const otp = generateOtp(deps.settings.otpLength);
  const token = addFlowPrefix(hashToken(email, otp), flow);
  const redirectTo = getReferrer(deps.settings, request);
  const linkType = kind === 'recovery' ? 'recovery' : 'magiclink';
  deliver(deps, { to: email, kind, linkType, tokenHash: token, otp, user, redirectTo });
  await db.query(
    'update auth.users set recovery_token = $2, recovery_sent_at = now(), updated_at = now() where id = $1',
    [user.id, token],
  );
  await storeOneTimeToken(db, user.id, 'recovery_token', token, email);
}

/**
 * sendEmailChange: a link to the new address and, with secure email change
 * (double_confirm_changes), another to the current one; both must be followed.
 */
export async function sendEmailChange(
  deps: AuthDeps,
  db: Db,
  request: AuthRequest,
  user: UserRow,
  newEmail: string,
  flow: FlowType,
): Promise<void> {
  assertSendFrequency(deps, user.email_change_sent_at);
  const currentEmail = user.email ?? '';
  const otpNew = generateOtp(deps.settings.otpLength);
  const tokenNew = addFlowPrefix(hashToken(newEmail, otpNew), flow);
  let otpCurrent = '';
  let tokenCurrent = '';
  if (deps.settings.secureEmailChange && currentEmail !== '') {
    otpCurrent = generateOtp(deps.settings.otpLength);
    tokenCurrent = addFlowPrefix(hashToken(currentEmail, otpCurrent), flow);
  }
  const redirectTo = getReferrer(deps.settings, request);
  const extra = { NewEmail: newEmail, Email: currentEmail };
  deliver(deps, {
    to: newEmail,
    kind: 'email_change',
    linkType: 'email_change',
    tokenHash: tokenNew,
    otp: otpNew,
    user,
    redirectTo,
    extra: { ...extra, SendingTo: newEmail },
  });
  if (tokenCurrent !== '') {
    deliver(deps, {
      to: currentEmail,
      kind: 'email_change',
      linkType: 'email_change',
      tokenHash: tokenCurrent,
      otp: otpCurrent,
      user,
      redirectTo,
      extra: { ...extra, SendingTo: currentEmail },
    });
  }
  await db.query(
    `update auth.users set email_change = $2, email_change_token_new = $3, email_change_token_current = $4,
            email_change_confirm_status = 0, email_change_sent_at = now(), updated_at = now()
      where id = $1`,
    [user.id, newEmail, tokenNew, tokenCurrent],
  );
  if (tokenCurrent !== '') {
    await storeOneTimeToken(db, user.id, 'email_change_token_current', tokenCurrent, currentEmail);
  }
  await storeOneTimeToken(db, user.id, 'email_change_token_new', tokenNew, newEmail);
}

/** generateFlowState: a PKCE flow the emailed link will later exchange for a session. */
export async function createFlowState(
  db: Db,
  userId: string,
  providerType: string,
  authenticationMethod: string,
  codeChallengeMethod: string,
  codeChallenge: string,
): Promise<void> {
  await db.query(
    `insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge, provider_type,
       created_at, updated_at, authentication_method)
     values ($1, $2, $3, $4::auth.code_challenge_method, $5, $6, now(), now(), $7)`,
    [
      randomUUID(),
      userId,
      randomUUID(),
      codeChallengeMethod.toLowerCase(),
      codeChallenge,
      providerType,
      authenticationMethod,
    ],
  );
}
