/**
 * What every storage route handler works with: the service-wide runtime (pool, disk store, keys)
 * and the current call (request, response, caller, per-request GUC facts), plus the two database
 * identities storage-api uses — the caller (RLS applies) and its own service identity (RLS
 * bypassed) for bookkeeping reads and the final write of an upload.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import type { GatewayContext } from '../context.ts';
import { sendJson } from '../http.ts';
import type { RequestFacts, StorageUser } from './auth.ts';
import { runScoped, type DbScope } from './db.ts';
import type { ObjectStore } from './disk.ts';
import { ERRORS } from './errors.ts';

export type StorageRuntime = {
  readonly ctx: GatewayContext;
  readonly pool: pg.Pool;
  /** Project JWT secret as key bytes (request tokens and signed URLs). */
  readonly key: Uint8Array;
  readonly serviceUser: StorageUser;
  readonly store: ObjectStore;
};

export type StorageCall = {
  readonly runtime: StorageRuntime;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly subpath: string;
  readonly facts: RequestFacts;
  /** storage.operation for this route. */
  readonly operation: string;
};

export function scopeFor(call: StorageCall, user: StorageUser): DbScope {
  return { user, facts: call.facts, operation: call.operation };
}

export function serviceScope(call: StorageCall): DbScope {
  return scopeFor(call, call.runtime.serviceUser);
}

/** One scoped transaction as `user` (RLS applies unless the role bypasses it). */
export function runAs<T>(
  call: StorageCall,
  user: StorageUser,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: { isProbe?: boolean } = {},
): Promise<T> {
  return runScoped(call.runtime.pool, scopeFor(call, user), fn, options);
}

/** One scoped transaction as storage's own service identity (RLS bypassed). */
export function runAsService<T>(call: StorageCall, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return runAs(call, call.runtime.serviceUser, fn);
}

export type BucketRow = {
  readonly id: string;
  readonly public: boolean | null;
  readonly file_size_limit: string | number | null;
  readonly allowed_mime_types: string[] | null;
};

/** Looks a bucket up as the service identity; undefined when it does not exist. */
export async function findBucketAsService(call: StorageCall, bucketId: string): Promise<BucketRow | undefined> {
  const { rows } = await runAsService(call, (client) =>
    client.query<BucketRow>(
      'select id, public, file_size_limit, allowed_mime_types from storage.buckets where id = $1 limit 1',
      [bucketId],
    ),
  );
  return rows[0];
}

export async function requireBucketAsService(call: StorageCall, bucketId: string): Promise<BucketRow> {
  const bucket = await findBucketAsService(call, bucketId);
  if (!bucket) throw ERRORS.noSuchBucket();
  return bucket;
}

export function replyJson(call: StorageCall, body: unknown, status = 200): void {
  sendJson(call.res, status, body);
}
