/**
 * /object routes: upload, update, download (authenticated, public, signed), info/head, sign,
 * list, remove, move, copy and signed uploads, following storage-api's route handlers and
 * ObjectStorage/Uploader (src/http/routes/object/*, src/storage/{object,uploader}.ts).
 *
 * Upload protocol, as upstream: (1) the bucket is read as the service identity (NoSuchBucket,
 * limits); (2) a permission probe writes the row as the caller inside a transaction that is rolled
 * back — RLS INSERT (or INSERT…ON CONFLICT UPDATE for upserts) and uniqueness are decided here,
 * before any byte is stored; (3) the bytes stream to a new version file; (4) the row is upserted as
 * the service identity and committed. A failure after (3) removes the new file; the previous
 * version's file is removed once the new row is committed.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type pg from 'pg';
import { header } from '../http.ts';
import {
  SIGNED_UPLOAD_URL_EXPIRY_SECONDS,
  SIGNED_URL_SCOPE_DOWNLOAD,
  SIGNED_URL_SCOPE_UPLOAD,
  signUrlToken,
  verifyUrlToken,
  type StorageUser,
} from './auth.ts';
import {
  expectObject,
  readBoolean,
  readEnum,
  readInteger,
  readObject,
  readRouteBody,
  readString,
  readStringArray,
} from './body.ts';
import { applyScope, buildExcludedSet, buildInsert, buildSet } from './db.ts';
import type { StoredVersion } from './disk.ts';
import { ERRORS, StorageError } from './errors.ts';
import {
  MAX_OBJECTS_PER_DELETE_BATCH,
  MAX_OBJECTS_PER_REQUEST,
  MAX_SQL_COUNT,
  assertValidBucketName,
  assertValidCacheControl,
  assertValidContentType,
  assertValidKey,
  isEmptyFolderPlaceholder,
  isValidHeaderValue,
  isUuid,
  parseRangeHeader,
} from './limits.ts';
import {
  findBucketAsService,
  replyJson,
  requireBucketAsService,
  runAs,
  runAsService,
  scopeFor,
  serviceScope,
  type StorageCall,
} from './runtime.ts';
import { serializeObjectRow } from './serialize.ts';
import { parseUserMetadataHeader, readUploadRequest } from './upload.ts';

type ObjectRow = Record<string, unknown> & {
  id: string;
  name: string;
  bucket_id: string;
  version: string | null;
  metadata: Record<string, unknown> | null;
  user_metadata: unknown;
  created_at: Date | null;
  updated_at: Date | null;
};

/** Largest `expiresIn` jose can turn into an `exp` (assertValidNumericJWTExpiration). */
function assertValidExpiresIn(expiresIn: number): void {
  const max = Math.floor(Number.MAX_SAFE_INTEGER / 1000) - Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(expiresIn) || expiresIn < 1 || expiresIn > max) throw ERRORS.invalidParameter('expiresIn');
}

function ownerColumns(owner: string | undefined): { owner: string | undefined; owner_id: string | undefined } {
  return { owner: owner !== undefined && isUuid(owner) ? owner : undefined, owner_id: owner };
}

function json(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

async function findObject(
  client: pg.PoolClient,
  bucketId: string,
  key: string,
  options: { forUpdate?: boolean } = {},
): Promise<ObjectRow | undefined> {
  const { rows } = await client.query<ObjectRow>(
    `select * from storage.objects where name = $1 and bucket_id = $2 limit 1${options.forUpdate ? ' for update' : ''}`,
    [key, bucketId],
  );
  return rows[0];
}

async function requireObject(call: StorageCall, user: StorageUser, bucketId: string, key: string): Promise<ObjectRow> {
  assertValidKey(key);
  const row = await runAs(call, user, (client) => findObject(client, bucketId, key));
  if (!row) throw ERRORS.noSuchKey();
  return row;
}

/** Serialises writers of one key within a transaction (waitObjectLock). */
async function lockObject(client: pg.PoolClient, bucketId: string, key: string): Promise<void> {
  await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`${bucketId}/${key}`]);
}

type ProbeRow = {
  bucketId: string;
  key: string;
  owner: string | undefined;
  metadata: Record<string, unknown> | undefined;
  userMetadata: unknown;
};

/** Uploader#canUpload: the caller's row write, rolled back — RLS and uniqueness decide. */
async function probeUpload(call: StorageCall, user: StorageUser, probe: ProbeRow, isUpsert: boolean): Promise<void> {
  const row = {
    name: probe.key,
    ...ownerColumns(probe.owner),
    bucket_id: probe.bucketId,
    metadata: json(probe.metadata),
    version: '1',
    user_metadata: json(probe.userMetadata),
  };
  const insert = buildInsert(row);
  const update = buildExcludedSet({
    metadata: row.metadata,
    user_metadata: row.user_metadata,
    version: row.version,
    owner: row.owner,
    owner_id: row.owner_id,
  });
  try {
    await runAs(
      call,
      user,
      (client) =>
        client.query(
          `insert into storage.objects (${insert.columns}) values (${insert.placeholders})` +
            (isUpsert ? ` on conflict (name, bucket_id) do update set ${update}` : ''),
          insert.values,
        ),
      { isProbe: true },
    );
  } catch (error) {
    // storage-api's createObject (src/storage/database/pg.ts) answers a plain insert's unique
    // violation with ERRORS.KeyAlreadyExists, not fromDBError's ResourceAlreadyExists that
    // supabase-subset.md §5.4 lists: both are statusCode "409" / "Duplicate" / "The resource already
    // exists", storage-js only reads statusCode and message, and we follow the server's code.
    if (!isUpsert && error instanceof StorageError && error.code === 'ResourceAlreadyExists') {
      throw ERRORS.keyAlreadyExists();
    }
    throw error;
  }
}

function buildObjectMetadata(stored: StoredVersion, mimeType: string, cacheControl: string): Record<string, unknown> {
  return {
    eTag: stored.eTag,
    size: stored.size,
    mimetype: mimeType,
    cacheControl,
    lastModified: stored.lastModified.toISOString(),
    contentLength: stored.size,
    httpStatusCode: 200,
  };
}

/** Uploader#completeUpload: the row, upserted as the service identity once the bytes are on disk. */
async function completeUpload(
  call: StorageCall,
  target: { bucketId: string; key: string; owner: string | undefined },
  stored: StoredVersion,
  metadata: Record<string, unknown>,
  userMetadata: unknown,
): Promise<ObjectRow> {
  const { store } = call.runtime;
  let previousVersion: unknown;
  let row: ObjectRow;
  try {
    row = await runAsService(call, async (client) => {
      await lockObject(client, target.bucketId, target.key);
      previousVersion = (await findObject(client, target.bucketId, target.key, { forUpdate: true }))?.version;
      const owner = ownerColumns(target.owner);
      const values = {
        bucket_id: target.bucketId,
        name: target.key,
        ...owner,
        metadata: JSON.stringify(metadata),
        user_metadata: JSON.stringify(userMetadata ?? {}),
        version: stored.version,
      };
      const insert = buildInsert(values);
      const update = buildExcludedSet({
        metadata: values.metadata,
        user_metadata: values.user_metadata,
        version: values.version,
        ...owner,
      });
      const { rows } = await client.query<ObjectRow>(
        `insert into storage.objects (${insert.columns}) values (${insert.placeholders})
         on conflict (name, bucket_id) do update set ${update} returning *`,
        insert.values,
      );
      return rows[0] as ObjectRow;
    });
  } catch (error) {
    await store.remove([stored.version]);
    throw error;
  }
  if (previousVersion !== undefined && previousVersion !== stored.version) await store.remove([previousVersion]);
  return row;
}

type UploadTarget = {
  bucketId: string;
  key: string;
  owner: string | undefined;
  isUpsert: boolean;
  /** Who the permission probe runs as (the caller; the service identity for signed uploads). */
  prober: StorageUser;
};

/** ObjectStorage#uploadFromRequest for POST/PUT /object/<b>/<key> and signed uploads. */
async function uploadFromRequest(call: StorageCall, target: UploadTarget): Promise<ObjectRow> {
  assertValidBucketName(target.bucketId);
  const bucket = await requireBucketAsService(call, target.bucketId);
  assertValidKey(target.key);
  const isPlaceholder = isEmptyFolderPlaceholder(target.key);
  const globalLimit = call.runtime.ctx.config.storageFileSizeLimit;
  const bucketLimit = bucket.file_size_limit === null ? undefined : Number(bucket.file_size_limit);
  const maxFileSize = isPlaceholder
    ? 0
    : bucketLimit !== undefined && Number.isFinite(bucketLimit)
      ? Math.min(bucketLimit, globalLimit)
      : globalLimit;
  const allowedMimeTypes = bucket.allowed_mime_types ?? [];
  const source = await readUploadRequest(call.req, {
    maxFileSize,
    allowedMimeTypes,
    shouldCheckMimeType: allowedMimeTypes.length > 0 && !isPlaceholder,
  });
  await probeUpload(
    call,
    target.prober,
    {
      bucketId: target.bucketId,
      key: target.key,
      owner: target.owner,
      metadata: { mimetype: source.mimeType, contentLength: source.declaredLength },
      userMetadata: source.userMetadata,
    },
    target.isUpsert,
  );
  let stored: StoredVersion;
  try {
    stored = await call.runtime.store.write(source.body, maxFileSize);
  } catch (error) {
    if (error instanceof StorageError) throw error;
    // The client went away or the disk failed mid-stream; nothing was stored.
    throw ERRORS.noContentProvided(error instanceof Error ? error.message : undefined);
  }
  const userMetadata =
    source.userMetadata !== null && typeof source.userMetadata === 'object' ? { ...source.userMetadata } : {};
  return completeUpload(
    call,
    target,
    stored,
    buildObjectMetadata(stored, source.mimeType, source.cacheControl),
    userMetadata,
  );
}

/** POST (create, `x-upsert`) and PUT (update = upsert) /object/<bucket>/<key>. */
export async function handleUpload(
  call: StorageCall,
  user: StorageUser,
  bucketId: string,
  key: string,
  isUpdate: boolean,
): Promise<void> {
  const row = await uploadFromRequest(call, {
    bucketId,
    key,
    owner: user.sub,
    isUpsert: isUpdate || header(call.req, 'x-upsert') === 'true',
    prober: user,
  });
  replyJson(call, { Id: row.id, Key: `${bucketId}/${key}` });
}

type RenderOptions = {
  download?: string | null;
  /** Signed URLs answer with Expires instead of Cache-Control. */
  expires?: string;
};

function readRequestedDownload(url: URL): string | null {
  return url.searchParams.get('download');
}

function buildContentDisposition(download: string): string {
  if (download === '') return 'attachment;';
  const encoded = encodeURIComponent(download);
  return `attachment; filename=${encoded}; filename*=UTF-8''${encoded}`;
}

/**
 * Sent with every object read. Hosted Supabase serves user content from its own origin; locally the
 * bytes share the gateway's origin with the API and the dev mailbox (every user's magic links), so
 * an uploaded SVG/XHTML must not run script there: the sandbox gives the document an opaque origin
 * and no scripts, nosniff stops browsers from guessing an executable type. Content-Type itself stays
 * the stored one, which storage-js hands to the caller.
 */
const USER_CONTENT_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
};

function readMetadata(row: ObjectRow): Record<string, unknown> {
  return row.metadata !== null && typeof row.metadata === 'object' ? row.metadata : {};
}

/**
 * A stored metadata string that will become a response header, or undefined when it is absent or
 * could not be written (rows from before upload validation, or edited in SQL): a bad value must
 * never turn every download of the object into a 500.
 */
function readHeaderMetadata(metadata: Record<string, unknown>, name: string): string | undefined {
  const value = metadata[name];
  return typeof value === 'string' && isValidHeaderValue(value) ? value : undefined;
}

function readContentType(metadata: Record<string, unknown>): string {
  const value = readHeaderMetadata(metadata, 'mimetype') || 'application/octet-stream';
  // Never let a stored object render as HTML on the API origin (renderer.ts normalizeContentType).
  return value.includes('text/html') ? 'text/plain' : value;
}

/** The asset renderer: streams a version's bytes with storage-api's headers (range, 304, download). */
async function renderAsset(call: StorageCall, row: ObjectRow, options: RenderOptions): Promise<void> {
  const filePath = call.runtime.store.locate(row.version);
  if (!filePath) throw ERRORS.missingAsset();
  let handle: FileHandle;
  try {
    handle = await open(filePath, 'r');
  } catch {
    throw ERRORS.missingAsset();
  }
  try {
    const stat = await handle.stat();
    const metadata = readMetadata(row);
    const eTag = readHeaderMetadata(metadata, 'eTag');
    const lastModified = stat.mtime;
    const ifNoneMatch = header(call.req, 'if-none-match');
    const ifModifiedSince = header(call.req, 'if-modified-since');
    const isNotModified =
      (ifNoneMatch !== undefined && ifNoneMatch === eTag) ||
      (ifModifiedSince !== undefined &&
        !Number.isNaN(Date.parse(ifModifiedSince)) &&
        lastModified.getTime() <= Date.parse(ifModifiedSince));
    if (isNotModified) {
      await handle.close();
      call.res.writeHead(304, USER_CONTENT_HEADERS);
      call.res.end();
      return;
    }
    const rangeHeader = header(call.req, 'range');
    const range = rangeHeader !== undefined ? parseRangeHeader(rangeHeader, stat.size) : undefined;
    const headers: Record<string, string> = {
      ...USER_CONTENT_HEADERS,
      'Accept-Ranges': 'bytes',
      'Content-Type': readContentType(metadata),
      'X-Robots-Tag': 'none',
      'Last-Modified': lastModified.toUTCString(),
      'Content-Length': String(range ? range.size : stat.size),
    };
    if (eTag) headers['ETag'] = eTag;
    if (options.expires) {
      headers['Expires'] = options.expires;
    } else {
      const cacheControl = [readHeaderMetadata(metadata, 'cacheControl') ?? 'no-cache'];
      if (ifNoneMatch !== undefined && ifNoneMatch !== eTag) cacheControl.push('stale-while-revalidate=30');
      headers['Cache-Control'] = cacheControl.filter((v) => v.length > 0).join(', ');
    }
    if (range) headers['Content-Range'] = `bytes ${range.from}-${range.to}/${stat.size}`;
    if (options.download !== undefined && options.download !== null) {
      headers['Content-Disposition'] = buildContentDisposition(options.download);
    }
    call.res.writeHead(range ? 206 : 200, headers);
    if (call.req.method === 'HEAD' || stat.size === 0 || range?.size === 0) {
      await handle.close();
      call.res.end();
      return;
    }
    const stream = handle.createReadStream(range ? { start: range.from, end: range.to } : {});
    await new Promise<void>((resolve) => {
      stream.on('error', () => {
        call.res.destroy();
        resolve();
      });
      call.res.on('close', () => {
        stream.destroy();
        resolve();
      });
      stream.on('end', resolve);
      stream.pipe(call.res);
    });
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/** HEAD routes: the head renderer answers from the row's metadata, without the bytes. */
function renderHead(call: StorageCall, row: ObjectRow): void {
  const metadata = readMetadata(row);
  const headers: Record<string, string> = {
    ...USER_CONTENT_HEADERS,
    'Accept-Ranges': 'bytes',
    'Content-Type': readContentType(metadata),
    'X-Robots-Tag': 'none',
  };
  const eTag = readHeaderMetadata(metadata, 'eTag');
  if (eTag) headers['ETag'] = eTag;
  const lastModified = new Date(String(metadata['lastModified'] ?? ''));
  if (!Number.isNaN(lastModified.getTime())) headers['Last-Modified'] = lastModified.toUTCString();
  const contentLength = metadata['contentLength'];
  if (typeof contentLength === 'number' && Number.isSafeInteger(contentLength) && contentLength >= 0) {
    headers['Content-Length'] = String(contentLength);
  }
  const cacheControl = [readHeaderMetadata(metadata, 'cacheControl') ?? ''];
  const ifNoneMatch = header(call.req, 'if-none-match');
  if (ifNoneMatch !== undefined && ifNoneMatch !== metadata['eTag']) cacheControl.push('must-revalidate');
  const cacheValue = cacheControl.filter((v) => v.length > 0).join(', ');
  if (cacheValue) headers['Cache-Control'] = cacheValue;
  const status = typeof metadata['httpStatusCode'] === 'number' ? metadata['httpStatusCode'] : 200;
  call.res.writeHead(status >= 200 && status < 600 ? status : 200, headers);
  call.res.end();
}

/** GET /object/info/…: the info renderer's JSON description. */
function renderInfo(call: StorageCall, row: ObjectRow): void {
  const metadata = readMetadata(row);
  const headers: Record<string, string> = { ...USER_CONTENT_HEADERS };
  const eTag = readHeaderMetadata(metadata, 'eTag');
  if (eTag) headers['ETag'] = eTag;
  const lastModified = new Date(String(metadata['lastModified'] ?? ''));
  if (!Number.isNaN(lastModified.getTime())) headers['Last-Modified'] = lastModified.toUTCString();
  const cacheControl = readHeaderMetadata(metadata, 'cacheControl');
  if (cacheControl) headers['Cache-Control'] = cacheControl;
  const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);
  const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const body = {
    id: row.id,
    name: row.name,
    version: row.version,
    bucket_id: row.bucket_id,
    size: numberOrNull(metadata['size']),
    content_type: stringOrNull(metadata['mimetype']),
    cache_control: stringOrNull(metadata['cacheControl']),
    etag: stringOrNull(metadata['eTag']),
    metadata: row.user_metadata ?? null,
    last_modified: row.updated_at,
    created_at: row.created_at,
  };
  const status = typeof metadata['httpStatusCode'] === 'number' ? metadata['httpStatusCode'] : 200;
  const text = JSON.stringify(body);
  call.res.writeHead(status >= 200 && status < 600 ? status : 200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  call.res.end(text);
}

export type ReadMode = 'asset' | 'head' | 'info';

function render(call: StorageCall, row: ObjectRow, mode: ReadMode, options: RenderOptions = {}): Promise<void> {
  if (mode === 'head') {
    renderHead(call, row);
    return Promise.resolve();
  }
  if (mode === 'info') {
    renderInfo(call, row);
    return Promise.resolve();
  }
  return renderAsset(call, row, options);
}

/**
 * GET/HEAD /object/<b>/<key>, /object/authenticated/<b>/<key>, /object/info/[authenticated/]<b>/<key>:
 * public buckets are served to anyone; private ones only to an authenticated caller whose SELECT
 * policies let the row through (otherwise Object not found — existence does not leak).
 */
export async function handleAuthenticatedRead(
  call: StorageCall,
  user: StorageUser,
  bucketId: string,
  key: string,
  mode: ReadMode,
): Promise<void> {
  const bucket = await findBucketAsService(call, bucketId);
  if (!user.isAuthenticated && !bucket?.public) throw ERRORS.noSuchBucket();
  if (!bucket) throw ERRORS.noSuchBucket();
  assertValidBucketName(bucketId);
  const row = await requireObject(call, bucket.public ? call.runtime.serviceUser : user, bucketId, key);
  await render(call, row, mode, { download: readRequestedDownload(call.url) });
}

/** GET/HEAD /object/public/<b>/<key>, GET /object/info/public/<b>/<key>: public buckets only, no RLS. */
export async function handlePublicRead(
  call: StorageCall,
  bucketId: string,
  key: string,
  mode: ReadMode,
): Promise<void> {
  const bucket = await findBucketAsService(call, bucketId);
  if (!bucket?.public) throw ERRORS.noSuchBucket();
  assertValidBucketName(bucketId);
  const row = await requireObject(call, call.runtime.serviceUser, bucketId, key);
  await render(call, row, mode, { download: readRequestedDownload(call.url) });
}

/** GET /object/sign/<b>/<key>?token=…: the token is the only credential; the row is read without RLS. */
export async function handleSignedRead(call: StorageCall, bucketId: string, key: string): Promise<void> {
  const token = call.url.searchParams.get('token');
  if (token === null) throw ERRORS.validation("querystring must have required property 'token'");
  assertValidBucketName(bucketId);
  const payload = await verifyUrlToken(token, call.runtime.key, `${bucketId}/${key}`, SIGNED_URL_SCOPE_DOWNLOAD);
  const [tokenBucket = '', ...parts] = String(payload.url).split('/');
  const row = await requireObject(call, call.runtime.serviceUser, tokenBucket, parts.join('/'));
  const expires = typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toUTCString() : undefined;
  await render(call, row, 'asset', {
    download: readRequestedDownload(call.url),
    ...(expires ? { expires } : {}),
  });
}

/** POST /object/sign/<b>/<key> {expiresIn}: signs a download URL for an object the caller can read. */
export async function handleSign(call: StorageCall, user: StorageUser, bucketId: string, key: string): Promise<void> {
  const body = expectObject(await readRouteBody(call.req));
  const expiresIn = readInteger(body, 'expiresIn', { isRequired: true, minimum: 1 }) as number;
  assertValidExpiresIn(expiresIn);
  assertValidBucketName(bucketId);
  await requireObject(call, user, bucketId, key);
  // Upstream signs the raw request path with decodeURI, which keeps %2F/%3F/%23 encoded.
  const rawPath = call.subpath.split('/').slice(3).join('/');
  let urlToSign: string;
  try {
    urlToSign = decodeURI(rawPath);
  } catch {
    throw ERRORS.badUrl(call.subpath);
  }
  const token = await signUrlToken({ url: urlToSign, scope: SIGNED_URL_SCOPE_DOWNLOAD }, call.runtime.key, expiresIn);
  replyJson(call, { signedURL: `/object/sign/${urlToSign}?token=${token}` });
}

/** POST /object/sign/<b> {expiresIn, paths}: one entry per path, null URL for unreadable objects. */
export async function handleSignMany(call: StorageCall, user: StorageUser, bucketId: string): Promise<void> {
  const body = expectObject(await readRouteBody(call.req));
  const expiresIn = readInteger(body, 'expiresIn', { isRequired: true, minimum: 1 }) as number;
  const paths = readStringArray(body, 'paths', {
    isRequired: true,
    minItems: 1,
    maxItems: MAX_OBJECTS_PER_REQUEST,
  }) as string[];
  assertValidExpiresIn(expiresIn);
  assertValidBucketName(bucketId);
  const { rows } = await runAs(call, user, (client) =>
    client.query<{ name: string }>('select name from storage.objects where bucket_id = $1 and name = any($2::text[])', [
      bucketId,
      paths,
    ]),
  );
  const readable = new Set(rows.map((row) => row.name));
  const results = await Promise.all(
    paths.map(async (path) => {
      if (!readable.has(path)) {
        return { error: 'Either the object does not exist or you do not have access to it', path, signedURL: null };
      }
      const url = `${bucketId}/${path}`;
      const token = await signUrlToken({ url, scope: SIGNED_URL_SCOPE_DOWNLOAD }, call.runtime.key, expiresIn);
      return { error: null, path, signedURL: `/object/sign/${url}?token=${token}` };
    }),
  );
  replyJson(call, results);
}

/** DELETE /object/<b> {prefixes}: deletes what the caller's DELETE policies allow, silently skips the rest. */
export async function handleRemoveMany(call: StorageCall, user: StorageUser, bucketId: string): Promise<void> {
  const body = expectObject(await readRouteBody(call.req));
  const prefixes = readStringArray(body, 'prefixes', { isRequired: true, minItems: 1 }) as string[];
  assertValidBucketName(bucketId);
  const deleted: ObjectRow[] = [];
  for (let i = 0; i < prefixes.length; i += MAX_OBJECTS_PER_DELETE_BATCH) {
    const batch = prefixes.slice(i, i + MAX_OBJECTS_PER_DELETE_BATCH);
    const { rows } = await runAs(call, user, (client) =>
      client.query<ObjectRow>(
        'delete from storage.objects where bucket_id = $1 and name = any($2::text[]) returning *',
        [bucketId, batch],
      ),
    );
    deleted.push(...rows);
    await call.runtime.store.remove(rows.map((row) => row.version));
  }
  replyJson(call, deleted.map(serializeObjectRow));
}

/** DELETE /object/<b>/<key>: NoSuchKey if absent, AccessDenied if the caller's policies refuse. */
export async function handleRemoveOne(
  call: StorageCall,
  user: StorageUser,
  bucketId: string,
  key: string,
): Promise<void> {
  assertValidBucketName(bucketId);
  const row = await runAs(call, user, async (client) => {
    // The row is located and locked as the service identity, then deleted as the caller.
    await applyScope(client, serviceScope(call));
    const existing = await findObject(client, bucketId, key, { forUpdate: true });
    if (!existing) throw ERRORS.noSuchKey();
    await applyScope(client, scopeFor(call, user));
    const { rows } = await client.query<ObjectRow>(
      'delete from storage.objects where name = $1 and bucket_id = $2 returning *',
      [key, bucketId],
    );
    if (rows.length === 0) throw ERRORS.accessDenied('Access denied');
    return existing;
  });
  await call.runtime.store.remove([row.version]);
  replyJson(call, { message: 'Successfully deleted' });
}

const LIST_SORT_COLUMNS = ['name', 'updated_at', 'created_at', 'last_accessed_at'] as const;

function escapeLike(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/([%_])/g, '\\$1');
}

/**
 * POST /object/list/<b> (storage-js list()): the folders and files directly under `prefix`, as the
 * caller sees them (RLS), with storage.search's semantics — case-insensitive prefix, `search`
 * narrowing the names, folders as rows with null id, names relative to the prefix.
 */
export async function handleList(call: StorageCall, user: StorageUser, bucketId: string): Promise<void> {
  const body = expectObject(await readRouteBody(call.req));
  let prefix = readString(body, 'prefix', true);
  const limit = readInteger(body, 'limit', { minimum: 1 }) ?? 100;
  const offset = readInteger(body, 'offset', { minimum: 0 }) ?? 0;
  const sortBy = readObject(body, 'sortBy');
  const search = readString(body, 'search') ?? '';
  let column: (typeof LIST_SORT_COLUMNS)[number] = 'name';
  let order: 'asc' | 'desc' = 'asc';
  if (sortBy) {
    const requested = readEnum(sortBy, 'column', LIST_SORT_COLUMNS);
    if (requested === undefined) throw ERRORS.validation(`${sortBy.where} must have required property 'column'`);
    column = requested;
    order = readEnum(sortBy, 'order', ['asc', 'desc'] as const) ?? 'asc';
  }
  assertValidBucketName(bucketId);
  if (prefix.length > 0 && !prefix.endsWith('/')) prefix = `${prefix}/`;
  const fullPrefix = prefix + search;
  const cappedLimit = Math.min(limit, 1500);
  const cappedOffset = Math.min(offset, MAX_SQL_COUNT);
  const direction = order === 'desc' ? 'desc' : 'asc';
  // $1 bucket, $2 prefix+search (matched), $3 length(prefix) (names are relative to it).
  const matched = `
    with m as (
      select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata,
             strpos(substr(o.name, length($2) + 1), '/') as slash
        from storage.objects o
       where o.bucket_id = $1 and ${
         column === 'name' ? 'lower(left(o.name, length($2))) = lower($2)' : "o.name ilike $6 escape '\\'"
       }
    ),
    folders as (
      select distinct on (lower(left(name, length($2) + slash)))
             substr(rtrim(left(name, length($2) + slash), '/'), $3 + 1) as name,
             lower(left(name, length($2) + slash)) as sort_key
        from m where slash > 0
       order by lower(left(name, length($2) + slash)), lower(name) collate "C", name collate "C"
    )`;
  const sql =
    column === 'name'
      ? `${matched}
    select name, id, updated_at, created_at, last_accessed_at, metadata from (
      select name, null::uuid as id, null::timestamptz as updated_at, null::timestamptz as created_at,
             null::timestamptz as last_accessed_at, null::jsonb as metadata, sort_key from folders
      union all
      select substr(name, $3 + 1), id, updated_at, created_at, last_accessed_at, metadata, lower(name)
        from m where slash = 0
    ) entries
    order by sort_key collate "C" ${direction}, name collate "C" ${direction}
    limit $4 offset $5`
      : `${matched}
    select name, id, updated_at, created_at, last_accessed_at, metadata from (
      (select name, null::uuid as id, null::timestamptz as updated_at, null::timestamptz as created_at,
              null::timestamptz as last_accessed_at, null::jsonb as metadata
         from folders order by name collate "C" ${direction})
      union all
      (select substr(name, $3 + 1), id, updated_at, created_at, last_accessed_at, metadata
         from m where slash = 0 order by "${column}" ${direction}, name collate "C" ${direction})
    ) entries
    limit $4 offset $5`;
  const params: unknown[] = [bucketId, fullPrefix, prefix.length, cappedLimit, cappedOffset];
  if (column !== 'name') params.push(`${escapeLike(fullPrefix)}%`);
  const { rows } = await runAs(call, user, (client) => client.query<Record<string, unknown>>(sql, params));
  replyJson(call, rows.map(serializeObjectRow));
}

type TransferBody = {
  bucketId: string;
  sourceKey: string;
  destinationKey: string;
  destinationBucket: string;
};

function readTransferBody(value: unknown): TransferBody & { fields: ReturnType<typeof expectObject> } {
  const fields = expectObject(value);
  const bucketId = readString(fields, 'bucketId', true);
  const sourceKey = readString(fields, 'sourceKey', true);
  const destinationKey = readString(fields, 'destinationKey', true);
  const destinationBucket = readString(fields, 'destinationBucket') || bucketId;
  return { bucketId, sourceKey, destinationKey, destinationBucket, fields };
}

/** POST /object/move: UPDATE as the caller (probe), then the row moves to a new version file. */
export async function handleMove(call: StorageCall, user: StorageUser): Promise<void> {
  const body = readTransferBody(await readRouteBody(call.req));
  assertValidBucketName(body.bucketId);
  assertValidKey(body.destinationKey);
  const owner = ownerColumns(user.sub);
  const moved = {
    name: body.destinationKey,
    bucket_id: body.destinationBucket,
    version: '1',
    ...owner,
  };
  await runAs(
    call,
    user,
    async (client) => {
      if (!(await findObject(client, body.bucketId, body.sourceKey))) throw ERRORS.noSuchKey();
      const set = buildSet(moved);
      const { rows } = await client.query(
        `update storage.objects set ${set.clause} where bucket_id = $${set.values.length + 1} and name = $${set.values.length + 2} returning id`,
        [...set.values, body.bucketId, body.sourceKey],
      );
      if (rows.length === 0) throw ERRORS.noSuchKey();
    },
    { isProbe: true },
  );
  if (body.bucketId === body.destinationBucket && body.sourceKey === body.destinationKey) {
    replyJson(call, { message: 'Successfully moved' });
    return;
  }
  const source = await requireObject(call, call.runtime.serviceUser, body.bucketId, body.sourceKey);
  const copy = await call.runtime.store.duplicate(source.version);
  if (!copy) throw ERRORS.noSuchKey();
  const previous = readMetadata(source);
  const metadata = buildObjectMetadata(
    copy,
    typeof previous['mimetype'] === 'string' ? previous['mimetype'] : 'application/octet-stream',
    typeof previous['cacheControl'] === 'string' ? previous['cacheControl'] : 'no-cache',
  );
  let oldVersion: unknown;
  try {
    await runAsService(call, async (client) => {
      await lockObject(client, body.destinationBucket, body.destinationKey);
      const current = await findObject(client, body.bucketId, body.sourceKey, { forUpdate: true });
      if (!current) throw ERRORS.noSuchKey();
      oldVersion = current.version;
      const set = buildSet({
        ...moved,
        version: copy.version,
        metadata: JSON.stringify(metadata),
        user_metadata: json(source.user_metadata ?? undefined),
      });
      await client.query(
        `update storage.objects set ${set.clause} where bucket_id = $${set.values.length + 1} and name = $${set.values.length + 2}`,
        [...set.values, body.bucketId, body.sourceKey],
      );
    });
  } catch (error) {
    await call.runtime.store.remove([copy.version]);
    throw error;
  }
  await call.runtime.store.remove([oldVersion]);
  replyJson(call, { message: 'Successfully moved' });
}

/** POST /object/copy: SELECT on the source and INSERT (or upsert with x-upsert) on the destination. */
export async function handleCopy(call: StorageCall, user: StorageUser): Promise<void> {
  const body = readTransferBody(await readRouteBody(call.req));
  const copyMetadata = readBoolean(body.fields, 'copyMetadata') ?? true;
  const requested = readObject(body.fields, 'metadata');
  const requestedCacheControl = requested ? readString(requested, 'cacheControl') : undefined;
  const requestedMimeType = requested ? readString(requested, 'mimetype') : undefined;
  if (requestedCacheControl !== undefined) assertValidCacheControl(requestedCacheControl);
  if (requestedMimeType !== undefined) assertValidContentType(requestedMimeType);
  const isUpsert = header(call.req, 'x-upsert') === 'true';
  assertValidBucketName(body.bucketId);
  assertValidKey(body.destinationKey);
  const source = await requireObject(call, user, body.bucketId, body.sourceKey);
  const destinationMetadata: Record<string, unknown> = { ...readMetadata(source) };
  if (!copyMetadata) {
    if (requestedCacheControl !== undefined) destinationMetadata['cacheControl'] = requestedCacheControl;
    if (requestedMimeType !== undefined) destinationMetadata['mimetype'] = requestedMimeType;
  }
  const headerMetadata = header(call.req, 'x-metadata');
  const userMetadata = copyMetadata
    ? source.user_metadata
    : headerMetadata !== undefined
      ? parseUserMetadataHeader(headerMetadata)
      : undefined;
  await probeUpload(
    call,
    user,
    {
      bucketId: body.destinationBucket,
      key: body.destinationKey,
      owner: user.sub,
      metadata: destinationMetadata,
      userMetadata: userMetadata ?? undefined,
    },
    isUpsert,
  );
  const copy = await call.runtime.store.duplicate(source.version);
  if (!copy) throw ERRORS.noSuchKey();
  const metadata = {
    ...destinationMetadata,
    eTag: copy.eTag,
    lastModified: copy.lastModified.toISOString(),
  };
  const row = await completeUpload(
    call,
    { bucketId: body.destinationBucket, key: body.destinationKey, owner: user.sub },
    copy,
    metadata,
    userMetadata ?? undefined,
  );
  replyJson(call, {
    Id: row.id,
    Key: `${body.destinationBucket}/${body.destinationKey}`,
    ...serializeObjectRow(row),
  });
}

/** POST /object/upload/sign/<b>/<key>: probes INSERT as the caller, then signs an upload token. */
export async function handleSignUpload(
  call: StorageCall,
  user: StorageUser,
  bucketId: string,
  key: string,
): Promise<void> {
  assertValidBucketName(bucketId);
  assertValidKey(key);
  const isUpsert = header(call.req, 'x-upsert') === 'true';
  const metadataHeader = header(call.req, 'x-metadata');
  const contentLength = Number(header(call.req, 'content-length'));
  await probeUpload(
    call,
    user,
    {
      bucketId,
      key,
      owner: user.sub,
      metadata: {
        mimetype: header(call.req, 'content-type'),
        contentLength: Number.isFinite(contentLength) ? contentLength : undefined,
      },
      userMetadata: metadataHeader === undefined ? undefined : parseUserMetadataHeader(metadataHeader),
    },
    isUpsert,
  );
  call.req.resume();
  const url = `${bucketId}/${key}`;
  const token = await signUrlToken(
    { owner: user.sub, url, upsert: isUpsert, scope: SIGNED_URL_SCOPE_UPLOAD },
    call.runtime.key,
    SIGNED_UPLOAD_URL_EXPIRY_SECONDS,
  );
  replyJson(call, { url: `/object/upload/sign/${url}?token=${token}`, token });
}

/** PUT /object/upload/sign/<b>/<key>?token=…: uploads as the service identity, owner from the token. */
export async function handleSignedUpload(call: StorageCall, bucketId: string, key: string): Promise<void> {
  const token = call.url.searchParams.get('token');
  if (token === null) throw ERRORS.validation("querystring must have required property 'token'");
  assertValidBucketName(bucketId);
  const payload = await verifyUrlToken(token, call.runtime.key, `${bucketId}/${key}`, SIGNED_URL_SCOPE_UPLOAD);
  await uploadFromRequest(call, {
    bucketId,
    key,
    owner: typeof payload.owner === 'string' ? payload.owner : undefined,
    isUpsert: payload.upsert === true,
    prober: call.runtime.serviceUser,
  });
  replyJson(call, { Key: `${bucketId}/${key}` });
}
