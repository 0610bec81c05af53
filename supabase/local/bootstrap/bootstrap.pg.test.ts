/**
 * Conformance of the local bootstrap with what a Supabase Postgres image provides
 * (shared/reference/supabase-subset.md §1.10), against the real PostgreSQL of the test stack.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStack } from '../test/stack-info.ts';
import { connectAsSuperuser, queryAs } from '../test/pg-actor.ts';

const stack = getStack();
const USER = '019a8f00-1111-7000-8000-000000000001';
let db: pg.Client;

beforeAll(async () => {
  db = await connectAsSuperuser(stack.superuserUrl);
});
afterAll(async () => {
  await db.end();
});

describe('roles', () => {
  it('gives service_role BYPASSRLS and keeps the API roles NOLOGIN', async () => {
    const { rows } = await db.query<{
      rolname: string;
      rolbypassrls: boolean;
      rolcanlogin: boolean;
      rolinherit: boolean;
    }>(
      "select rolname, rolbypassrls, rolcanlogin, rolinherit from pg_roles where rolname in ('anon','authenticated','service_role','authenticator','postgres') order by rolname",
    );
    const byName = Object.fromEntries(rows.map((r) => [r.rolname, r]));
    expect(byName['service_role']).toMatchObject({ rolbypassrls: true, rolcanlogin: false });
    expect(byName['anon']).toMatchObject({ rolcanlogin: false, rolinherit: true });
    expect(byName['authenticated']).toMatchObject({ rolcanlogin: false, rolinherit: true });
    expect(byName['authenticator']).toMatchObject({ rolcanlogin: true, rolinherit: false });
    expect(byName['postgres']).toMatchObject({ rolcanlogin: true, rolbypassrls: true });
  });

  it('does not make postgres a superuser (as on Supabase)', async () => {
    const { rows } = await db.query<{ rolsuper: boolean }>("select rolsuper from pg_roles where rolname = 'postgres'");
    expect(rows[0]?.rolsuper).toBe(false);
  });

  it('lets authenticator switch to each API role and nothing else', async () => {
    const client = new pg.Client({ connectionString: stack.superuserUrl.replace('supabase_admin:', 'authenticator:') });
    await client.connect();
    try {
      for (const role of ['anon', 'authenticated', 'service_role']) {
        await client.query('begin');
        await client.query(`set local role ${role}`);
        expect((await client.query<{ r: string }>('select current_user as r')).rows[0]?.r).toBe(role);
        await client.query('rollback');
      }
      await client.query('begin');
      await expect(client.query('set local role supabase_admin')).rejects.toThrow(/permission denied/);
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });
});

describe('auth helpers', () => {
  it('read the caller from request.jwt.claims', async () => {
    const result = await queryAs<{ uid: string; role: string; sub: string }>(
      db,
      { kind: 'user', id: USER },
      "select auth.uid() as uid, auth.role() as role, auth.jwt() ->> 'sub' as sub",
    );
    expect(result).toMatchObject({ ok: true, rows: [{ uid: USER, role: 'authenticated', sub: USER }] });
  });

  it('return NULL without claims', async () => {
    await db.query('begin');
    try {
      const { rows } = await db.query('select auth.uid() as uid, auth.role() as role, auth.jwt() as jwt');
      expect(rows[0]).toEqual({ uid: null, role: null, jwt: null });
    } finally {
      await db.query('rollback');
    }
  });

  it('still honour the legacy per-claim GUC', async () => {
    await db.query('begin');
    try {
      await db.query("select set_config('request.jwt.claim.sub', $1, true)", [USER]);
      expect((await db.query('select auth.uid() as uid')).rows[0]?.uid).toBe(USER);
    } finally {
      await db.query('rollback');
    }
  });

  it('keep auth.users unreadable by API roles', async () => {
    const result = await queryAs(db, { kind: 'user', id: USER }, 'select * from auth.users');
    expect(result).toMatchObject({ ok: false, code: '42501' });
  });
});

describe('default privileges', () => {
  it('do not expose tables created by postgres to the API roles (auto_expose_new_tables = false)', async () => {
    const pgClient = new pg.Client({ connectionString: stack.dbUrl });
    await pgClient.connect();
    try {
      await pgClient.query('begin');
      await pgClient.query('create table public.t_bootstrap_probe (id int)');
      const { rows } = await pgClient.query<{ anon: boolean; postgres: boolean }>(
        "select has_table_privilege('anon', 'public.t_bootstrap_probe', 'select') as anon, has_table_privilege('postgres', 'public.t_bootstrap_probe', 'select') as postgres",
      );
      expect(rows[0]).toEqual({ anon: false, postgres: true });
      await pgClient.query('create function public.t_bootstrap_fn() returns int language sql as $$select 1$$');
      const fn = await pgClient.query<{ anon: boolean }>(
        "select has_function_privilege('anon', 'public.t_bootstrap_fn()', 'execute') as anon",
      );
      expect(fn.rows[0]?.anon).toBe(false);
    } finally {
      await pgClient.query('rollback');
      await pgClient.end();
    }
  });
});

describe('realtime', () => {
  it('realtime.send as postgres inserts a message whose payload carries its id', async () => {
    await db.query('begin');
    try {
      await db.query('set local role postgres');
      await db.query(`select realtime.send('{"a":1}'::jsonb, 'ev', 'room:bootstrap', true)`);
      const { rows } = await db.query<{ id: string; payload: { a: number; id: string }; private: boolean }>(
        "select id, payload, private from realtime.messages where topic = 'room:bootstrap'",
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.payload.a).toBe(1);
      expect(rows[0]?.payload.id).toBe(rows[0]?.id);
      expect(rows[0]?.private).toBe(true);
    } finally {
      await db.query('rollback');
    }
  });

  it('realtime.send as a user without an INSERT policy returns normally and inserts nothing', async () => {
    await db.query('begin');
    try {
      await db.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: USER, role: 'authenticated' }),
      ]);
      await db.query(`select realtime.send('{"a":1}'::jsonb, 'ev', 'room:denied', true)`);
      // Count in the same transaction, back as the superuser, before anything is rolled back.
      await db.query('reset role');
      const { rows } = await db.query("select count(*)::int as n from realtime.messages where topic = 'room:denied'");
      expect(rows[0]?.n).toBe(0);
      // Control: the same call as postgres (BYPASSRLS) does insert, so the zero above means RLS refused it.
      await db.query('set local role postgres');
      await db.query(`select realtime.send('{"a":1}'::jsonb, 'ev', 'room:denied', true)`);
      await db.query('reset role');
      const after = await db.query("select count(*)::int as n from realtime.messages where topic = 'room:denied'");
      expect(after.rows[0]?.n).toBe(1);
    } finally {
      await db.query('rollback');
    }
  });

  it('the supabase_realtime publication accepts tables', async () => {
    await db.query('begin');
    try {
      await db.query('set local role postgres');
      await db.query('create table public.t_pub_probe (id int primary key)');
      await db.query('alter publication supabase_realtime add table public.t_pub_probe');
    } finally {
      await db.query('rollback');
    }
  });
});

describe('storage, vault', () => {
  it('splits object paths like Supabase', async () => {
    const { rows } = await db.query(
      "select storage.foldername('u1/a/b.png') as folders, storage.filename('u1/a/b.png') as file, storage.extension('u1/a/b.png') as ext",
    );
    expect(rows[0]).toEqual({ folders: ['u1', 'a'], file: 'b.png', ext: 'png' });
  });

  it('stores and reads back a Vault secret', async () => {
    await db.query('begin');
    try {
      await db.query('set local role postgres');
      await db.query("select vault.create_secret('x-value', 't_bootstrap_secret')");
      const { rows } = await db.query(
        "select decrypted_secret from vault.decrypted_secrets where name = 't_bootstrap_secret'",
      );
      expect(rows[0]?.decrypted_secret).toBe('x-value');
    } finally {
      await db.query('rollback');
    }
  });
});
