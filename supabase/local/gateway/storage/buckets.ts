/**
 * /bucket routes (storage-js StorageBucketApi), following storage-api's bucket handlers and
 * Storage class (src/http/routes/bucket/*, src/storage/storage.ts). Reads and writes run as the
 * caller, so RLS on storage.buckets decides who may create, see, change or delete buckets —
 * service_role bypasses it; emptying a bucket is reserved to service_role.
 */
import type { StorageUser } from './auth.ts';
import {
  expectObject,
  readBoolean,
  readEnum,
  readFileSizeLimit,
  readInteger,
  readRouteBody,
  readString,
  readStringArray,
  type Fields,
} from './body.ts';
import { applyScope, buildInsert, buildSet } from './db.ts';
import { ERRORS, StorageError } from './errors.ts';
import {
  MAX_SQL_COUNT,
  assertValidBucketName,
  assertValidMimeTypeList,
  isUuid,
  parseFileSizeToBytes,
} from './limits.ts';
import { replyJson, runAs, serviceScope, type StorageCall } from './runtime.ts';
import { serializeBucketRow } from './serialize.ts';

type BucketRecord = Record<string, unknown> & { file_size_limit?: unknown };

/** int8 arrives as text from node-pg; storage-api registers a parser that makes it a number. */
function normalizeBucket(row: BucketRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  if (typeof row.file_size_limit === 'string') out['file_size_limit'] = Number(row.file_size_limit);
  return serializeBucketRow(out);
}

function parseSizeLimit(call: StorageCall, value: number | string): number {
  const bytes = typeof value === 'string' ? parseFileSizeToBytes(value) : value;
  if (bytes > call.runtime.ctx.config.storageFileSizeLimit) throw ERRORS.entityTooLarge();
  return bytes;
}

function readMimeTypes(fields: Fields): string[] | null | undefined {
  const value = readStringArray(fields, 'allowed_mime_types', { isNullable: true });
  if (!value) return value;
  const mimeTypes = value.filter((mime) => mime);
  assertValidMimeTypeList(mimeTypes);
  return mimeTypes;
}

/** POST /bucket {id, name, public, file_size_limit, allowed_mime_types} → {name}. */
export async function handleCreateBucket(call: StorageCall, user: StorageUser): Promise<void> {
  const body = expectObject(await readRouteBody(call.req));
  const name = readString(body, 'name', true);
  const id = readString(body, 'id');
  const isPublic = readBoolean(body, 'public') ?? false;
  const type = readEnum(body, 'type', ['STANDARD', 'ANALYTICS'] as const);
  const fileSizeLimit = readFileSizeLimit(body);
  const allowedMimeTypes = readMimeTypes(body);
  if (name.trim().length !== name.length) throw ERRORS.invalidBucketName();
  assertValidBucketName(name);
  if (type === 'ANALYTICS') {
    throw new StorageError({
      code: 'FeatureNotEnabled',
      status: 409,
      message: 'The feature Iceberg buckets are not enabled for this tenant is not enabled for this resource',
    });
  }
  const row = {
    id: id || name,
    name,
    owner: user.sub !== undefined && isUuid(user.sub) ? user.sub : undefined,
    owner_id: user.sub,
    public: isPublic,
    allowed_mime_types: allowedMimeTypes,
    file_size_limit:
      fileSizeLimit === null ? null : fileSizeLimit === undefined ? undefined : parseSizeLimit(call, fileSizeLimit),
    type: 'STANDARD',
  };
  const insert = buildInsert(row);
  try {
    await runAs(call, user, (client) =>
      client.query(`insert into storage.buckets (${insert.columns}) values (${insert.placeholders})`, insert.values),
    );
  } catch (error) {
    if (error instanceof StorageError && error.code === 'ResourceAlreadyExists') throw ERRORS.bucketAlreadyExists();
    throw error;
  }
  replyJson(call, { name });
}

/** GET /bucket/<id>: the bucket if the caller's SELECT policies show it, else Bucket not found. */
export async function handleGetBucket(call: StorageCall, user: StorageUser, bucketId: string): Promise<void> {
  const { rows } = await runAs(call, user, (client) =>
    client.query<BucketRecord>(
      `select id, name, owner, public, created_at, updated_at, file_size_limit, allowed_mime_types
         from storage.buckets where id = $1 limit 1`,
      [bucketId],
    ),
  );
  const row = rows[0];
  if (!row) throw ERRORS.noSuchBucket();
  replyJson(call, normalizeBucket(row));
}

const BUCKET_SORT_COLUMNS = ['id', 'name', 'created_at', 'updated_at'] as const;

/** GET /bucket[?limit&offset&sortColumn&sortOrder&search]: the buckets the caller can see. */
export async function handleListBuckets(call: StorageCall, user: StorageUser): Promise<void> {
  const query = expectObject(Object.fromEntries(call.url.searchParams), 'querystring');
  const limit = readInteger(query, 'limit', { minimum: 1 });
  const offset = readInteger(query, 'offset', { minimum: 0 });
  const sortColumn = readEnum(query, 'sortColumn', BUCKET_SORT_COLUMNS);
  const sortOrder = readEnum(query, 'sortOrder', ['asc', 'desc'] as const);
  const search = readString(query, 'search');
  const values: unknown[] = [];
  let where = '';
  if (search !== undefined && search.length > 0) {
    values.push(`%${search.replace(/\\/g, '\\\\').replace(/([%_])/g, '\\$1')}%`);
    where = `where name ilike $${values.length}`;
  }
  const orderBy = sortColumn ? `order by "${sortColumn}" ${sortOrder === 'desc' ? 'desc' : 'asc'}` : '';
  let pagination = '';
  if (limit !== undefined) {
    values.push(Math.min(limit, MAX_SQL_COUNT));
    pagination += ` limit $${values.length}`;
  }
  if (offset !== undefined) {
    values.push(Math.min(offset, MAX_SQL_COUNT));
    pagination += ` offset $${values.length}`;
  }
  const { rows } = await runAs(call, user, (client) =>
    client.query<BucketRecord>(
      `select id, name, public, owner, created_at, updated_at, file_size_limit, allowed_mime_types, type
         from storage.buckets ${where} ${orderBy} ${pagination}`,
      values,
    ),
  );
  replyJson(call, rows.map(normalizeBucket));
}

/** PUT /bucket/<id> {public?, file_size_limit?, allowed_mime_types?} → {message}. */
export async function handleUpdateBucket(call: StorageCall, user: StorageUser, bucketId: string): Promise<void> {
  const body = expectObject(await readRouteBody(call.req));
  if (!['public', 'file_size_limit', 'allowed_mime_types'].some((name) => body.value[name] !== undefined)) {
    throw ERRORS.validation(
      "body must have required property 'public', body must have required property 'file_size_limit', body must have required property 'allowed_mime_types', body must match a schema in anyOf",
    );
  }
  const isPublic = readBoolean(body, 'public');
  const fileSizeLimit = readFileSizeLimit(body);
  const allowedMimeTypes = readMimeTypes(body);
  assertValidBucketName(bucketId);
  const set = buildSet({
    public: isPublic,
    file_size_limit:
      fileSizeLimit === null ? null : fileSizeLimit === undefined ? undefined : parseSizeLimit(call, fileSizeLimit),
    allowed_mime_types: allowedMimeTypes,
  });
  const { rowCount } = await runAs(call, user, (client) =>
    client.query(`update storage.buckets set ${set.clause} where id = $${set.values.length + 1}`, [
      ...set.values,
      bucketId,
    ]),
  );
  if (!rowCount) throw ERRORS.noSuchBucket();
  replyJson(call, { message: 'Successfully updated' });
}

/** DELETE /bucket/<id>: only empty buckets; the DELETE runs as the caller. */
export async function handleDeleteBucket(call: StorageCall, user: StorageUser, bucketId: string): Promise<void> {
  await readRouteBody(call.req, { allowEmptyJson: true });
  await runAs(call, user, async (client) => {
    await applyScope(client, serviceScope(call));
    const { rows } = await client.query('select id from storage.buckets where id = $1 limit 1 for update', [bucketId]);
    if (rows.length === 0) throw ERRORS.noSuchBucket();
    const { rows: objects } = await client.query('select 1 from storage.objects where bucket_id = $1 limit 1', [
      bucketId,
    ]);
    if (objects.length > 0) throw ERRORS.bucketNotEmpty();
    await applyScope(client, { user, facts: call.facts, operation: call.operation });
    const { rowCount } = await client.query('delete from storage.buckets where id = $1', [bucketId]);
    if (!rowCount) throw ERRORS.noSuchBucket();
  });
  replyJson(call, { message: 'Successfully deleted' });
}

/** POST /bucket/<id>/empty (service_role only): removes every object and its file. */
export async function handleEmptyBucket(call: StorageCall, user: StorageUser, bucketId: string): Promise<void> {
  if (user.role !== 'service_role') throw ERRORS.invalidRole();
  await readRouteBody(call.req, { allowEmptyJson: true });
  const versions = await runAs(call, user, async (client) => {
    const { rows } = await client.query('select id from storage.buckets where id = $1 limit 1', [bucketId]);
    if (rows.length === 0) throw ERRORS.noSuchBucket();
    const { rows: deleted } = await client.query<{ version: unknown }>(
      'delete from storage.objects where bucket_id = $1 returning version',
      [bucketId],
    );
    return deleted.map((row) => row.version);
  });
  await call.runtime.store.remove(versions);
  replyJson(call, { message: 'Empty bucket has been queued. Completion may take up to an hour.' });
}
