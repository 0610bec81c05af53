/**
 * Per-request database scope, as storage-api applies it (src/internal/database/postgres/scope.ts):
 * every statement runs in a transaction on the privileged pool that first switches `role` to the
 * caller's JWT role and publishes the request as GUCs (request.jwt.claims, request.headers,
 * storage.operation, storage.allow_delete_query = 'true', …) plus `search_path = storage`, the
 * role setting of supabase_storage_admin, as which storage-api logs in. RLS on storage.objects
 * and storage.buckets is therefore the gate, exactly as on Supabase; service_role bypasses it
 * through BYPASSRLS. Connections are never held while a body streams to disk.
 */
import type pg from 'pg';
import { ERRORS, isPgError, mapDbError } from './errors.ts';
import type { RequestFacts, StorageUser } from './auth.ts';

export type DbScope = {
  readonly user: StorageUser;
  readonly facts: RequestFacts;
  /** storage.operation, e.g. `storage.object.upload`. */
  readonly operation: string;
};

const SCOPE_SQL = `select
  set_config('role', $1, true),
  set_config('request.jwt.claim.role', $2, true),
  set_config('request.jwt', $3, true),
  set_config('request.jwt.claim.sub', $4, true),
  set_config('request.jwt.claims', $5, true),
  set_config('request.headers', $6, true),
  set_config('request.method', $7, true),
  set_config('request.path', $8, true),
  set_config('storage.operation', $9, true),
  set_config('storage.allow_delete_query', 'true', true),
  set_config('search_path', 'storage', true)`;

/** Switches the current transaction to the given caller (may be called again to switch back). */
export async function applyScope(client: pg.PoolClient, scope: DbScope): Promise<void> {
  const { user, facts } = scope;
  await client.query(SCOPE_SQL, [
    user.role,
    user.role,
    user.jwt,
    user.sub ?? '',
    JSON.stringify(user.claims),
    facts.headersJson,
    facts.method,
    facts.path,
    scope.operation,
  ]);
}

/** Roles already confirmed assumable, per database pool; checked once per role name. */
const assumableRoles = new WeakMap<pg.Pool, Set<string>>();

/**
 * storage-api logs in as supabase_storage_admin, which can only become the API roles it reaches
 * through `authenticator`. Our pool is a superuser, so the same limit is enforced here: a signed
 * token claiming `postgres` or `supabase_admin` must not escalate.
 */
async function assertAssumableRole(pool: pg.Pool, client: pg.PoolClient, role: string): Promise<void> {
  let known = assumableRoles.get(pool);
  if (!known) assumableRoles.set(pool, (known = new Set()));
  if (known.has(role)) return;
  const { rows } = await client.query<{ exists: boolean; assumable: boolean }>(
    `select exists(select 1 from pg_catalog.pg_roles where rolname = $1) as exists,
            exists(select 1 from pg_catalog.pg_roles r
                    where r.rolname = $1 and pg_catalog.pg_has_role('authenticator', r.oid, 'MEMBER')) as assumable`,
    [role],
  );
  const row = rows[0];
  if (!row?.exists) throw ERRORS.accessDenied(`role "${role}" does not exist`);
  if (!row.assumable) throw ERRORS.accessDenied(`permission denied to set role "${role}"`);
  known.add(role);
}

/** Runs `fn` in one scoped transaction; commits, or rolls back when `isProbe` (testPermission). */
export async function runScoped<T>(
  pool: pg.Pool,
  scope: DbScope,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: { isProbe?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  let isOpen = false;
  /** Set when the connection's state is unknown: it is then destroyed instead of pooled. */
  let releaseError: Error | undefined;
  try {
    await assertAssumableRole(pool, client, scope.user.role);
    await client.query('begin');
    isOpen = true;
    await applyScope(client, scope);
    const result = await fn(client);
    await client.query(options.isProbe ? 'rollback' : 'commit');
    isOpen = false;
    return result;
  } catch (error) {
    if (isOpen) {
      try {
        await client.query('rollback');
      } catch (rollbackError) {
        // The transaction (with its role and GUCs) may still be open, or the socket is gone:
        // the next request must never inherit it.
        releaseError = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
    }
    throw isPgError(error) ? mapDbError(error) : error;
  } finally {
    client.release(releaseError);
  }
}

/** Column → value pairs; `undefined` values are left out, as storage-api's buildInsert does. */
export type Row = Readonly<Record<string, unknown>>;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function buildInsert(row: Row): { columns: string; placeholders: string; values: unknown[] } {
  const columns: string[] = [];
  const values: unknown[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (value === undefined) continue;
    values.push(value);
    columns.push(quoteIdent(column));
  }
  return { columns: columns.join(', '), placeholders: values.map((_, i) => `$${i + 1}`).join(', '), values };
}

/** `col = $n, …` for the defined values, numbering from `offset + 1`. */
export function buildSet(row: Row, offset = 0): { clause: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (value === undefined) continue;
    values.push(value);
    parts.push(`${quoteIdent(column)} = $${offset + values.length}`);
  }
  return { clause: parts.join(', '), values };
}

/** `col = excluded.col, …` for an upsert's defined columns. */
export function buildExcludedSet(row: Row): string {
  return Object.entries(row)
    .filter(([, value]) => value !== undefined)
    .map(([column]) => `${quoteIdent(column)} = excluded.${quoteIdent(column)}`)
    .join(', ');
}
