/**
 * Database plumbing for the auth service: every statement runs through the gateway's privileged
 * pool (as GoTrue runs as supabase_auth_admin), inside short transactions so a failed request
 * leaves no half-written user, session or token behind.
 */
import type pg from 'pg';

export type Db = pg.Pool | pg.PoolClient;

/**
 * Thrown inside a transaction to commit the work done so far and still fail the request
 * (GoTrue's storage.NewCommitWithError: e.g. revoking a refresh-token family on reuse).
 */
export class CommitThenFail extends Error {
  readonly failure: unknown;
  constructor(failure: unknown) {
    super('commit then fail');
    this.failure = failure;
  }
}

/** Runs `fn` in a transaction on one pooled connection; rolls back on any error. */
export async function runInTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let isBroken = false;
  try {
    await client.query('begin');
    try {
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (error) {
      if (error instanceof CommitThenFail) {
        await client.query('commit');
        throw error.failure;
      }
      await client.query('rollback').catch(() => {
        isBroken = true;
      });
      throw error;
    }
  } finally {
    client.release(isBroken);
  }
}

/** A timestamp as GoTrue's JSON shows it (RFC 3339, UTC), or undefined for SQL NULL. */
export function formatTimestamp(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Milliseconds since the epoch for a timestamp column value (NaN when NULL). */
export function readMillis(value: unknown): number {
  if (value === null || value === undefined) return Number.NaN;
  return (value instanceof Date ? value : new Date(String(value))).getTime();
}
