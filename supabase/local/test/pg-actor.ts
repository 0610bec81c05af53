/**
 * basejump's `authenticate_as` for our vitest DB tests (STYLE §3): runs statements as a given
 * actor — role + JWT claims set exactly as PostgREST sets them — inside a transaction that is
 * always rolled back, so tests never leak state into each other.
 */
import pg from 'pg';

export type Actor =
  | { readonly kind: 'anon' }
  | { readonly kind: 'service_role' }
  | { readonly kind: 'user'; readonly id: string; readonly claims?: Readonly<Record<string, unknown>> };

export type ActorResult<T extends pg.QueryResultRow> =
  | { readonly ok: true; readonly rows: T[]; readonly rowCount: number }
  | { readonly ok: false; readonly code: string; readonly message: string };

export function claimsFor(actor: Actor): Record<string, unknown> {
  if (actor.kind === 'anon') return { role: 'anon' };
  if (actor.kind === 'service_role') return { role: 'service_role' };
  return { sub: actor.id, role: 'authenticated', aud: 'authenticated', aal: 'aal1', ...actor.claims };
}

/** Opens one connection (as the cluster superuser, which can SET ROLE to anything). */
export async function connectAsSuperuser(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Runs `sql` as `actor` in a rolled-back transaction; never throws on SQL errors. */
export async function queryAs<T extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.Client,
  actor: Actor,
  sql: string,
  params: unknown[] = [],
): Promise<ActorResult<T>> {
  const claims = claimsFor(actor);
  const role = String(claims['role']);
  await client.query('begin');
  try {
    await client.query(
      `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
              set_config('request.method', 'POST', true), set_config('request.headers', '{}', true)`,
      [role, JSON.stringify(claims)],
    );
    const result = await client.query<T>(sql, params);
    return { ok: true, rows: result.rows, rowCount: result.rowCount ?? 0 };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { ok: false, code: e.code ?? 'XX000', message: e.message ?? String(error) };
  } finally {
    await client.query('rollback');
  }
}
