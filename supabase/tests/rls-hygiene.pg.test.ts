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

  it('exposes no function of public to anon except the ones meant for visitors', async () => {
    const { rows } = await db.query<{ fn: string }>(
      `select p.proname as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and has_function_privilege('anon', p.oid, 'execute') order by 1`,
    );
    expect(rows.map((r) => r.fn).filter((f) => !isFixture(f))).toEqual(['get_invitation']);
  });
});
