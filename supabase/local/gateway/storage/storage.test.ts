/**
 * Storage conformance (supabase-subset.md §5.5 and the storage bits of §7): the official
 * supabase-js client against /storage/v1, with RLS on storage.objects from
 * test/fixtures/40-storage.sql. Users are minted as HS256 JWTs (sub, role authenticated, aud,
 * exp, iat) — storage verifies tokens statelessly, so this is what a GoTrue session looks like to it.
 */
import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStack } from '../../test/stack-info.ts';
import { signJwt } from '../jwt.ts';

const stack = getStack();
const storageUrl = `${stack.apiUrl}/storage/v1`;
const clientOptions = { realtime: { transport: WebSocket as never }, auth: { persistSession: false } };

type TestUser = { id: string; token: string; client: SupabaseClient };

function mintUser(): TestUser {
  const id = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const token = signJwt(
    { sub: id, role: 'authenticated', aud: 'authenticated', exp: now + 3600, iat: now },
    stack.jwtSecret,
  );
  const client = createClient(stack.apiUrl, stack.anonKey, {
    ...clientOptions,
    accessToken: () => Promise.resolve(token),
  });
  return { id, token, client };
}

const service = createClient(stack.apiUrl, stack.serviceRoleKey, clientOptions);
const anon = createClient(stack.apiUrl, stack.anonKey, clientOptions);
const db = new pg.Client({ connectionString: stack.superuserUrl });

beforeAll(async () => {
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

async function createDocsBucket(options: { public: boolean } = { public: false }): Promise<string> {
  const id = `t-docs-${randomUUID().slice(0, 8)}`;
  const { data, error } = await service.storage.createBucket(id, options);
  expect(error).toBeNull();
  expect(data).toEqual({ name: id });
  return id;
}

async function countRows(bucketId: string, name: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from storage.objects where bucket_id = $1 and name = $2',
    [bucketId, name],
  );
  return rows[0]?.n ?? -1;
}

/** The body storage answers with, for assertions on raw HTTP calls. */
async function readError(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

describe('storage conformance (§5.5)', () => {
  const a = mintUser();
  const b = mintUser();
  let bucket: string;

  beforeAll(async () => {
    bucket = await createDocsBucket();
  });

  it('1. lets a user upload into their own folder and records them as owner', async () => {
    const { data, error } = await a.client.storage.from(bucket).upload(`${a.id}/x.txt`, 'hello from A', {
      contentType: 'text/plain',
    });
    expect(error).toBeNull();
    expect(data?.path).toBe(`${a.id}/x.txt`);
    expect(data?.fullPath).toBe(`${bucket}/${a.id}/x.txt`);
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);
    const { rows } = await db.query<{ owner: string; owner_id: string; metadata: Record<string, unknown> }>(
      'select owner, owner_id, metadata from storage.objects where bucket_id = $1 and name = $2',
      [bucket, `${a.id}/x.txt`],
    );
    expect(rows[0]?.owner_id).toBe(a.id);
    expect(rows[0]?.owner).toBe(a.id);
    expect(rows[0]?.metadata).toMatchObject({
      size: 12,
      mimetype: 'text/plain',
      cacheControl: 'max-age=3600',
      contentLength: 12,
      httpStatusCode: 200,
    });
    expect(rows[0]?.metadata['eTag']).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it("2. refuses an upload into another user's folder with the RLS error", async () => {
    const { data, error } = await a.client.storage.from(bucket).upload(`${b.id}/x.txt`, 'intrusion');
    expect(data).toBeNull();
    expect(error).toMatchObject({
      status: 400,
      statusCode: '403',
      message: 'new row violates row-level security policy',
    });
    expect(await countRows(bucket, `${b.id}/x.txt`)).toBe(0);
  });

  it('3. answers 409 to a second upload without upsert and replaces the object with upsert', async () => {
    const path = `${a.id}/again.txt`;
    expect((await a.client.storage.from(bucket).upload(path, 'first')).error).toBeNull();
    const duplicate = await a.client.storage.from(bucket).upload(path, 'second');
    // storage-api's createObject turns the unique violation into KeyAlreadyExists (label Duplicate).
    expect(duplicate.error).toMatchObject({
      status: 400,
      statusCode: '409',
      code: 'KeyAlreadyExists',
      message: 'The resource already exists',
    });
    const upserted = await a.client.storage.from(bucket).upload(path, 'third', { upsert: true });
    expect(upserted.error).toBeNull();
    const { data } = await a.client.storage.from(bucket).download(path);
    expect(await data?.text()).toBe('third');
  });

  it("4. downloads the owner's bytes and content type, and hides them from another user", async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13]);
    const path = `${a.id}/bytes.bin`;
    expect(
      (await a.client.storage.from(bucket).upload(path, bytes, { contentType: 'application/x-test' })).error,
    ).toBeNull();
    const own = await a.client.storage.from(bucket).download(path);
    expect(own.error).toBeNull();
    expect(Buffer.from(await (own.data as Blob).arrayBuffer()).equals(bytes)).toBe(true);
    expect(own.data?.type).toBe('application/x-test');
    const other = await b.client.storage.from(bucket).download(path);
    expect(other.data).toBeNull();
    expect(other.error).toMatchObject({ status: 400, statusCode: '404', message: 'Object not found' });
  });

  it('5. serves a signed URL without headers and refuses tampered and expired tokens', async () => {
    const path = `${a.id}/signed.txt`;
    expect((await a.client.storage.from(bucket).upload(path, 'signed content')).error).toBeNull();
    const { data, error } = await a.client.storage.from(bucket).createSignedUrl(path, 60);
    expect(error).toBeNull();
    const signedUrl = data?.signedUrl as string;
    expect(signedUrl.startsWith(`${storageUrl}/object/sign/${bucket}/${a.id}/signed.txt?token=`)).toBe(true);
    const ok = await fetch(signedUrl);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('signed content');
    expect(ok.headers.get('expires')).not.toBeNull();

    const tampered = await fetch(`${signedUrl.slice(0, -3)}${signedUrl.endsWith('aaa') ? 'bbb' : 'aaa'}`);
    expect(tampered.status).toBe(400);
    expect(await readError(tampered)).toEqual({
      statusCode: '400',
      code: 'InvalidJWT',
      error: 'InvalidJWT',
      message: 'signature verification failed',
    });

    // Upstream verifies with jose, which rejects an expired token before storage's own expiry check.
    const now = Math.floor(Date.now() / 1000);
    const expiredToken = signJwt(
      { url: `${bucket}/${path}`, scope: 'download', iat: now - 120, exp: now - 60 },
      stack.jwtSecret,
    );
    const expired = await fetch(`${storageUrl}/object/sign/${bucket}/${path}?token=${expiredToken}`);
    expect(expired.status).toBe(400);
    expect(await readError(expired)).toEqual({
      statusCode: '400',
      code: 'InvalidJWT',
      error: 'InvalidJWT',
      message: '"exp" claim timestamp check failed',
    });

    const otherObject = await fetch(
      `${storageUrl}/object/sign/${bucket}/${a.id}/bytes.bin?token=${signedUrl.split('token=')[1]}`,
    );
    expect(otherObject.status).toBe(400);
    expect(await readError(otherObject)).toMatchObject({ statusCode: '400', code: 'InvalidSignature' });

    const download = await a.client.storage.from(bucket).createSignedUrl(path, 60, { download: 'a.txt' });
    const attached = await fetch(download.data?.signedUrl as string);
    expect(attached.status).toBe(200);
    expect(attached.headers.get('content-disposition')).toBe("attachment; filename=a.txt; filename*=UTF-8''a.txt");
  });

  it('5b. signs many paths at once, with an error entry for objects the caller cannot read', async () => {
    const path = `${a.id}/many.txt`;
    expect((await a.client.storage.from(bucket).upload(path, 'many')).error).toBeNull();
    const { data, error } = await a.client.storage.from(bucket).createSignedUrls([path, `${b.id}/nope.txt`], 60);
    expect(error).toBeNull();
    expect(data?.[0]).toMatchObject({ path, error: null });
    expect(await (await fetch(data?.[0]?.signedUrl as string)).text()).toBe('many');
    expect(data?.[1]).toEqual({
      path: `${b.id}/nope.txt`,
      error: 'Either the object does not exist or you do not have access to it',
      signedURL: null,
      signedUrl: null,
    });
    const refused = await b.client.storage.from(bucket).createSignedUrl(path, 60);
    expect(refused.error).toMatchObject({ statusCode: '404', message: 'Object not found' });
  });

  it('6. removes only what the caller may delete', async () => {
    const path = `${a.id}/remove-me.txt`;
    expect((await a.client.storage.from(bucket).upload(path, 'bye')).error).toBeNull();
    const byB = await b.client.storage.from(bucket).remove([path]);
    expect(byB.error).toBeNull();
    expect(byB.data).toEqual([]);
    expect(await countRows(bucket, path)).toBe(1);
    const byA = await a.client.storage.from(bucket).remove([path, `${a.id}/never-existed.txt`]);
    expect(byA.error).toBeNull();
    expect(byA.data).toHaveLength(1);
    expect(byA.data?.[0]).toMatchObject({ name: path, bucket_id: bucket, owner_id: a.id });
    expect(await countRows(bucket, path)).toBe(0);
    const gone = await a.client.storage.from(bucket).download(path);
    expect(gone.error).toMatchObject({ statusCode: '404' });
  });

  it('7. stores the content type of Blob, FormData and Buffer uploads', async () => {
    const blobPath = `${a.id}/blob.csv`;
    const blob = new Blob(['a,b\n1,2\n'], { type: 'text/csv' });
    expect((await a.client.storage.from(bucket).upload(blobPath, blob)).error).toBeNull();
    const formPath = `${a.id}/form.json`;
    const form = new FormData();
    form.append('cacheControl', '60');
    form.append('', new Blob(['{"ok":true}'], { type: 'application/json' }));
    expect((await a.client.storage.from(bucket).upload(formPath, form)).error).toBeNull();
    const bufferPath = `${a.id}/buffer.png`;
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    expect(
      (await a.client.storage.from(bucket).upload(bufferPath, png, { contentType: 'image/png' })).error,
    ).toBeNull();

    const blobDownload = await a.client.storage.from(bucket).download(blobPath);
    expect(blobDownload.data?.type).toBe('text/csv');
    expect(await blobDownload.data?.text()).toBe('a,b\n1,2\n');
    const formDownload = await a.client.storage.from(bucket).download(formPath);
    expect(formDownload.data?.type).toBe('application/json');
    expect(await formDownload.data?.text()).toBe('{"ok":true}');
    const bufferDownload = await a.client.storage.from(bucket).download(bufferPath);
    expect(bufferDownload.data?.type).toBe('image/png');
    expect(Buffer.from(await (bufferDownload.data as Blob).arrayBuffer()).equals(png)).toBe(true);

    const { rows } = await db.query<{ name: string; cache: string }>(
      "select name, metadata->>'cacheControl' as cache from storage.objects where bucket_id = $1 and name = any($2) order by name",
      [bucket, [blobPath, formPath]],
    );
    expect(rows).toEqual([
      { name: blobPath, cache: 'max-age=3600' },
      { name: formPath, cache: 'max-age=60' },
    ]);
  });

  it('8. serves public buckets without auth and refuses the public URL of a private bucket', async () => {
    const path = `pub-${randomUUID()}.txt`;
    expect((await service.storage.from('t-public').upload(path, 'public bytes')).error).toBeNull();
    const publicUrl = anon.storage.from('t-public').getPublicUrl(path).data.publicUrl;
    const ok = await fetch(publicUrl);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('public bytes');

    expect((await service.storage.from('t-private').upload(path, 'private bytes')).error).toBeNull();
    const privateUrl = anon.storage.from('t-private').getPublicUrl(path).data.publicUrl;
    const refused = await fetch(privateUrl);
    expect(refused.status).toBe(400);
    expect(await readError(refused)).toEqual({
      statusCode: '404',
      code: 'NoSuchBucket',
      error: 'Bucket not found',
      message: 'Bucket not found',
    });
  });
});

describe('storage reads and listing', () => {
  const a = mintUser();
  const b = mintUser();
  let bucket: string;

  beforeAll(async () => {
    bucket = await createDocsBucket();
    for (const name of ['b.txt', 'a.txt', 'Sub/one.txt', 'sub2/two.txt', 'sub2/deeper/three.txt']) {
      const { error } = await a.client.storage.from(bucket).upload(`${a.id}/${name}`, `content of ${name}`);
      expect(error).toBeNull();
    }
  });

  it("denies a user reading another user's object, whatever the route", async () => {
    const path = `${a.id}/a.txt`;
    const direct = await fetch(`${storageUrl}/object/authenticated/${bucket}/${path}`, {
      headers: { authorization: `Bearer ${b.token}`, apikey: stack.anonKey },
    });
    expect(direct.status).toBe(400);
    expect(await readError(direct)).toEqual({
      statusCode: '404',
      code: 'NoSuchKey',
      error: 'not_found',
      message: 'Object not found',
    });
    const info = await b.client.storage.from(bucket).info(path);
    expect(info.error).toMatchObject({ statusCode: '404' });
    const anonymous = await fetch(`${storageUrl}/object/${bucket}/${path}`);
    expect(await readError(anonymous)).toMatchObject({ statusCode: '404', code: 'NoSuchBucket' });
  });

  it('lists folders and files directly under a prefix, as the caller sees them', async () => {
    const { data, error } = await a.client.storage.from(bucket).list(a.id);
    expect(error).toBeNull();
    expect(data?.map((entry) => [entry.name, entry.id === null])).toEqual([
      ['a.txt', false],
      ['b.txt', false],
      ['Sub', true],
      ['sub2', true],
    ]);
    const file = data?.find((entry) => entry.name === 'a.txt');
    expect(file?.metadata).toMatchObject({ size: 'content of a.txt'.length, mimetype: 'text/plain;charset=UTF-8' });
    expect(typeof file?.created_at).toBe('string');

    const nested = await a.client.storage.from(bucket).list(`${a.id}/sub2`);
    expect(nested.data?.map((entry) => entry.name)).toEqual(['deeper', 'two.txt']);
    const searched = await a.client.storage.from(bucket).list(a.id, { search: 'b' });
    expect(searched.data?.map((entry) => entry.name)).toEqual(['b.txt']);
    const paged = await a.client.storage.from(bucket).list(a.id, { limit: 2, offset: 1 });
    expect(paged.data?.map((entry) => entry.name)).toEqual(['b.txt', 'Sub']);
    const reversed = await a.client.storage.from(bucket).list(a.id, { sortBy: { column: 'name', order: 'desc' } });
    expect(reversed.data?.map((entry) => entry.name)).toEqual(['sub2', 'Sub', 'b.txt', 'a.txt']);

    const other = await b.client.storage.from(bucket).list(a.id);
    expect(other.error).toBeNull();
    expect(other.data).toEqual([]);
  });

  it('answers info and exists for visible objects only', async () => {
    const info = await a.client.storage.from(bucket).info(`${a.id}/a.txt`);
    expect(info.error).toBeNull();
    expect(info.data).toMatchObject({
      name: `${a.id}/a.txt`,
      bucketId: bucket,
      size: 'content of a.txt'.length,
      contentType: 'text/plain;charset=UTF-8',
      cacheControl: 'max-age=3600',
    });
    expect((await a.client.storage.from(bucket).exists(`${a.id}/a.txt`)).data).toBe(true);
    expect((await a.client.storage.from(bucket).exists(`${a.id}/missing.txt`)).data).toBe(false);
  });

  it('serves byte ranges and HEAD requests with the stored metadata', async () => {
    const url = `${storageUrl}/object/authenticated/${bucket}/${a.id}/a.txt`;
    const headers = { authorization: `Bearer ${a.token}` };
    const ranged = await fetch(url, { headers: { ...headers, range: 'bytes=0-6' } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('content');
    expect(ranged.headers.get('content-range')).toBe(`bytes 0-6/${'content of a.txt'.length}`);
    const head = await fetch(url, { method: 'HEAD', headers });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('content of a.txt'.length));
    expect(head.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    const badRange = await fetch(url, { headers: { ...headers, range: 'bytes=99-100' } });
    expect(badRange.status).toBe(416);
    expect(await readError(badRange)).toMatchObject({ statusCode: '416', code: 'InvalidRange' });
  });

  it('round-trips multi-megabyte raw and multipart uploads byte for byte', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31 + (i >> 11)) & 0xff;
    const raw = await a.client.storage.from(bucket).upload(`${a.id}/big.bin`, bytes, {
      contentType: 'application/octet-stream',
    });
    expect(raw.error).toBeNull();
    const form = await a.client.storage.from(bucket).upload(`${a.id}/big-form.bin`, new Blob([bytes]));
    expect(form.error).toBeNull();
    for (const name of ['big.bin', 'big-form.bin']) {
      const { data, error } = await a.client.storage.from(bucket).download(`${a.id}/${name}`);
      expect(error).toBeNull();
      expect(Buffer.from(await (data as Blob).arrayBuffer()).equals(bytes), name).toBe(true);
    }
  });

  it('accepts an upload through a signed upload URL, owned by the user who signed it', async () => {
    const path = `${a.id}/via-signed-upload.txt`;
    const signed = await a.client.storage.from(bucket).createSignedUploadUrl(path);
    expect(signed.error).toBeNull();
    expect(signed.data?.signedUrl.startsWith(`${storageUrl}/object/upload/sign/${bucket}/${path}?token=`)).toBe(true);
    const uploaded = await anon.storage
      .from(bucket)
      .uploadToSignedUrl(path, signed.data?.token as string, 'signed upload', { contentType: 'text/plain' });
    expect(uploaded.error).toBeNull();
    expect(uploaded.data?.fullPath).toBe(`${bucket}/${path}`);
    const { rows } = await db.query<{ owner_id: string }>(
      'select owner_id from storage.objects where bucket_id = $1 and name = $2',
      [bucket, path],
    );
    expect(rows[0]?.owner_id).toBe(a.id);
    expect(await (await a.client.storage.from(bucket).download(path)).data?.text()).toBe('signed upload');
    const again = await anon.storage.from(bucket).uploadToSignedUrl(path, signed.data?.token as string, 'again');
    expect(again.error).toMatchObject({ statusCode: '409' });
    const refused = await a.client.storage.from(bucket).createSignedUploadUrl(`${b.id}/x.txt`);
    expect(refused.error).toMatchObject({ statusCode: '403' });
    const download = await a.client.storage.from(bucket).createSignedUrl(path, 60);
    const downloadToken = new URL(download.data?.signedUrl as string).searchParams.get('token') as string;
    const misused = await anon.storage.from(bucket).uploadToSignedUrl(path, downloadToken, 'x', { upsert: true });
    expect(misused.error).toMatchObject({ statusCode: '400', message: 'Token is not scoped for upload' });
  });

  it('moves and copies objects within the caller’s folder only', async () => {
    const from = `${a.id}/move-src.txt`;
    expect((await a.client.storage.from(bucket).upload(from, 'moving')).error).toBeNull();
    const moved = await a.client.storage.from(bucket).move(from, `${a.id}/moved.txt`);
    expect(moved.error).toBeNull();
    expect(moved.data).toEqual({ message: 'Successfully moved' });
    expect(await countRows(bucket, from)).toBe(0);
    expect(await (await a.client.storage.from(bucket).download(`${a.id}/moved.txt`)).data?.text()).toBe('moving');

    const copied = await a.client.storage.from(bucket).copy(`${a.id}/moved.txt`, `${a.id}/copy.txt`);
    expect(copied.error).toBeNull();
    expect(copied.data).toEqual({ path: `${bucket}/${a.id}/copy.txt` });
    expect(await (await a.client.storage.from(bucket).download(`${a.id}/copy.txt`)).data?.text()).toBe('moving');

    const stolen = await a.client.storage.from(bucket).move(`${a.id}/copy.txt`, `${b.id}/stolen.txt`);
    expect(stolen.error).toMatchObject({ statusCode: '403', message: 'new row violates row-level security policy' });
    expect(await countRows(bucket, `${a.id}/copy.txt`)).toBe(1);
  });
});

describe('storage input rules', () => {
  const a = mintUser();
  let bucket: string;

  beforeAll(async () => {
    bucket = await createDocsBucket();
  });

  it('refuses keys that could traverse paths with InvalidKey', async () => {
    // `.%2E` segments are already resolved by URL parsing (client and gateway); encoded slashes are not.
    const keys = [
      `${a.id}%2F..%2F..%2Fetc%2Fpasswd`,
      `${a.id}/..%2Fx`,
      `${a.id}/%2E%2E%2Fx`,
      `${a.id}/.%2Fx`,
      `%2F${a.id}/x`,
      `${a.id}/%00x`,
    ];
    for (const key of keys) {
      const res = await fetch(`${storageUrl}/object/${bucket}/${key}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.token}`, 'content-type': 'text/plain' },
        body: 'x',
      });
      expect(res.status, key).toBe(400);
      expect((await readError(res))['code'], key).toBe('InvalidKey');
    }
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from storage.objects where bucket_id = $1',
      [bucket],
    );
    expect(rows[0]?.n).toBe(0);
    const unicode = await a.client.storage.from(bucket).upload(`${a.id}/café.txt`, 'x');
    expect(unicode.error).toMatchObject({ statusCode: '400', message: `Invalid key: ${a.id}/café.txt` });
  });

  it("enforces the bucket's size limit and mime types, leaving no row behind", async () => {
    const user = mintUser();
    const tooBig = await user.client.storage.from('t-limited').upload(`${user.id}/big.txt`, 'x'.repeat(65), {
      contentType: 'text/plain',
    });
    expect(tooBig.error).toMatchObject({
      status: 400,
      statusCode: '413',
      message: 'The object exceeded the maximum allowed size',
    });
    expect(await countRows('t-limited', `${user.id}/big.txt`)).toBe(0);
    const tooBigForm = await user.client.storage
      .from('t-limited')
      .upload(`${user.id}/big-form.txt`, new Blob(['y'.repeat(65)], { type: 'text/plain' }));
    expect(tooBigForm.error).toMatchObject({ statusCode: '413' });
    expect(await countRows('t-limited', `${user.id}/big-form.txt`)).toBe(0);

    const fits = await user.client.storage.from('t-limited').upload(`${user.id}/ok.png`, Buffer.alloc(64), {
      contentType: 'image/png',
    });
    expect(fits.error).toBeNull();
    const wrongType = await user.client.storage.from('t-limited').upload(`${user.id}/doc.pdf`, 'pdf', {
      contentType: 'application/pdf',
    });
    expect(wrongType.error).toMatchObject({ statusCode: '415', message: 'mime type application/pdf is not supported' });
  });

  it('cuts off a streamed body of unknown length at the limit', async () => {
    const user = mintUser();
    const chunks = [Buffer.alloc(40, 1), Buffer.alloc(40, 2)];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const res = await fetch(`${storageUrl}/object/t-limited/${user.id}/stream.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'text/plain' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(await readError(res)).toMatchObject({ statusCode: '413', code: 'EntityTooLarge' });
    expect(await countRows('t-limited', `${user.id}/stream.txt`)).toBe(0);
  });

  it('refuses a bad request JWT with AccessDenied and tolerates none on public reads', async () => {
    const forged = signJwt({ sub: randomUUID(), role: 'service_role' }, 'another-secret-that-is-long-enough-to-sign!!');
    const res = await fetch(`${storageUrl}/bucket`, { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(400);
    expect(await readError(res)).toEqual({
      statusCode: '403',
      code: 'AccessDenied',
      error: 'Unauthorized',
      message: 'signature verification failed',
    });
    const path = `tolerant-${randomUUID()}.txt`;
    expect((await service.storage.from('t-public').upload(path, 'open')).error).toBeNull();
    const open = await fetch(`${storageUrl}/object/t-public/${path}`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(open.status).toBe(200);
    expect(await open.text()).toBe('open');
  });

  it('answers malformed requests with storage errors, never 5xx', async () => {
    const headers = { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' };
    const cases: [string, string, string | undefined, number, Record<string, unknown>][] = [
      ['POST', `/object/list/${bucket}`, '{"prefix": ', 400, { statusCode: '400', code: 'InvalidRequest' }],
      ['POST', `/object/list/${bucket}`, '{"limit": 3}', 400, { message: "body must have required property 'prefix'" }],
      ['POST', `/object/sign/${bucket}/${a.id}/x`, '{"expiresIn": 0}', 400, { message: 'body/expiresIn must be >= 1' }],
      ['DELETE', `/object/${bucket}`, '{"prefixes": "nope"}', 400, { message: 'body/prefixes must be array' }],
      ['POST', '/bucket', '[]', 400, { message: 'body must be object' }],
      ['GET', '/object/no-such-bucket/x.txt', undefined, 400, { statusCode: '404', code: 'NoSuchBucket' }],
      ['PATCH', `/object/${bucket}/x.txt`, undefined, 404, { statusCode: '404', code: 'InvalidRequest' }],
      ['GET', '/nowhere', undefined, 404, { message: 'Route GET:/nowhere not found' }],
      ['GET', `/object/${bucket}/%E0%A4%A`, undefined, 400, { statusCode: '400' }],
      [
        'GET',
        `/object/sign/${bucket}/x`,
        undefined,
        400,
        { message: "querystring must have required property 'token'" },
      ],
    ];
    for (const [method, path, body, status, expected] of cases) {
      const res = await fetch(`${storageUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(await readError(res), `${method} ${path}`).toMatchObject(expected);
    }
  });
});

describe('storage response hardening', () => {
  const a = mintUser();
  let bucket: string;
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>';

  beforeAll(async () => {
    bucket = await createDocsBucket();
  });

  /** Asserts the headers that stop an object's bytes from running script on the gateway's origin. */
  function expectSandboxed(res: Response, label: string): void {
    expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy, label).toContain('sandbox');
    expect(policy, label).toContain("default-src 'none'");
  }

  it('serves uploaded SVG and XHTML with nosniff and a sandboxing CSP on every read route', async () => {
    const path = `${a.id}/evil.svg`;
    expect((await a.client.storage.from(bucket).upload(path, svg, { contentType: 'image/svg+xml' })).error).toBeNull();
    const publicPath = `evil-${randomUUID()}.xhtml`;
    const xhtml = '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>';
    expect(
      (await service.storage.from('t-public').upload(publicPath, xhtml, { contentType: 'application/xhtml+xml' }))
        .error,
    ).toBeNull();
    const signed = await a.client.storage.from(bucket).createSignedUrl(path, 60);
    expect(signed.error).toBeNull();
    const auth = { authorization: `Bearer ${a.token}` };
    const reads: [string, string, RequestInit, string][] = [
      ['authenticated GET', `/object/authenticated/${bucket}/${path}`, { headers: auth }, 'image/svg+xml'],
      ['generic GET', `/object/${bucket}/${path}`, { headers: auth }, 'image/svg+xml'],
      [
        'authenticated HEAD',
        `/object/authenticated/${bucket}/${path}`,
        { method: 'HEAD', headers: auth },
        'image/svg+xml',
      ],
      ['generic HEAD', `/object/${bucket}/${path}`, { method: 'HEAD', headers: auth }, 'image/svg+xml'],
      ['download GET', `/object/${bucket}/${path}?download=x.svg`, { headers: auth }, 'image/svg+xml'],
      ['public GET', `/object/public/t-public/${publicPath}`, {}, 'application/xhtml+xml'],
      ['public HEAD', `/object/public/t-public/${publicPath}`, { method: 'HEAD' }, 'application/xhtml+xml'],
      ['signed GET', (signed.data?.signedUrl ?? '').slice(storageUrl.length), {}, 'image/svg+xml'],
    ];
    for (const [label, route, init, contentType] of reads) {
      const res = await fetch(`${storageUrl}${route}`, init);
      expect(res.status, label).toBe(200);
      // The stored type is kept (storage-js hands it to the caller); the CSP is what disarms it.
      expect(res.headers.get('content-type'), label).toBe(contentType);
      expectSandboxed(res, label);
      await res.arrayBuffer();
    }
    const info = await fetch(`${storageUrl}/object/info/${bucket}/${path}`, { headers: auth });
    expect(info.status).toBe(200);
    expectSandboxed(info, 'info');
    const etag = (await fetch(`${storageUrl}/object/${bucket}/${path}`, { headers: auth })).headers.get('etag');
    const notModified = await fetch(`${storageUrl}/object/${bucket}/${path}`, {
      headers: { ...auth, 'if-none-match': etag ?? '' },
    });
    expect(notModified.status).toBe(304);
    expectSandboxed(notModified, '304');
  });

  it('refuses cacheControl and contentType values that would break response headers', async () => {
    const injected = '60\r\nX-Injected: 1';
    const viaClient = await a.client.storage
      .from(bucket)
      .upload(`${a.id}/client.txt`, new Blob(['x'], { type: 'text/plain' }), { cacheControl: injected });
    expect(viaClient.error).toMatchObject({
      status: 400,
      statusCode: '400',
      message: 'Invalid Parameter cacheControl',
    });
    expect(await countRows(bucket, `${a.id}/client.txt`)).toBe(0);

    const cases: [string, Record<string, string>, Record<string, unknown>][] = [
      ['cacheControl', { cacheControl: injected }, { statusCode: '400', code: 'InvalidParameter' }],
      ['cacheControl', { cacheControl: '60\u0000' }, { statusCode: '400', code: 'InvalidParameter' }],
      ['cacheControl', { cacheControl: `60${'0'.repeat(8192)}` }, { statusCode: '400', code: 'InvalidParameter' }],
      ['contentType', { contentType: 'text/plain\r\nX-Injected: 1' }, { statusCode: '415', code: 'InvalidMimeType' }],
      ['contentType', { contentType: 'text/plain\u2028' }, { statusCode: '415', code: 'InvalidMimeType' }],
    ];
    for (const [index, [label, fields, expected]] of cases.entries()) {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('', new Blob(['x'], { type: 'text/plain' }));
      const name = `${a.id}/form-${index}.txt`;
      const res = await fetch(`${storageUrl}/object/${bucket}/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.token}` },
        body: form,
      });
      expect(res.status, label).toBe(400);
      expect(await readError(res), label).toMatchObject(expected);
      expect(await countRows(bucket, name), label).toBe(0);
    }

    expect((await a.client.storage.from(bucket).upload(`${a.id}/source.txt`, 'source')).error).toBeNull();
    const copies: [Record<string, string>, Record<string, unknown>][] = [
      [{ cacheControl: injected }, { statusCode: '400', code: 'InvalidParameter' }],
      [{ mimetype: 'text/plain\nX-Injected: 1' }, { statusCode: '415', code: 'InvalidMimeType' }],
    ];
    for (const [metadata, expected] of copies) {
      const res = await fetch(`${storageUrl}/object/copy`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          bucketId: bucket,
          sourceKey: `${a.id}/source.txt`,
          destinationKey: `${a.id}/copied.txt`,
          copyMetadata: false,
          metadata,
        }),
      });
      expect(res.status).toBe(400);
      expect(await readError(res)).toMatchObject(expected);
    }
    expect(await countRows(bucket, `${a.id}/copied.txt`)).toBe(0);
  });

  it('still serves an object whose stored metadata holds invalid header values', async () => {
    const path = `${a.id}/tampered.txt`;
    expect((await a.client.storage.from(bucket).upload(path, 'still readable')).error).toBeNull();
    await db.query(
      `update storage.objects
          set metadata = metadata || jsonb_build_object('cacheControl', $3::text, 'mimetype', $4::text, 'eTag', $5::text)
        where bucket_id = $1 and name = $2`,
      [bucket, path, '60\r\nX-Injected: 1', 'text/plain\r\nX-Injected: 2', '"abc"\nX-Injected: 3'],
    );
    const auth = { authorization: `Bearer ${a.token}` };
    const get = await fetch(`${storageUrl}/object/authenticated/${bucket}/${path}`, { headers: auth });
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('still readable');
    expect(get.headers.get('x-injected')).toBeNull();
    expect(get.headers.get('cache-control')).toBe('no-cache');
    expect(get.headers.get('content-type')).toBe('application/octet-stream');
    expect(get.headers.get('etag')).toBeNull();
    const head = await fetch(`${storageUrl}/object/${bucket}/${path}`, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-injected')).toBeNull();
    const info = await a.client.storage.from(bucket).info(path);
    expect(info.error).toBeNull();
    const downloaded = await a.client.storage.from(bucket).download(path);
    expect(await downloaded.data?.text()).toBe('still readable');
  });

  it('answers malformed percent-encoding anywhere in the path with a 400 storage error', async () => {
    const bad = '%E0%A4%A';
    const headers = { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' };
    const routes: [string, string, string | undefined][] = [
      ['GET', `/object/${bucket}/${bad}`, undefined],
      ['GET', `/object/${bad}/x.txt`, undefined],
      ['HEAD', `/object/${bucket}/${a.id}/${bad}`, undefined],
      ['POST', `/object/${bucket}/${a.id}/${bad}`, 'x'],
      ['PUT', `/object/${bucket}/${a.id}/${bad}`, 'x'],
      ['DELETE', `/object/${bucket}/${bad}`, undefined],
      ['DELETE', `/object/${bad}`, '{"prefixes":["x"]}'],
      ['GET', `/object/authenticated/${bucket}/${bad}`, undefined],
      ['GET', `/object/public/t-public/${bad}`, undefined],
      ['GET', `/object/info/${bucket}/${bad}`, undefined],
      ['GET', `/object/info/public/t-public/${bad}`, undefined],
      ['GET', `/object/info/authenticated/${bucket}/${bad}`, undefined],
      ['POST', `/object/sign/${bucket}/${bad}`, '{"expiresIn":60}'],
      ['POST', `/object/sign/${bad}`, '{"expiresIn":60,"paths":["x"]}'],
      ['GET', `/object/sign/${bucket}/${bad}?token=x`, undefined],
      ['POST', `/object/upload/sign/${bucket}/${bad}`, undefined],
      ['PUT', `/object/upload/sign/${bucket}/${bad}?token=x`, 'x'],
      ['POST', `/object/list/${bad}`, '{"prefix":""}'],
      ['GET', `/bucket/${bad}`, undefined],
      ['PUT', `/bucket/${bad}`, '{"public":true}'],
      ['DELETE', `/bucket/${bad}`, undefined],
      ['POST', `/bucket/${bad}/empty`, undefined],
    ];
    for (const [method, route, body] of routes) {
      const res = await fetch(`${storageUrl}${route}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      expect(res.status, `${method} ${route}`).toBe(400);
      if (method === 'HEAD') continue;
      expect(await readError(res), `${method} ${route}`).toMatchObject({
        statusCode: '400',
        code: 'InternalError',
        message: expect.stringContaining('is not a valid url component') as unknown,
      });
    }
  });
});

describe('storage buckets', () => {
  it('lets service_role manage buckets and gates users through RLS on storage.buckets', async () => {
    const user = mintUser();
    const refused = await user.client.storage.createBucket(`t-user-${randomUUID().slice(0, 8)}`);
    expect(refused.error).toMatchObject({ statusCode: '403', message: 'new row violates row-level security policy' });

    const id = `t-docs-${randomUUID().slice(0, 8)}`;
    const created = await service.storage.createBucket(id, {
      public: false,
      fileSizeLimit: '1MB',
      allowedMimeTypes: ['image/*'],
    });
    expect(created.data).toEqual({ name: id });
    const duplicate = await service.storage.createBucket(id);
    expect(duplicate.error).toMatchObject({ statusCode: '409', code: 'BucketAlreadyExists' });

    const fetched = await service.storage.getBucket(id);
    expect(fetched.data).toMatchObject({
      id,
      name: id,
      owner: '',
      public: false,
      file_size_limit: 1_000_000,
      allowed_mime_types: ['image/*'],
    });
    expect((await user.client.storage.getBucket(id)).error).toMatchObject({
      statusCode: '404',
      message: 'Bucket not found',
    });
    const listed = await service.storage.listBuckets();
    expect(listed.data?.some((entry) => entry.id === id && entry.type === 'STANDARD')).toBe(true);

    const updated = await service.storage.updateBucket(id, {
      public: true,
      fileSizeLimit: null,
      allowedMimeTypes: null,
    });
    expect(updated.data).toEqual({ message: 'Successfully updated' });
    expect((await service.storage.getBucket(id)).data).toMatchObject({
      public: true,
      file_size_limit: null,
      allowed_mime_types: null,
    });

    expect((await user.client.storage.from(id).upload(`${user.id}/f.txt`, 'f')).error).toBeNull();
    const notEmpty = await service.storage.deleteBucket(id);
    expect(notEmpty.error).toMatchObject({ statusCode: '409', message: 'The bucket you tried to delete is not empty' });
    const userEmpty = await user.client.storage.emptyBucket(id);
    expect(userEmpty.error).toMatchObject({ status: 403, statusCode: '403', message: 'Access denied: Invalid role' });
    const emptied = await service.storage.emptyBucket(id);
    expect(emptied.data).toEqual({ message: 'Empty bucket has been queued. Completion may take up to an hour.' });
    expect(await countRows(id, `${user.id}/f.txt`)).toBe(0);
    expect((await service.storage.deleteBucket(id)).data).toEqual({ message: 'Successfully deleted' });
    expect((await service.storage.getBucket(id)).error).toMatchObject({ statusCode: '404' });
  });

  it('maps sb_secret_ and sb_publishable_ keys like the local gateway', async () => {
    const secret = createClient(stack.apiUrl, stack.secretKey, clientOptions);
    const listed = await secret.storage.listBuckets();
    expect(listed.error).toBeNull();
    expect(listed.data?.some((entry) => entry.id === 't-private')).toBe(true);
    const publishable = createClient(stack.apiUrl, stack.publishableKey, clientOptions);
    const hidden = await publishable.storage.listBuckets();
    expect(hidden.error).toBeNull();
    expect(hidden.data).toEqual([]);
  });
});
