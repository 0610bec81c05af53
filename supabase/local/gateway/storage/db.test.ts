/** runScoped's connection hygiene, against a scripted client (no database needed). */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { StorageUser } from './auth.ts';
import { runScoped, type DbScope } from './db.ts';

type FakeClient = { queries: string[]; released: unknown[] };

/** A pool whose one client answers every statement, failing those `failing` matches. */
function createFakePool(failing: (sql: string) => boolean): { pool: pg.Pool; client: FakeClient } {
  const client: FakeClient = { queries: [], released: [] };
  const pgClient = {
    query(sql: string) {
      client.queries.push(sql);
      if (failing(sql)) return Promise.reject(new Error(`Connection terminated during: ${sql}`));
      if (sql.includes('pg_roles')) return Promise.resolve({ rows: [{ exists: true, assumable: true }] });
      return Promise.resolve({ rows: [] });
    },
    release(error?: unknown) {
      client.released.push(error);
    },
  };
  const pool = { connect: () => Promise.resolve(pgClient) } as unknown as pg.Pool;
  return { pool, client };
}

const scope: DbScope = {
  user: { role: 'authenticated', jwt: '', claims: {}, sub: undefined, isAuthenticated: true } satisfies StorageUser,
  facts: { headersJson: '{}', method: 'GET', path: '/' },
  operation: 'storage.object.test',
};

describe('runScoped', () => {
  it('returns a healthy connection to the pool after commit and after a clean rollback', async () => {
    const committed = createFakePool(() => false);
    await expect(runScoped(committed.pool, scope, () => Promise.resolve(1))).resolves.toBe(1);
    expect(committed.client.queries).toContain('commit');
    expect(committed.client.released).toEqual([undefined]);

    const rolledBack = createFakePool(() => false);
    await expect(runScoped(rolledBack.pool, scope, () => Promise.reject(new Error('handler failed')))).rejects.toThrow(
      'handler failed',
    );
    expect(rolledBack.client.queries.at(-1)).toBe('rollback');
    expect(rolledBack.client.released).toEqual([undefined]);
  });

  it('destroys the connection when the rollback itself fails', async () => {
    const { pool, client } = createFakePool((sql) => sql === 'rollback');
    await expect(runScoped(pool, scope, () => Promise.reject(new Error('handler failed')))).rejects.toThrow(
      'handler failed',
    );
    expect(client.released).toHaveLength(1);
    expect(client.released[0]).toBeInstanceOf(Error);
  });

  it('destroys the connection when a failed commit cannot be rolled back', async () => {
    const { pool, client } = createFakePool((sql) => sql === 'commit' || sql === 'rollback');
    await expect(runScoped(pool, scope, () => Promise.resolve('done'))).rejects.toThrow('Connection terminated');
    expect(client.released[0]).toBeInstanceOf(Error);
  });

  it('destroys the connection when a probe’s rollback fails', async () => {
    const { pool, client } = createFakePool((sql) => sql === 'rollback');
    await expect(runScoped(pool, scope, () => Promise.resolve('probed'), { isProbe: true })).rejects.toThrow(
      'Connection terminated',
    );
    expect(client.released[0]).toBeInstanceOf(Error);
  });
});
