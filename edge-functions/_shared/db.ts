/**
 * Direct database access for edge functions over SUPABASE_DB_URL (role `postgres`, which
 * bypasses RLS). Every use must say why it needs that and must check authorization itself.
 * Created lazily, once per worker.
 */
import postgres from 'postgres';

let sql: postgres.Sql | undefined;

export function getSql(): postgres.Sql {
  const url = Deno.env.get('SUPABASE_DB_URL');
  if (!url) throw new Error('SUPABASE_DB_URL is not set');
  sql ??= postgres(url, { max: 2, idle_timeout: 20, prepare: false });
  return sql;
}

/**
 * The database clock, ISO 8601 UTC. Reason for the privileged connection: reading now() touches
 * no data, so there is nothing for RLS to protect.
 */
export async function readDatabaseTime(): Promise<string> {
  const rows = await getSql()<{ now: string }[]>`
    select to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`;
  const now = rows[0]?.now;
  if (!now) throw new Error('no time returned');
  return now;
}
