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
