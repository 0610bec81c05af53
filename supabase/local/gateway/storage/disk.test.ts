/**
 * The on-disk object store: one file per version, written through a temp file, nothing left
 * behind by a refused or failed write, and no path a request could steer.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createObjectStore, type ObjectStore } from './disk.ts';
import { StorageError } from './errors.ts';

let root: string;
let store: ObjectStore;
const logs: string[] = [];

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

async function* chunksOf(...parts: (string | Error)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    if (part instanceof Error) throw part;
    yield Buffer.from(part);
  }
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'comptoir-storage-disk-'));
  store = createObjectStore(root, (line) => logs.push(line));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('object store on disk', () => {
  it('writes a version file named by its uuid, with size and MD5 ETag', async () => {
    const stored = await store.write(chunksOf('hello ', 'world'), 100);
    expect(stored.version).toMatch(/^[0-9a-f-]{36}$/);
    expect(stored.size).toBe(11);
    expect(stored.eTag).toBe('"5eb63bbbe01eeed093cb22bb8f5acdc3"');
    const file = store.locate(stored.version) as string;
    expect(file).toBe(path.join(root, 'objects', stored.version.slice(0, 2), stored.version));
    expect(readFileSync(file, 'utf8')).toBe('hello world');
    expect(listFiles(path.join(root, 'tmp'))).toEqual([]);
  });

  it('refuses a body over the limit with EntityTooLarge and leaves no file', async () => {
    await expect(store.write(chunksOf('12345', '67890', 'x'), 10)).rejects.toMatchObject({
      code: 'EntityTooLarge',
      status: 413,
    });
    expect(listFiles(root)).toEqual([]);
  });

  it('leaves no file when the source fails mid-stream', async () => {
    const failure = new Error('client went away');
    await expect(store.write(chunksOf('partial', failure), 100)).rejects.toBe(failure);
    expect(listFiles(root)).toEqual([]);
  });

  it('accepts an empty body (folder placeholders) at a zero limit', async () => {
    const stored = await store.write(chunksOf(), 0);
    expect(stored.size).toBe(0);
    expect(readFileSync(store.locate(stored.version) as string).length).toBe(0);
  });

  it('locates only server-generated versions, so keys and bucket names never become paths', () => {
    for (const version of ['../../etc/passwd', '/etc/passwd', 'a\u0000b', '', null, 42, '1', 'bucket/key.txt']) {
      expect(store.locate(version)).toBeUndefined();
    }
  });

  it('duplicates a version into a new file and removes versions idempotently', async () => {
    const original = await store.write(chunksOf('same bytes'), 100);
    const copy = (await store.duplicate(original.version)) as NonNullable<
      Awaited<ReturnType<ObjectStore['duplicate']>>
    >;
    expect(copy.version).not.toBe(original.version);
    expect(copy.eTag).toBe(original.eTag);
    await store.remove([original.version]);
    expect(existsSync(store.locate(original.version) as string)).toBe(false);
    expect(readFileSync(store.locate(copy.version) as string, 'utf8')).toBe('same bytes');
    await store.remove([original.version, 'not-a-version', null]);
    expect(await store.duplicate(original.version)).toBeUndefined();
  });

  it('clears interrupted writes left in tmp/ when it starts', () => {
    writeFileSync(path.join(root, 'tmp', 'leftover.part'), 'half a file');
    createObjectStore(root, () => undefined);
    expect(listFiles(path.join(root, 'tmp'))).toEqual([]);
  });

  it('reports errors as StorageError instances the router can render', async () => {
    const error = await store.write(chunksOf('too long'), 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).toBody()).toEqual({
      statusCode: '413',
      code: 'EntityTooLarge',
      error: 'Payload too large',
      message: 'The object exceeded the maximum allowed size',
    });
  });
});
