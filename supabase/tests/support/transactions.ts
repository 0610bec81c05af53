/**
 * Transaction helpers beside pg-actor's queryAs (which always rolls back):
 * - actAndReadAudit runs a statement as an actor, then — back as the superuser, still inside the
 *   same transaction — reads the audit rows that transaction appended, and rolls back;
 * - commitAs runs a statement as an actor and commits, for flows that need an earlier step to
 *   have really happened (an invitation accepted before someone tries to reuse it).
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

/** Headers PostgREST would expose for a browser call from a known address. */
export const REQUEST_IP = '203.0.113.7';
export const REQUEST_USER_AGENT = 'Comptoir-DB-test/1.0';

async function impersonate(client: pg.Client, actor: DbActor): Promise<void> {
  const isRole = actor.kind === 'role';
  const role = isRole ? actor.role : String(claimsFor(actor)['role']);
  const claims = isRole ? '' : JSON.stringify(claimsFor(actor));
  await client.query(
    `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
            set_config('request.method', 'POST', true), set_config('request.headers', $3, true)`,
    [role, claims, JSON.stringify({ 'x-forwarded-for': `${REQUEST_IP}, 10.0.0.1`, 'user-agent': REQUEST_USER_AGENT })],
  );
}

function toFailure(error: unknown): { ok: false; code: string; message: string } {
  const e = error as { code?: string; message?: string };
  return { ok: false, code: e.code ?? 'XX000', message: e.message ?? String(error) };
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
): Promise<{ result: ActorResult<T>; audit: AuditRow[] }> {
  await client.query('begin');
  try {
    const { rows } = await client.query<{ last_id: string }>(
      'select coalesce(max(id), 0)::text as last_id from public.audit_log',
    );
    const lastId = rows[0]!.last_id;
    await impersonate(client, actor);
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
