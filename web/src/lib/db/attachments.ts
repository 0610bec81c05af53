/**
 * The attachment queue (photos and documents of later features): blobs are stored in IndexedDB
 * under their sha256 and uploaded to Storage at `attachments/<tenant>/<sha256>` when online.
 * Content addressing makes a retried upload idempotent (an existing object is a success) and
 * keeps the blob readable offline until, and after, it is uploaded (L15).
 */
import type { ReplicaDb } from './schema.ts';
import { computeBackoffMs } from './sync-loop.ts';
import { isSyncTransportError } from './transport.ts';

/** Uploads one blob; throws SyncTransportError (transient → retried, fatal → marked failed). */
export type UploadBlob = (hash: string, blob: Blob) => Promise<void>;

/** Hex sha256 of the blob's bytes (Web Crypto). */
export async function computeBlobHash(blob: Blob): Promise<string> {
  // A copy in this realm's Uint8Array: jsdom's Blob hands out buffers Node's Web Crypto refuses.
  const bytes = Uint8Array.from(new Uint8Array(await blob.arrayBuffer()));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Stores the blob (once per hash) and leaves it pending for the uploader. */
export async function enqueueAttachment(db: ReplicaDb, blob: Blob, now = Date.now()): Promise<{ hash: string }> {
  const hash = await computeBlobHash(blob);
  await db.transaction('rw', db.attachments, async () => {
    if (await db.attachments.get(hash)) return;
    await db.attachments.put({
      hash,
      blob,
      type: blob.type,
      size: blob.size,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: new Date(now).toISOString(),
    });
  });
  return { hash };
}

/**
 * Uploads every pending blob whose retry time has come. Returns the earliest next retry time,
 * or null when nothing waits.
 */
export async function uploadPendingAttachments(
  db: ReplicaDb,
  upload: UploadBlob,
  now = Date.now(),
): Promise<number | null> {
  const pending = await db.attachments.where('status').equals('pending').toArray();
  let nextAt: number | null = null;
  for (const item of pending) {
    if (item.nextAttemptAt > now) {
      nextAt = nextAt === null ? item.nextAttemptAt : Math.min(nextAt, item.nextAttemptAt);
      continue;
    }
    try {
      await upload(item.hash, item.blob);
      await db.attachments.update(item.hash, { status: 'uploaded' });
    } catch (error) {
      const attempts = item.attempts + 1;
      if (isSyncTransportError(error) && error.kind === 'fatal') {
        await db.attachments.update(item.hash, { status: 'failed', attempts });
        continue;
      }
      const retryAt = now + computeBackoffMs(attempts);
      await db.attachments.update(item.hash, { attempts, nextAttemptAt: retryAt });
      nextAt = nextAt === null ? retryAt : Math.min(nextAt, retryAt);
    }
  }
  return nextAt;
}
