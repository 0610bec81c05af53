/**
 * auth.users, auth.identities and auth.mfa_factors as GoTrue reads and writes them
 * (internal/models/{user,identity,factor}.go), and the user JSON auth-js receives.
 *
 * Users are created with a plain INSERT so that app triggers on auth.users (profile creation,
 * tenant bootstrap) fire exactly as they do on Supabase. Lookups filter on the nil instance_id
 * and on `aud`, like GoTrue: a row inserted by hand without them cannot sign in there either.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './db.ts';
import { formatTimestamp, readMillis } from './db.ts';
import { NIL_UUID } from './params.ts';

export const DEFAULT_AUD = 'authenticated';
export const DEFAULT_ROLE = 'authenticated';

export type IdentityRow = {
  readonly id: string;
  readonly provider_id: string;
  readonly user_id: string;
  readonly identity_data: Record<string, unknown> | null;
  readonly provider: string;
  readonly last_sign_in_at: string | null;
  readonly created_at: string | null;
  readonly updated_at: string | null;
  readonly email: string | null;
};

export type FactorRow = {
  readonly id: string;
  readonly user_id: string;
  readonly friendly_name: string | null;
  readonly factor_type: string;
  readonly status: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly secret: string | null;
  readonly phone: string | null;
  readonly last_challenged_at: string | null;
};

export type UserRow = {
  readonly id: string;
  readonly aud: string | null;
  readonly role: string | null;
  readonly email: string | null;
  readonly encrypted_password: string | null;
  readonly email_confirmed_at: Date | null;
  readonly invited_at: Date | null;
  readonly confirmation_token: string | null;
  readonly confirmation_sent_at: Date | null;
  readonly recovery_token: string | null;
  readonly recovery_sent_at: Date | null;
  readonly email_change_token_new: string | null;
  readonly email_change: string | null;
  readonly email_change_sent_at: Date | null;
  readonly email_change_token_current: string | null;
  readonly email_change_confirm_status: number | null;
  readonly last_sign_in_at: Date | null;
  readonly raw_app_meta_data: Record<string, unknown> | null;
  readonly raw_user_meta_data: Record<string, unknown> | null;
  readonly created_at: Date | null;
  readonly updated_at: Date | null;
  readonly phone: string | null;
  readonly phone_confirmed_at: Date | null;
  readonly phone_change: string | null;
  readonly phone_change_sent_at: Date | null;
  readonly confirmed_at: Date | null;
  readonly banned_until: Date | null;
  readonly reauthentication_sent_at: Date | null;
  readonly is_sso_user: boolean;
  readonly deleted_at: Date | null;
  readonly is_anonymous: boolean;
  readonly identities: readonly IdentityRow[];
  readonly factors: readonly FactorRow[];
};

const USER_SELECT = `
  select u.*,
         coalesce((select json_agg(i order by i.created_at, i.id) from auth.identities i where i.user_id = u.id),
                  '[]'::json) as identities,
         coalesce((select json_agg(f order by f.created_at, f.id) from auth.mfa_factors f where f.user_id = u.id),
                  '[]'::json) as factors
    from auth.users u`;

async function selectOneUser(db: Db, where: string, params: unknown[]): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`${USER_SELECT} where ${where} limit 1`, params);
  return rows[0];
}

/** models.FindUserByID (eager: identities and factors). */
export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return selectOneUser(db, 'u.instance_id = $1 and u.id = $2', [NIL_UUID, id]);
}

/** Several users by id, in the order of `ids`. */
export async function findUsersByIds(db: Db, ids: readonly string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<UserRow>(`${USER_SELECT} where u.id = any($1::uuid[])`, [ids]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** models.FindUserByEmailAndAudience (case-insensitive, SSO users excluded). */
export function findUserByEmail(db: Db, email: string, aud: string): Promise<UserRow | undefined> {
  return selectOneUser(db, 'u.instance_id = $1 and lower(u.email) = $2 and u.aud = $3 and u.is_sso_user = false', [
    NIL_UUID,
    email.toLowerCase(),
    aud,
  ]);
}

/** models.FindUserByPhoneAndAudience. */
export function findUserByPhone(db: Db, phone: string, aud: string): Promise<UserRow | undefined> {
  return selectOneUser(db, 'u.instance_id = $1 and u.phone = $2 and u.aud = $3', [NIL_UUID, phone, aud]);
}

/**
 * models.IsDuplicatedEmail: another user of the same audience already owns this email, through
 * an identity or the users table.
 */
export async function findDuplicateEmailUser(
  db: Db,
  email: string,
  aud: string,
  currentUserId: string | undefined,
): Promise<UserRow | undefined> {
  const { rows } = await db.query<{ user_id: string }>(
    'select distinct user_id from auth.identities where email = $1',
    [email.toLowerCase()],
  );
  for (const { user_id: userId } of rows) {
    if (userId === currentUserId) continue;
    const user = await findUserById(db, userId);
    if (user && user.aud === aud) return user;
  }
  return findUserByEmail(db, email, aud);
}

export function isConfirmed(user: UserRow): boolean {
  return user.email_confirmed_at !== null;
}

export function isBanned(user: UserRow): boolean {
  return user.banned_until !== null && readMillis(user.banned_until) > Date.now();
}

export function hasPassword(user: UserRow): boolean {
  return (user.encrypted_password ?? '') !== '';
}

export function hasVerifiedFactor(user: UserRow): boolean {
  return user.factors.some((f) => f.status === 'verified');
}

function setIfPresent(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null && value !== '') target[key] = value;
}

/** Identity JSON (models.Identity): `identity_id` is the row id, `id` the provider's subject. */
export function serializeIdentity(identity: IdentityRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
  };
  if (identity.identity_data && Object.keys(identity.identity_data).length > 0) {
    out['identity_data'] = identity.identity_data;
  }
  out['provider'] = identity.provider;
  setIfPresent(out, 'last_sign_in_at', formatTimestamp(identity.last_sign_in_at));
  out['created_at'] = formatTimestamp(identity.created_at) ?? '0001-01-01T00:00:00Z';
  out['updated_at'] = formatTimestamp(identity.updated_at) ?? '0001-01-01T00:00:00Z';
  setIfPresent(out, 'email', identity.email);
  return out;
}

/** Factor JSON (models.Factor): the secret never leaves the server. */
export function serializeFactor(factor: FactorRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: factor.id,
    created_at: formatTimestamp(factor.created_at),
    updated_at: formatTimestamp(factor.updated_at),
    status: factor.status,
  };
  setIfPresent(out, 'friendly_name', factor.friendly_name);
  out['factor_type'] = factor.factor_type;
  out['phone'] = factor.phone ?? '';
  out['last_challenged_at'] = formatTimestamp(factor.last_challenged_at) ?? null;
  return out;
}

export type SerializeOptions = {
  /** Admin list: GoTrue does not eager-load relations there, so identities are null. */
  readonly isShallow?: boolean;
};

/** User JSON with GoTrue's field order and omitempty rules (models.User). */
export function serializeUser(user: UserRow, options: SerializeOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: user.id,
    aud: user.aud ?? '',
    role: user.role ?? '',
    email: user.email ?? '',
  };
  setIfPresent(out, 'email_confirmed_at', formatTimestamp(user.email_confirmed_at));
  setIfPresent(out, 'invited_at', formatTimestamp(user.invited_at));
  out['phone'] = user.phone ?? '';
  setIfPresent(out, 'phone_confirmed_at', formatTimestamp(user.phone_confirmed_at));
  setIfPresent(out, 'confirmation_sent_at', formatTimestamp(user.confirmation_sent_at));
  setIfPresent(out, 'confirmed_at', formatTimestamp(user.confirmed_at));
  setIfPresent(out, 'recovery_sent_at', formatTimestamp(user.recovery_sent_at));
  setIfPresent(out, 'new_email', user.email_change);
  setIfPresent(out, 'email_change_sent_at', formatTimestamp(user.email_change_sent_at));
  setIfPresent(out, 'new_phone', user.phone_change);
  setIfPresent(out, 'phone_change_sent_at', formatTimestamp(user.phone_change_sent_at));
  setIfPresent(out, 'reauthentication_sent_at', formatTimestamp(user.reauthentication_sent_at));
  setIfPresent(out, 'last_sign_in_at', formatTimestamp(user.last_sign_in_at));
  out['app_metadata'] = user.raw_app_meta_data ?? {};
  out['user_metadata'] = user.raw_user_meta_data ?? {};
  if (!options.isShallow && user.factors.length > 0) out['factors'] = user.factors.map(serializeFactor);
  out['identities'] = options.isShallow ? null : user.identities.map(serializeIdentity);
  out['created_at'] = formatTimestamp(user.created_at) ?? '0001-01-01T00:00:00Z';
  out['updated_at'] = formatTimestamp(user.updated_at) ?? '0001-01-01T00:00:00Z';
  setIfPresent(out, 'banned_until', formatTimestamp(user.banned_until));
  setIfPresent(out, 'deleted_at', formatTimestamp(user.deleted_at));
  out['is_anonymous'] = user.is_anonymous;
  return out;
}

export type NewUser = {
  readonly id?: string;
  readonly email: string;
  readonly phone: string;
  readonly passwordHash: string;
  readonly aud: string;
  readonly role: string;
  readonly userMetadata: Record<string, unknown>;
  readonly appMetadata: Record<string, unknown>;
};

/**
 * The user a request would create, before it exists — what before_user_created receives:
 * GoTrue's unsaved models.User, whose timestamps are still Go's zero time.
 */
export function buildUserDraft(user: NewUser): Record<string, unknown> {
  const zeroTime = '0001-01-01T00:00:00Z';
  return {
    id: user.id ?? randomUUID(),
    aud: user.aud,
    role: '',
    email: user.email,
    phone: user.phone,
    app_metadata: user.appMetadata,
    user_metadata: user.userMetadata,
    identities: [],
    created_at: zeroTime,
    updated_at: zeroTime,
    is_anonymous: false,
  };
}

/** Plain INSERT into auth.users (fires app triggers), then returns the stored row. */
export async function insertUser(db: Db, user: NewUser & { id: string }): Promise<UserRow> {
  const now = new Date();
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, phone,
       raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
       confirmation_token, recovery_token, email_change_token_new, email_change, email_change_token_current,
       phone_change, phone_change_token, reauthentication_token, is_sso_user, is_anonymous)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, '', '', '', '', '', '', '', '', false, false)`,
    [
      NIL_UUID,
      user.id,
      user.aud,
      user.role,
      user.email === '' ? null : user.email.toLowerCase(),
      user.passwordHash,
      user.phone === '' ? null : user.phone,
      JSON.stringify(user.appMetadata),
      JSON.stringify(user.userMetadata),
      now,
    ],
  );
  const row = await findUserById(db, user.id);
  if (!row) throw new Error('user vanished right after insert');
  return row;
}

/** models.NewIdentity + Create: identity_data must carry `sub`, the provider's subject. */
export async function insertIdentity(
  db: Db,
  userId: string,
  provider: string,
  identityData: Record<string, unknown>,
): Promise<void> {
  const now = new Date();
  await db.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $5, $5)`,
    [String(identityData['sub']), userId, JSON.stringify(identityData), provider, now],
  );
}

/** provider.Claims{Subject, Email} as structs.Map renders it for an email identity. */
export function buildEmailIdentityData(userId: string, email: string, isVerified = false): Record<string, unknown> {
  const data: Record<string, unknown> = { sub: userId };
  if (email !== '') data['email'] = email;
  data['email_verified'] = isVerified;
  data['phone_verified'] = false;
  return data;
}

/** Merges metadata like GoTrue: keys set to null are removed, others replaced. */
export function mergeMetadata(
  current: Record<string, unknown> | null,
  updates: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export async function updateUserMetadata(db: Db, user: UserRow, updates: Record<string, unknown>): Promise<void> {
  await db.query('update auth.users set raw_user_meta_data = $2, updated_at = now() where id = $1', [
    user.id,
    JSON.stringify(mergeMetadata(user.raw_user_meta_data, updates)),
  ]);
}

export async function updateAppMetadata(db: Db, userId: string, updates: Record<string, unknown>): Promise<void> {
  const { rows } = await db.query<{ raw_app_meta_data: Record<string, unknown> | null }>(
    'select raw_app_meta_data from auth.users where id = $1',
    [userId],
  );
  await db.query('update auth.users set raw_app_meta_data = $2, updated_at = now() where id = $1', [
    userId,
    JSON.stringify(mergeMetadata(rows[0]?.raw_app_meta_data ?? null, updates)),
  ]);
}

/** models.User.UpdateAppMetaDataProviders: providers of the user's identities, oldest first. */
export async function updateAppMetadataProviders(db: Db, userId: string): Promise<void> {
  const { rows } = await db.query<{ provider: string }>(
    'select provider from auth.identities where user_id = $1 order by created_at asc',
    [userId],
  );
  const providers = [...new Set(rows.map((r) => r.provider))];
  const updates: Record<string, unknown> = { providers };
  if (providers.length > 0) updates['provider'] = providers[0];
  await updateAppMetadata(db, userId, updates);
}

export async function deleteOneTimeTokens(db: Db, userId: string): Promise<void> {
  await db.query('delete from auth.one_time_tokens where user_id = $1', [userId]);
}

/** models.User.Confirm: email confirmed now, confirmation token spent, email_verified in metadata. */
export async function confirmUser(db: Db, userId: string): Promise<void> {
  await db.query(
    `update auth.users set confirmation_token = '', email_confirmed_at = now(), updated_at = now(),
            raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"email_verified": true}'::jsonb
      where id = $1`,
    [userId],
  );
  await deleteOneTimeTokens(db, userId);
}

/** Marks the user's email identities as verified (signupVerify). */
export async function markEmailIdentityVerified(db: Db, userId: string, email: string): Promise<void> {
  await db.query(
    `update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb, updated_at = now()
      where user_id = $1 and email = $2`,
    [userId, email.toLowerCase()],
  );
}
