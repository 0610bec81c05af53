/**
 * Acceptance F2-2: no table in `public` without RLS enabled and at least one policy, and no
 * security definer function without `set search_path = ''`. Enumerates the catalog, so a new
 * table or function that forgets either fails here.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStack } from '../local/test/stack-info.ts';

const stack = getStack();
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

// Test fixtures of the local-stack conformance suite live in `public` too (prefix t_).
const isFixture = (name: string): boolean => name.startsWith('t_');

describe('RLS hygiene', () => {
  it('enables RLS with at least one policy on every table in public', async () => {
    const { rows } = await db.query<{ tablename: string; rowsecurity: boolean; policies: number }>(
      `select t.tablename, t.rowsecurity,
              (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = t.tablename) as policies
         from pg_tables t where t.schemaname = 'public' order by t.tablename`,
    );
    const offenders = rows
      .filter((r) => !isFixture(r.tablename))
      .filter((r) => !r.rowsecurity || r.policies === 0)
      .map((r) => `${r.tablename}: rls=${r.rowsecurity}, policies=${r.policies}`);
    expect(rows.filter((r) => !isFixture(r.tablename)).length).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });

  it("sets search_path = '' on every security definer function of the app's schemas", async () => {
    const { rows } = await db.query<{ fn: string; config: string[] | null }>(
      `select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as fn, p.proconfig as config
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where p.prosecdef and n.nspname in ('public', 'private')`,
    );
    const offenders = rows
      .filter((r) => !isFixture(r.fn.split('.')[1] ?? ''))
      .filter((r) => !(r.config ?? []).some((c) => c === 'search_path=' || c === 'search_path=""'))
      .map((r) => `${r.fn}: ${JSON.stringify(r.config)}`);
    expect(rows.length).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });

  it('lets only the service role issue invitation tokens', async () => {
    const { rows } = await db.query<{ role: string; allowed: boolean }>(
      `select r as role, has_function_privilege(r, 'public.issue_invitation_token(uuid)', 'execute') as allowed
         from unnest(array['anon', 'authenticated', 'service_role']) r order by 1`,
    );
    expect(rows).toEqual([
      { role: 'anon', allowed: false },
      { role: 'authenticated', allowed: false },
      { role: 'service_role', allowed: true },
    ]);
  });

  it('puts app triggers on the auth tables hosted Supabase allows (users, identities, sessions, refresh_tokens, audit_log_entries) only', async () => {
    const { rows } = await db.query<{ trigger: string }>(
      `select c.relname || '.' || t.tgname as trigger
         from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'auth' and not t.tgisinternal
          and c.relname not in ('users', 'identities', 'sessions', 'refresh_tokens', 'audit_log_entries')
        order by 1`,
    );
    expect(rows).toEqual([]);
  });

  it('exposes no function of public to anon except the ones meant for visitors', async () => {
    const { rows } = await db.query<{ fn: string }>(
      `select p.proname as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and has_function_privilege('anon', p.oid, 'execute') order by 1`,
    );
    expect(rows.map((r) => r.fn).filter((f) => !isFixture(f))).toEqual(['get_invitation']);
  });
});

/**
 * Finding F2-review 1: hosted Supabase (since April 2025) no longer makes postgres a member of
 * supabase_auth_admin, and lets it create triggers (and foreign keys) on five auth tables only. The
 * local bootstrap grants exactly that, so a migration that would fail on `supabase db push` fails
 * here too — this is what lets a trigger on auth.mfa_factors be caught before a deploy.
 */
describe('the auth schema, with the privileges postgres has on hosted Supabase', () => {
  let postgresDb: pg.Client;
  beforeAll(async () => {
    postgresDb = new pg.Client({ connectionString: stack.dbUrl });
    await postgresDb.connect();
  });
  afterAll(async () => {
    await postgresDb.end();
  });

  /** Runs a statement as postgres (the role of migrations and the seed) and rolls back: 'ok' or the SQLSTATE. */
  async function tryAsPostgres(sql: string): Promise<string> {
    await postgresDb.query('begin');
    try {
      await postgresDb.query(sql);
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code ?? 'XX000';
    } finally {
      await postgresDb.query('rollback');
    }
  }

  const ALLOWED = ['users', 'identities', 'sessions', 'refresh_tokens', 'audit_log_entries'] as const;

  it('does not make postgres a member of supabase_auth_admin', async () => {
    const { rows } = await db.query<{ is_member: boolean }>(
      `select pg_has_role('postgres', 'supabase_auth_admin', 'member') as is_member`,
    );
    expect(rows[0]?.is_member).toBe(false);
  });

  it('refuses postgres a trigger on auth.mfa_factors, as `supabase db push` would', async () => {
    expect(
      await tryAsPostgres(
        'create trigger t_probe after update on auth.mfa_factors for each row execute function private.touch_updated_at()',
      ),
    ).toBe('42501');
  });

  it.each(ALLOWED)('lets postgres create a trigger on auth.%s', async (table) => {
    expect(
      await tryAsPostgres(
        `create trigger t_probe after update on auth.${table} for each row execute function private.touch_updated_at()`,
      ),
    ).toBe('ok');
  });

  it('lets postgres read every auth table, and write users and identities only', async () => {
    const { rows } = await db.query<{ table: string; can_read: boolean; can_insert: boolean; can_trigger: boolean }>(
      `select c.relname as table,
              has_table_privilege('postgres', c.oid, 'select') as can_read,
              has_table_privilege('postgres', c.oid, 'insert') as can_insert,
              has_table_privilege('postgres', c.oid, 'trigger') as can_trigger
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'auth' and c.relkind = 'r' order by 1`,
    );
    expect(rows.length).toBeGreaterThan(ALLOWED.length);
    expect(rows.filter((r) => !r.can_read).map((r) => r.table)).toEqual([]);
    expect(rows.filter((r) => r.can_insert).map((r) => r.table)).toEqual(['identities', 'users']);
    expect(rows.filter((r) => r.can_trigger).map((r) => r.table)).toEqual([...ALLOWED].sort());
  });
});
