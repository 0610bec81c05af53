/**
 * Reads an upload the way storage-api's fileUploadFromRequest does (src/storage/uploader.ts):
 * `multipart/form-data` (what storage-js sends for Blob/File/FormData: fields `cacheControl`,
 * optional `metadata`/`contentType`, the file part) or any other content type as the raw bytes
 * (Buffer/ArrayBuffer/string/stream: `content-type`, `cache-control`, base64 `x-metadata`).
 *
 * Raw bodies are not read here: the caller streams them to disk after the RLS probe, with the size
 * limit enforced while streaming. Multipart bodies are parsed with the web-standard
 * `Request#formData()`; the request stream feeding it is cut off past the size limit (plus room
 * for the form's other fields), so buffering stays bounded.
 */
import type { IncomingMessage } from 'node:http';
import { ReadableStream } from 'node:stream/web';
import { header } from '../http.ts';
import { ERRORS, StorageError } from './errors.ts';
import {
  MAX_CUSTOM_METADATA_SIZE,
  assertAllowedMimeType,
  assertValidCacheControl,
  assertValidContentType,
} from './limits.ts';

export type UploadSource = {
  readonly mimeType: string;
  readonly cacheControl: string;
  readonly userMetadata: unknown;
  /** Content-Length the client declared (the probe row's metadata.contentLength). */
  readonly declaredLength: number | undefined;
  readonly body: AsyncIterable<Uint8Array>;
};

export type UploadLimits = {
  /** Largest accepted file, bucket and global limits combined (0 for empty-folder placeholders). */
  readonly maxFileSize: number;
  /** Bucket allowed_mime_types; empty or absent means any. */
  readonly allowedMimeTypes: readonly string[];
  readonly shouldCheckMimeType: boolean;
};

/** Room for the form's boundaries and text fields (metadata may be up to 1 MiB). */
const MULTIPART_OVERHEAD = MAX_CUSTOM_METADATA_SIZE + 64 * 1024;

function readDeclaredLength(req: IncomingMessage): number | undefined {
  const value = Number(header(req, 'content-length'));
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** x-metadata: base64 JSON; anything unparsable is ignored, as upstream does. */
export function parseUserMetadataHeader(value: string): unknown {
  try {
    return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

async function* limitStream(req: IncomingMessage, limit: number, onExceeded: () => void): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) {
      onExceeded();
      throw ERRORS.entityTooLarge();
    }
    yield chunk;
  }
}

async function readMultipart(req: IncomingMessage, contentType: string, limits: UploadLimits): Promise<UploadSource> {
  let isExceeded = false;
  const stream = ReadableStream.from(
    limitStream(req, limits.maxFileSize + MULTIPART_OVERHEAD, () => {
      isExceeded = true;
    }),
  );
  let form: FormData;
  try {
    const request = new Request('http://storage.local/upload', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: stream as unknown as BodyInit,
      duplex: 'half',
    } as RequestInit);
    form = await request.formData();
  } catch (error) {
    if (isExceeded) throw ERRORS.entityTooLarge();
    if (error instanceof StorageError) throw error;
    throw ERRORS.noContentProvided(error instanceof Error ? error.message : undefined);
  }
  let file: File | undefined;
  for (const [, value] of form) {
    if (typeof value !== 'string') {
      file = value;
      break;
    }
  }
  if (!file) throw ERRORS.noContentProvided();
  const field = (name: string): string | undefined => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  // busboy reports the part's type/subtype without parameters; a contentType field overrides it.
  const partType = (file.type.split(';')[0] ?? '').trim().toLowerCase();
  const mimeType = field('contentType') || partType || 'text/plain';
  const cacheTime = field('cacheControl');
  const cacheControl = cacheTime ? `max-age=${cacheTime}` : 'no-cache';
  // Both become response headers of every download: refuse what could not be written back.
  assertValidCacheControl(cacheControl);
  assertValidContentType(mimeType);
  if (limits.shouldCheckMimeType) assertAllowedMimeType(mimeType, limits.allowedMimeTypes);
  let userMetadata: unknown;
  const customMetadata = field('metadata') ?? field('userMetadata');
  if (customMetadata !== undefined) {
    if (Buffer.byteLength(customMetadata, 'utf8') > MAX_CUSTOM_METADATA_SIZE)
      throw ERRORS.entityTooLarge('user_metadata');
    try {
      userMetadata = JSON.parse(customMetadata) as unknown;
    } catch {
      userMetadata = undefined;
    }
  }
  if (file.size > limits.maxFileSize) throw ERRORS.entityTooLarge();
  return {
    mimeType,
    cacheControl,
    userMetadata,
    declaredLength: readDeclaredLength(req),
    body: file.stream() as unknown as AsyncIterable<Uint8Array>,
  };
}

/** Reads the upload's description; for raw bodies the bytes stay unread in `body`. */
export async function readUploadRequest(req: IncomingMessage, limits: UploadLimits): Promise<UploadSource> {
  const contentType = header(req, 'content-type');
  if (contentType?.startsWith('multipart/form-data')) return readMultipart(req, contentType, limits);

  const mimeType = contentType || 'application/octet-stream';
  const cacheControl = header(req, 'cache-control') ?? 'no-cache';
  // Node's parser already refuses control characters in request headers; checked anyway, as for forms.
  assertValidCacheControl(cacheControl);
  assertValidContentType(mimeType);
  if (limits.shouldCheckMimeType) assertAllowedMimeType(mimeType, limits.allowedMimeTypes);
  const customMetadata = header(req, 'x-metadata');
  const declaredLength = readDeclaredLength(req);
  // Known-size bodies are refused before a byte is read; unknown sizes are cut off while streaming.
  if (declaredLength !== undefined && declaredLength > limits.maxFileSize) throw ERRORS.entityTooLarge();
  return {
    mimeType,
    cacheControl,
    userMetadata: customMetadata === undefined ? undefined : parseUserMetadataHeader(customMetadata),
    declaredLength,
    body: req as AsyncIterable<Uint8Array>,
  };
}
