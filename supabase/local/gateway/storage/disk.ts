/**
 * Object bytes on disk: one file per object version under `<storageDir>/objects/<xx>/<version>`.
 * Files are named by the server-generated version uuid, never by bucket or key, so no request
 * can steer a path. A write goes to `<storageDir>/tmp/` first, is fsynced, then renamed into place;
 * the database row referencing the version is committed only after that, and a failed write or
 * commit removes the file again. Removing a row removes its file after the commit.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ERRORS } from './errors.ts';
import { isUuid } from './limits.ts';

export type StoredVersion = {
  readonly version: string;
  readonly size: number;
  /** Quoted MD5 hex, the ETag storage-api's file backend computes. */
  readonly eTag: string;
  readonly lastModified: Date;
};

export type ObjectStore = {
  /** Absolute path of a version's file, or undefined for versions this store never wrote. */
  locate(version: unknown): string | undefined;
  /** Streams `source` into a new version, refusing more than `maxBytes` (EntityTooLarge). */
  write(source: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<StoredVersion>;
  /** A new version sharing the bytes of `version` (move/copy), or undefined if it is missing. */
  duplicate(version: unknown): Promise<StoredVersion | undefined>;
  /** Removes versions' files; missing files are fine (rows written by SQL have none). */
  remove(versions: readonly unknown[]): Promise<void>;
};

export function createObjectStore(root: string, log: (line: string) => void): ObjectStore {
  const objectsDir = path.join(root, 'objects');
  const tmpDir = path.join(root, 'tmp');
  // Leftovers of writes interrupted by a crash are never referenced by a committed row.
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  mkdirSync(objectsDir, { recursive: true });

  function locate(version: unknown): string | undefined {
    if (typeof version !== 'string' || !isUuid(version)) return undefined;
    const name = version.toLowerCase();
    return path.join(objectsDir, name.slice(0, 2), name);
  }

  async function install(tmpFile: string, version: string): Promise<string> {
    const target = locate(version) as string;
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(tmpFile, target);
    return target;
  }

  async function describe(version: string, target: string, eTag: string): Promise<StoredVersion> {
    const stat = await fs.stat(target);
    return { version, size: stat.size, eTag, lastModified: stat.mtime };
  }

  return {
    locate,

    async write(source, maxBytes) {
      const version = randomUUID();
      const tmpFile = path.join(tmpDir, `${version}.part`);
      const hash = createHash('md5');
      const handle = await fs.open(tmpFile, 'wx');
      let isInstalled = false;
      try {
        let size = 0;
        for await (const chunk of source) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          size += bytes.byteLength;
          if (size > maxBytes) throw ERRORS.entityTooLarge();
          hash.update(bytes);
          await handle.write(bytes);
        }
        await handle.sync();
        await handle.close();
        const target = await install(tmpFile, version);
        isInstalled = true;
        return await describe(version, target, `"${hash.digest('hex')}"`);
      } catch (error) {
        await handle.close().catch(() => undefined);
        await fs.rm(isInstalled ? (locate(version) as string) : tmpFile, { force: true }).catch(() => undefined);
        throw error;
      }
    },

    async duplicate(from) {
      const source = locate(from);
      if (!source) return undefined;
      const version = randomUUID();
      const tmpFile = path.join(tmpDir, `${version}.part`);
      try {
        // A hard link shares the bytes without copying; the old version's file can then be unlinked.
        await fs.link(source, tmpFile).catch(async (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') throw error;
          await fs.copyFile(source, tmpFile);
        });
        const hash = createHash('md5');
        for await (const chunk of createReadStream(tmpFile)) hash.update(chunk as Buffer);
        const target = await install(tmpFile, version);
        return await describe(version, target, `"${hash.digest('hex')}"`);
      } catch (error) {
        await fs.rm(tmpFile, { force: true }).catch(() => undefined);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    async remove(versions) {
      await Promise.all(
        versions.map(async (version) => {
          const target = locate(version);
          if (!target) return;
          await fs.rm(target, { force: true }).catch((error: unknown) => {
            log(`storage: could not remove ${target}: ${error instanceof Error ? error.message : String(error)}`);
          });
        }),
      );
    },
  };
}
