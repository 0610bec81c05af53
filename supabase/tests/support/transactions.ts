/**
 * Transaction helpers beside pg-actor's queryAs (which always rolls back):
 * - actAndReadAudit runs a statement as an actor, then — back as the superuser, still inside the
 *   same transaction — reads the audit rows that transaction appended, and rolls back;
 * - actThenRead runs a statement as an actor (success or failure), then reads anything back as
 *   the superuser inside the same transaction, and rolls back: what the statement changed is still
 *   visible there, so a check that "nothing changed" can fail;
 * - runAs is queryAs with the error's detail (the JSON details of private.raise_error);
 * - commitAs runs a statement as an actor and commits, for flows that need an earlier step to
 *   have really happened (an invitation accepted before someone tries to reuse it).
 * Every request carries the headers PostgREST would expose: the client's address in
 * cf-connecting-ip (the only one the database trusts) and a client-written X-Forwarded-For.
 */
import type pg from 'pg';
import { claimsFor, type Actor, type ActorResult } from '../../local/test/pg-actor.ts';

/** An API actor, or a database role acting without a JWT (Supabase Auth is supabase_auth_admin). */
export type DbActor = Actor | { readonly kind: 'role'; readonly role: string };

export type AuditRow = {
  readonly id: string;
  readonly tenant_id: string | null;
  readonly actor_id: string | null;
  readonly subject_user_id: string | null;
  readonly action: string;
  readonly target_type: string | null;
  readonly target_id: string | null;
  readonly details: Record<string, unknown>;
  readonly ip: string | null;
  readonly user_agent: string | null;
};

/** The client's address as the platform vouches for it (Cloudflare's cf-connecting-ip). */
export const REQUEST_IP = '203.0.113.7';
/** What a client wrote in X-Forwarded-For to pass for someone else: never to be recorded. */
export const FORGED_IP = '198.51.100.66';
export const REQUEST_USER_AGENT = 'Comptoir-DB-test/1.0';

/** Headers PostgREST would expose for a browser call from REQUEST_IP that forged X-Forwarded-For. */
export const REQUEST_HEADERS: Readonly<Record<string, string>> = {
  'cf-connecting-ip': REQUEST_IP,
  'x-forwarded-for': `${FORGED_IP}, ${REQUEST_IP}`,
  'x-real-ip': FORGED_IP,
  'user-agent': REQUEST_USER_AGENT,
};

export type RequestOptions = {
  /** The request headers PostgREST exposes (default REQUEST_HEADERS). */
  readonly headers?: Readonly<Record<string, string>>;
};

async function impersonate(client: pg.Client, actor: DbActor, options: RequestOptions = {}): Promise<void> {
  const isRole = actor.kind === 'role';
  const role = isRole ? actor.role : String(claimsFor(actor)['role']);
  const claims = isRole ? '' : JSON.stringify(claimsFor(actor));
  await client.query(
    `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
            set_config('request.method', 'POST', true), set_config('request.headers', $3, true)`,
    [role, claims, JSON.stringify(options.headers ?? REQUEST_HEADERS)],
  );
}

/** A refusal with the error's detail (private.raise_error puts its JSON details there). */
export type Failure = { readonly ok: false; readonly code: string; readonly message: string; readonly detail?: string };
export type DetailedResult<T extends pg.QueryResultRow> =
  { readonly ok: true; readonly rows: T[]; readonly rowCount: number } | Failure;

function toFailure(error: unknown): Failure {
  const e = error as { code?: string; message?: string; detail?: string };
  return {
    ok: false,
    code: e.code ?? 'XX000',
    message: e.message ?? String(error),
    ...(e.detail === undefined ? {} : { detail: e.detail }),
  };
}

/** The JSON details of a refusal raised by private.raise_error ({} when none). */
export function readDetails(result: DetailedResult<pg.QueryResultRow>): Record<string, unknown> {
  if (result.ok || result.detail === undefined) return {};
  return JSON.parse(result.detail) as Record<string, unknown>;
}

/**
 * Runs `sql` as `actor`; if it succeeds, returns the audit rows appended by the transaction
 * (id after the last row visible at its start, created_at = the transaction's timestamp), read
 * as the superuser. Always rolls back.
 */
export async function actAndReadAudit<T extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  actor: DbActor,
  sql: string,
  params: unknown[] = [],
  options: RequestOptions = {},
): Promise<{ result: ActorResult<T>; audit: AuditRow[] }> {
  await client.query('begin');
  try {
    const { rows } = await client.query<{ last_id: string }>(
      'select coalesce(max(id), 0)::text as last_id from public.audit_log',
    );
    const lastId = rows[0]!.last_id;
    await impersonate(client, actor, options);
    let result: ActorResult<T>;
    try {
      const done = await client.query<T>(sql, params);
      result = { ok: true, rows: done.rows, rowCount: done.rowCount ?? 0 };
    } catch (error) {
      return { result: toFailure(error), audit: [] };
    }
    await client.query('reset role');
    const audit = await client.query<AuditRow>(
      `select id::text, tenant_id, actor_id, subject_user_id, action, target_type, target_id, details,
              host(ip) as ip, user_agent
         from public.audit_log where id > $1::bigint and created_at = now() order by id`,
      [lastId],
    );
    return { result, audit: audit.rows };
  } finally {
    await client.query('rollback');
  }
}

/**
 * Runs `sql` as `actor` (its failure rolled back to a savepoint), then `readSql` as the superuser
 * in the same transaction, and rolls everything back. A change the statement made is visible to
 * the read; a rolled-back queryAs followed by a fresh read could never see it.
 */
export async function actThenRead<R extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  actor: DbActor,
  sql: string,
  params: unknown[],
  readSql: string,
  readParams: unknown[] = [],
): Promise<{ result: DetailedResult<pg.QueryResultRow>; read: R[] }> {
  await client.query('begin');
  try {
    await client.query('savepoint attempt');
    let result: DetailedResult<pg.QueryResultRow>;
    try {
      await impersonate(client, actor);
      const done = await client.query(sql, params);
      result = { ok: true, rows: done.rows, rowCount: done.rowCount ?? 0 };
    } catch (error) {
      result = toFailure(error);
      await client.query('rollback to savepoint attempt');
    }
    await client.query(`reset role; select set_config('request.jwt.claims', '', true)`);
    const read = await client.query<R>(readSql, readParams);
    return { result, read: read.rows };
  } finally {
    await client.query('rollback');
  }
}

/** queryAs with the error detail: runs `sql` as `actor` in a rolled-back transaction; never throws on SQL errors. */
export async function runAs<T extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  actor: DbActor,
  sql: string,
  params: unknown[] = [],
  options: RequestOptions = {},
): Promise<DetailedResult<T>> {
  await client.query('begin');
  try {
    await impersonate(client, actor, options);
    const done = await client.query<T>(sql, params);
    return { ok: true, rows: done.rows, rowCount: done.rowCount ?? 0 };
  } catch (error) {
    return toFailure(error);
  } finally {
    await client.query('rollback');
  }
}

/** Runs `sql` as `actor` and commits when it succeeds (rolls back otherwise); never throws on SQL errors. */
export async function commitAs<T extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  actor: DbActor,
  sql: string,
  params: unknown[] = [],
): Promise<ActorResult<T>> {
  await client.query('begin');
  try {
    await impersonate(client, actor);
    const done = await client.query<T>(sql, params);
    await client.query('commit');
    return { ok: true, rows: done.rows, rowCount: done.rowCount ?? 0 };
  } catch (error) {
    await client.query('rollback');
    return toFailure(error);
  }
}

/**
 * Opens a transaction as `actor` and leaves it open: the caller runs statements on `client`, then
 * ends it with commit or rollback. For tests of two transactions racing each other.
 */
export async function beginAs(client: pg.Client, actor: DbActor): Promise<void> {
  await client.query('begin');
  await impersonate(client, actor);
}

/** Runs one statement on an open transaction; never throws on SQL errors. */
export async function runInTransaction<T extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  sql: string,
  params: unknown[] = [],
): Promise<ActorResult<T>> {
  try {
    const done = await client.query<T>(sql, params);
    return { ok: true, rows: done.rows, rowCount: done.rowCount ?? 0 };
  } catch (error) {
    return toFailure(error);
  }
}

/**
 * Waits until `pending` (a statement running on the backend `pid`) has either finished or is
 * waiting for a lock held by another transaction — the two states a race test must tell apart
 * before it lets the other transaction commit. Polls pg_locks through `observer`.
 */
export async function waitUntilDoneOrBlocked(
  observer: pg.Client,
  pid: number,
  pending: Promise<unknown>,
): Promise<void> {
  let isDone = false;
  void pending.finally(() => {
    isDone = true;
  });
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (isDone) return;
    const { rows } = await observer.query<{ is_blocked: boolean }>(
      'select exists (select 1 from pg_locks where pid = $1 and not granted) as is_blocked',
      [pid],
    );
    if (rows[0]?.is_blocked) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`backend ${pid} neither finished nor waited for a lock`);
}
