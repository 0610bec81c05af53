/**
 * Admin endpoints (supabase/auth internal/api/{admin,invite}.go), reachable only with a
 * service_role JWT (or the sb_secret_ key mapped to it): /admin/users CRUD with GoTrue's
 * pagination headers, the admin view of MFA factors, and /invite. /admin/generate_link lives in
 * generate-link.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from './db.ts';
import { runInTransaction } from './db.ts';
import type { AuthDeps, AuthRequest, Reply } from './deps.ts';
import { replyJson } from './deps.ts';
import { createBadRequest, createNotFound, createUnprocessable } from './errors.ts';
import { sendInvite } from './mail.ts';
import { NIL_UUID, decodeParams, parseGoUuid, validateEmail, validatePhone } from './params.ts';
import { assertPasswordStrength, generatePassword, hashPassword } from './passwords.ts';
import { getRequestAud, requireAdmin } from './request-auth.ts';
import { runBeforeUserCreated } from './signup.ts';
import type { UserRow } from './users.ts';
import {
  DEFAULT_ROLE,
  buildEmailIdentityData,
  buildUserDraft,
  confirmUser,
  findDuplicateEmailUser,
  findUserByEmail,
  findUserById,
  findUsersByIds,
  insertIdentity,
  insertUser,
  isConfirmed,
  serializeFactor,
  serializeUser,
  updateAppMetadata,
  updateUserMetadata,
} from './users.ts';

const DUPLICATE_EMAIL = 'A user with this email address has already been registered';

const ADMIN_USER_FIELDS = {
  id: 'string',
  aud: 'string',
  role: 'string',
  email: 'string',
  phone: 'string',
  password: 'optional-string',
  password_hash: 'string',
  email_confirm: 'bool',
  phone_confirm: 'bool',
  user_metadata: 'map',
  app_metadata: 'map',
  ban_duration: 'string',
} as const;

/** Go's time.ParseDuration (ban_duration such as "24h", "90m", "1h30m"); milliseconds. */
export function parseGoDuration(text: string): number | undefined {
  const match = /^([+-]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(text);
  if (!match) return text === '0' ? 0 : undefined;
  const factors: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  let total = 0;
  for (const part of (match[2] ?? '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (factors[part[2] ?? 's'] ?? 0);
  }
  return match[1] === '-' ? -total : total;
}

function parseBanDuration(value: string): number | undefined {
  if (value === '') return undefined;
  if (value === 'none') return 0;
  const ms = parseGoDuration(value);
  // Go durations are int64 nanoseconds: about 292 years at most.
  if (ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > 9_223_372_036_854) {
    throw createBadRequest('validation_failed', `invalid format for ban duration: time: invalid duration "${value}"`);
  }
  return ms;
}

async function applyBan(db: Db, userId: string, durationMs: number): Promise<void> {
  await db.query('update auth.users set banned_until = $2, updated_at = now() where id = $1', [
    userId,
    durationMs === 0 ? null : new Date(Date.now() + durationMs),
  ]);
}

function isBcryptHash(hash: string): boolean {
  return /^\$2[aby]?\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/.test(hash);
}

/** POST /admin/users (admin.createUser). Passwords are not strength-checked here, as upstream. */
async function createAdminUser(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const claims = await requireAdmin(deps, request);
  const params = decodeParams('AdminUserParams', ADMIN_USER_FIELDS, await request.readBody());
  const aud = params.aud !== '' ? params.aud : getRequestAud(request, claims);
  if (params.email === '' && params.phone === '') {
    throw createBadRequest('validation_failed', 'Cannot create a user without either an email or phone');
  }
  const pool = deps.ctx.adminPool;
  const providers: string[] = [];
  const email = params.email !== '' ? validateEmail(params.email) : '';
  if (email !== '') {
    if (await findDuplicateEmailUser(pool, email, aud, undefined)) {
      throw createUnprocessable('email_exists', DUPLICATE_EMAIL);
    }
    providers.push('email');
  }
  const phone = params.phone !== '' ? validatePhone(params.phone) : '';
  if (phone !== '') {
    const { rowCount } = await pool.query('select 1 from auth.users where phone = $1 and aud = $2', [phone, aud]);
    if (rowCount) throw createUnprocessable('phone_exists', 'Phone number already registered by another user');
    providers.push('phone');
  }
  if (params.password !== undefined && params.password_hash !== '') {
    throw createBadRequest('validation_failed', 'Only a password or a password hash should be provided');
  }
  let passwordHash: string;
  if (params.password_hash !== '') {
    if (!isBcryptHash(params.password_hash)) throw createBadRequest('validation_failed', 'Invalid password hash');
    passwordHash = params.password_hash;
  } else {
    const password =
      params.password !== undefined && params.password !== '' ? params.password : generatePassword(deps.settings, 64);
    if (Buffer.byteLength(password) > 72) {
      throw createBadRequest('validation_failed', 'bcrypt: password length exceeds 72 bytes');
    }
    passwordHash = await hashPassword(password);
  }
  let id: string = randomUUID();
  if (params.id !== '') {
    const custom = parseGoUuid(params.id);
    if (!custom) throw createBadRequest('validation_failed', 'ID must conform to the uuid v4 format');
    if (custom === NIL_UUID) throw createBadRequest('validation_failed', 'ID cannot be a nil uuid');
    id = custom;
  }
  const banMs = parseBanDuration(params.ban_duration);
  const userId = await runInTransaction(pool, async (db) => {
    const user = await insertUser(db, {
      id,
      email,
      phone,
      passwordHash,
      aud,
      role: params.role !== '' ? params.role : DEFAULT_ROLE,
      userMetadata: params.user_metadata ?? {},
      appMetadata: { provider: providers[0], providers },
    });
    if (email !== '') await insertIdentity(db, user.id, 'email', buildEmailIdentityData(user.id, email));
    if (phone !== '') {
      await insertIdentity(db, user.id, 'phone', { sub: user.id, phone, email_verified: false, phone_verified: false });
    }
    if (params.app_metadata !== undefined) await updateAppMetadata(db, user.id, params.app_metadata);
    if (params.email_confirm) await confirmUser(db, user.id);
    if (params.phone_confirm) {
      await db.query('update auth.users set phone_confirmed_at = now(), updated_at = now() where id = $1', [user.id]);
    }
    if (banMs !== undefined) await applyBan(db, user.id, banMs);
    return user.id;
  }).catch((error: unknown) => {
    if ((error as { code?: string }).code === '23505') throw createUnprocessable('email_exists', DUPLICATE_EMAIL);
    throw error;
  });
  const created = await findUserById(pool, userId);
  return replyJson(created ? serializeUser(created) : {});
}

/** GET /admin/users?page=&per_page= (admin.listUsers) with X-Total-Count and Link headers. */
async function listAdminUsers(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const claims = await requireAdmin(deps, request);
  const aud = getRequestAud(request, claims);
  const query = request.url.searchParams;
  let descending = true;
  for (const value of query.getAll('sort')) {
    const [field, direction] = value.split(' ', 2);
    if (field !== 'created_at')
      throw createBadRequest('validation_failed', `Bad Sort Parameters: bad field for sort '${field ?? ''}'`);
    if (direction !== undefined) {
      if (!['asc', 'desc'].includes(direction.toLowerCase())) {
        throw createBadRequest(
          'validation_failed',
          `Bad Sort Parameters: bad direction for sort '${direction}', only 'asc' and 'desc' allowed`,
        );
      }
      descending = direction.toLowerCase() === 'desc';
    }
  }
  const readCount = (name: string, fallback: number): number => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > Number.MAX_SAFE_INTEGER) {
      throw createBadRequest(
        'validation_failed',
        `Bad Pagination Parameters: strconv.ParseUint: parsing "${raw}": invalid syntax`,
      );
    }
    return Number(raw);
  };
  // pop's paginator clamps page to ≥ 1 and per_page to ≥ 1 (20 when 0); GoTrue divides by it.
  const page = Math.max(1, readCount('page', 1));
  const requestedPerPage = readCount('per_page', 50);
  const perPage = requestedPerPage < 1 ? 20 : Math.min(requestedPerPage, 1_000_000);
  // Pages past any possible row count are simply empty.
  const offset = Math.min((page - 1) * perPage, Number.MAX_SAFE_INTEGER);
  const filter = query.get('filter') ?? '';
  const where = ['u.instance_id = $1', 'u.aud = $2'];
  const params: unknown[] = [NIL_UUID, aud];
  if (filter !== '') {
    params.push(`%${filter}%`);
    where.push(`(u.email like $3 or u.raw_user_meta_data ->> 'full_name' ilike $3)`);
  }
  const pool = deps.ctx.adminPool;
  const { rows: countRows } = await pool.query<{ count: string }>(
    `select count(*) as count from auth.users u where ${where.join(' and ')}`,
    params,
  );
  const total = Number(countRows[0]?.count ?? 0);
  const { rows } = await pool.query<{ id: string }>(
    `select u.id from auth.users u where ${where.join(' and ')}
      order by u.created_at ${descending ? 'desc' : 'asc'}, u.id limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, perPage, offset],
  );
  const users = (
    await findUsersByIds(
      pool,
      rows.map((r) => r.id),
    )
  ).map((user) => serializeUser(user, { isShallow: true }));
  const totalPages = Math.ceil(total / perPage);
  const buildPageLink = (target: number): string => {
    const url = new URL(request.url.toString());
    url.searchParams.set('page', String(target));
    return `<${url.pathname.replace(/^\/auth\/v1/, '')}?${[...url.searchParams]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&')}>`;
  };
  let link = '';
  if (totalPages > page) link += `${buildPageLink(page + 1)}; rel="next", `;
  link += `${buildPageLink(totalPages)}; rel="last"`;
  return replyJson({ users, aud }, 200, { Link: link, 'X-Total-Count': String(total) });
}

async function loadAdminTarget(deps: AuthDeps, userIdText: string): Promise<UserRow> {
  const userId = parseGoUuid(userIdText);
  if (!userId) throw createNotFound('validation_failed', 'user_id must be an UUID');
  const user = await findUserById(deps.ctx.adminPool, userId);
  if (!user) throw createNotFound('user_not_found', 'User not found');
  return user;
}

/** PUT /admin/users/{id} (admin.updateUserById). */
async function updateAdminUser(deps: AuthDeps, request: AuthRequest, userIdText: string): Promise<Reply> {
  await requireAdmin(deps, request);
  const user = await loadAdminTarget(deps, userIdText);
  const params = decodeParams('AdminUserParams', ADMIN_USER_FIELDS, await request.readBody());
  const email = params.email !== '' ? validateEmail(params.email) : '';
  const phone = params.phone !== '' ? validatePhone(params.phone) : '';
  const banMs = parseBanDuration(params.ban_duration);
  let passwordHash: string | undefined;
  if (params.password !== undefined) {
    assertPasswordStrength(deps.settings, params.password);
    passwordHash = await hashPassword(params.password);
  }
  const pool = deps.ctx.adminPool;
  await runInTransaction(pool, async (db) => {
    if (params.role !== '')
      await db.query('update auth.users set role = $2, updated_at = now() where id = $1', [user.id, params.role]);
    if (params.email_confirm) await confirmUser(db, user.id);
    if (params.phone_confirm) {
      await db.query('update auth.users set phone_confirmed_at = now(), updated_at = now() where id = $1', [user.id]);
    }
    if (passwordHash !== undefined) {
      await db.query(
        `update auth.users set encrypted_password = $2, confirmation_token = '', recovery_token = '',
                email_change_token_current = '', email_change_token_new = '', updated_at = now() where id = $1`,
        [user.id, passwordHash],
      );
      await db.query('delete from auth.one_time_tokens where user_id = $1', [user.id]);
      await db.query('delete from auth.sessions where user_id = $1', [user.id]);
    }
    if (email !== '') {
      const identity = user.identities.find((i) => i.provider === 'email');
      if (identity) {
        await db.query(
          `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text, 'email_verified', $3::boolean),
                  updated_at = now() where id = $1`,
          [identity.id, email, params.email_confirm],
        );
      } else {
        await insertIdentity(db, user.id, 'email', buildEmailIdentityData(user.id, email, params.email_confirm));
      }
      await db.query('update auth.users set email = $2, updated_at = now() where id = $1', [user.id, email]);
    }
    if (phone !== '')
      await db.query('update auth.users set phone = $2, updated_at = now() where id = $1', [user.id, phone]);
    if (params.app_metadata !== undefined) await updateAppMetadata(db, user.id, params.app_metadata);
    if (params.user_metadata !== undefined) {
      const fresh = await findUserById(db, user.id);
      if (fresh) await updateUserMetadata(db, fresh, params.user_metadata);
    }
    if (banMs !== undefined) await applyBan(db, user.id, banMs);
  }).catch((error: unknown) => {
    if ((error as { code?: string }).code === '23505') throw createUnprocessable('email_exists', DUPLICATE_EMAIL);
    throw error;
  });
  const updated = await findUserById(pool, user.id);
  return replyJson(serializeUser(updated ?? user));
}

/** DELETE /admin/users/{id}: hard delete (cascades), or soft delete that anonymises the row. */
async function deleteAdminUser(deps: AuthDeps, request: AuthRequest, userIdText: string): Promise<Reply> {
  await requireAdmin(deps, request);
  const user = await loadAdminTarget(deps, userIdText);
  const body = await request.readBody();
  const params =
    body.length > 0
      ? decodeParams('adminUserDeleteParams', { should_soft_delete: 'bool' }, body)
      : { should_soft_delete: false };
  await runInTransaction(deps.ctx.adminPool, async (db) => {
    if (!params.should_soft_delete) {
      await db.query('delete from auth.users where id = $1', [user.id]);
      return;
    }
    if (user.deleted_at !== null) return;
    const obfuscate = (value: string): string =>
      createHash('sha256')
        .update(user.id + value)
        .digest('base64url');
    await db.query(
      `update auth.users set email = $2, phone = $3, email_change = $4, phone_change = $5, encrypted_password = null,
              confirmation_token = '', recovery_token = '', email_change_token_current = '', email_change_token_new = '',
              phone_change_token = '', deleted_at = now(), raw_user_meta_data = '{}', raw_app_meta_data = '{}',
              updated_at = now()
        where id = $1`,
      [
        user.id,
        obfuscate(user.email ?? ''),
        obfuscate(user.phone ?? ''),
        obfuscate(user.email_change ?? ''),
        obfuscate(user.phone_change ?? ''),
      ],
    );
    for (const identity of user.identities) {
      await db.query(
        `update auth.identities set identity_data = '{}', provider_id = $2, updated_at = now() where id = $1`,
        [identity.id, obfuscate(identity.provider_id)],
      );
    }
    await db.query('delete from auth.one_time_tokens where user_id = $1', [user.id]);
    await db.query('delete from auth.mfa_factors where user_id = $1', [user.id]);
    await db.query('delete from auth.sessions where user_id = $1', [user.id]);
  });
  return replyJson({});
}

/** /admin/users[/{id}[/factors[/{factor_id}]]] routing by method. */
export async function handleAdminUsers(
  deps: AuthDeps,
  request: AuthRequest,
  userIdText: string | undefined,
): Promise<Reply> {
  if (userIdText === undefined) {
    return request.method === 'POST' ? createAdminUser(deps, request) : listAdminUsers(deps, request);
  }
  switch (request.method) {
    case 'GET': {
      await requireAdmin(deps, request);
      return replyJson(serializeUser(await loadAdminTarget(deps, userIdText)));
    }
    case 'PUT':
      return updateAdminUser(deps, request, userIdText);
    default:
      return deleteAdminUser(deps, request, userIdText);
  }
}

/** GET /admin/users/{id}/factors and DELETE /admin/users/{id}/factors/{factor_id}. */
export async function handleAdminFactors(
  deps: AuthDeps,
  request: AuthRequest,
  userIdText: string,
  factorIdText: string | undefined,
): Promise<Reply> {
  await requireAdmin(deps, request);
  const user = await loadAdminTarget(deps, userIdText);
  if (factorIdText === undefined) return replyJson(user.factors.map(serializeFactor));
  const factorId = parseGoUuid(factorIdText);
  if (!factorId) throw createNotFound('validation_failed', 'factor_id must be an UUID');
  const factor = user.factors.find((f) => f.id === factorId);
  if (!factor) throw createNotFound('mfa_factor_not_found', 'Factor not found');
  await runInTransaction(deps.ctx.adminPool, async (db) => {
    await db.query('delete from auth.mfa_factors where id = $1', [factor.id]);
    await db.query(
      `delete from auth.mfa_amr_claims where authentication_method = 'totp'
          and session_id in (select id from auth.sessions where factor_id = $1)`,
      [factor.id],
    );
    await db.query(`update auth.sessions set aal = 'aal1', factor_id = null where user_id = $1 and factor_id = $2`, [
      user.id,
      factor.id,
    ]);
  });
  return replyJson(serializeFactor(factor));
}

/** POST /invite (admin.inviteUserByEmail). */
export async function handleInvite(deps: AuthDeps, request: AuthRequest): Promise<Reply> {
  const claims = await requireAdmin(deps, request);
  const params = decodeParams('InviteParams', { email: 'string', data: 'map' }, await request.readBody());
  const email = validateEmail(params.email);
  const aud = getRequestAud(request, claims);
  const pool = deps.ctx.adminPool;
  const existing = await findUserByEmail(pool, email, aud);
  const id = randomUUID();
  const appMetadata = { provider: 'email', providers: ['email'] };
  if (!existing) {
    await runBeforeUserCreated(
      deps,
      request,
      buildUserDraft({
        id,
        email,
        phone: '',
        passwordHash: '',
        aud,
        role: '',
        userMetadata: params.data ?? {},
        appMetadata,
      }),
    );
  }
  const userId = await runInTransaction(pool, async (db) => {
    let user = existing;
    if (user && isConfirmed(user)) throw createUnprocessable('email_exists', DUPLICATE_EMAIL);
    if (!user) {
      user = await insertUser(db, {
        id,
        email,
        phone: '',
        passwordHash: '',
        aud,
        role: DEFAULT_ROLE,
        userMetadata: params.data ?? {},
        appMetadata,
      });
      await insertIdentity(db, user.id, 'email', buildEmailIdentityData(user.id, email));
    }
    await sendInvite(deps, db, request, user);
    return user.id;
  });
  const invited = await findUserById(pool, userId);
  return replyJson(invited ? serializeUser(invited) : {});
}
