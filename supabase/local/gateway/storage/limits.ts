/**
 * Input rules storage-api enforces before touching the database or the disk
 * (supabase/storage src/storage/limits.ts, uploader.ts#validateMimeType, storage.ts#validateMimeType,
 * range.ts, backend/secure-path.ts). Object keys are additionally refused when they contain `.`/`..`
 * segments, a leading `/` or NUL, as upstream's file backend does — our files are named by version
 * ids, so keys never reach the filesystem, but the API answers as the local CLI's file backend would.
 */
import { validateHeaderValue } from 'node:http';
import { ERRORS } from './errors.ts';

// Hyphen last so it stays a literal (upstream VALID_OBJECT_KEY / VALID_BUCKET_NAME).
const VALID_OBJECT_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/;
const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-5][0-9a-f]{3}-[089ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Largest LIMIT/OFFSET passed to Postgres; bigger values would overflow its integer types. */
export const MAX_SQL_COUNT = 2_147_483_647;
/** Most objects one request may sign or look up at once (MAX_OBJECTS_PER_REQUEST). */
export const MAX_OBJECTS_PER_REQUEST = 1000;
/** Rows removed per transaction (MAX_OBJECTS_PER_DELETE_BATCH). */
export const MAX_OBJECTS_PER_DELETE_BATCH = 500;
/** Custom metadata larger than this is refused (uploader.ts MAX_CUSTOM_METADATA_SIZE). */
export const MAX_CUSTOM_METADATA_SIZE = 1024 * 1024;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Whether a key only uses the S3-safe characters storage-api accepts. */
export function isValidKey(key: string): boolean {
  return key.length > 0 && VALID_OBJECT_KEY.test(key);
}

/** S3's key length limit; longer names would also overflow the (bucket_id, name) btree index. */
export const MAX_KEY_BYTES = 1024;

/** Throws InvalidKey unless the key is safe: S3-safe characters, relative, no dot segments. */
export function assertValidKey(key: string): void {
  if (!isValidKey(key) || Buffer.byteLength(key) > MAX_KEY_BYTES) throw ERRORS.invalidKey(key);
  if (key.startsWith('/') || key.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw ERRORS.invalidKey(key);
  }
}

/** Throws InvalidBucketName unless the name has 1–100 S3-safe characters. */
export function assertValidBucketName(name: string): void {
  if (name.length === 0 || name.length > 100 || !VALID_BUCKET_NAME.test(name)) throw ERRORS.invalidBucketName();
}

/** Placeholder objects the dashboard uses for empty folders; they must be 0 bytes. */
export function isEmptyFolderPlaceholder(key: string): boolean {
  return key.endsWith('.emptyFolderPlaceholder');
}

/**
 * Accepts `type/subtype` against a bucket's allowed list (`image/*` wildcards allowed). Like
 * upstream, parameters are part of the subtype: `text/plain;charset=UTF-8` (storage-js's default
 * content type) only matches an allowed entry spelled exactly that way, or `text/*`.
 */
export function assertAllowedMimeType(mimeType: string, allowed: readonly string[]): void {
  const [type, subtype] = mimeType.split('/');
  if (type === undefined || subtype === undefined) throw ERRORS.invalidMimeType(mimeType);
  for (const entry of allowed) {
    const [allowedType, allowedSubtype] = entry.split('/');
    if (allowedType === type && (allowedSubtype === '*' || allowedSubtype === subtype)) return;
  }
  throw ERRORS.invalidMimeType(mimeType);
}

/** Validates a bucket's allowed_mime_types entries (storage.ts#validateMimeType). */
export function assertValidMimeTypeList(mimeTypes: readonly string[]): void {
  for (const type of mimeTypes) {
    if (type.length > 1000) throw ERRORS.invalidMimeType(type);
    if (!/^([a-zA-Z0-9\-+.]+)\/([a-zA-Z0-9\-+.]+)(;\s*charset=[a-zA-Z0-9-]+)?$|\*$/.test(type)) {
      throw ERRORS.invalidMimeType(type);
    }
  }
}

/**
 * Longest stored value that is later written as a response header (Cache-Control, Content-Type).
 * Clients refuse oversized header blocks (undici: 16 KiB in all), which would make the object
 * undownloadable; real values are a few dozen characters.
 */
export const MAX_HEADER_VALUE_LENGTH = 4096;

/**
 * Whether a value can be written back as a response header, by Node's own rule (no CR, LF, NUL or
 * other control characters, nothing above U+00FF) — the check that answers 500 ERR_INVALID_CHAR
 * on every later download if a bad value was stored.
 */
export function isValidHeaderValue(value: string): boolean {
  if (value.length > MAX_HEADER_VALUE_LENGTH) return false;
  try {
    validateHeaderValue('x-storage-value', value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Deviation: storage-api stores cacheControl / contentType unchecked; a value with CR/LF then
 * breaks every download. They are refused at upload instead (InvalidParameter / InvalidMimeType).
 */
export function assertValidCacheControl(cacheControl: string): void {
  if (!isValidHeaderValue(cacheControl)) throw ERRORS.invalidParameter('cacheControl');
}

export function assertValidContentType(mimeType: string): void {
  if (!isValidHeaderValue(mimeType)) throw ERRORS.invalidMimeType(mimeType);
}

/** Parses "20MB" / "30KB" / "3B" (decimal units, as storage-api does) into bytes. */
export function parseFileSizeToBytes(valueWithUnit: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(gb|mb|kb|b)$/i.exec(valueWithUnit);
  if (!match) throw ERRORS.invalidFileSizeLimit();
  const value = Number(Number.parseFloat(match[1] ?? '0').toPrecision(3));
  switch ((match[2] ?? '').toUpperCase()) {
    case 'GB':
      return value * 1e9;
    case 'MB':
      return value * 1e6;
    case 'KB':
      return value * 1000;
    default:
      return value;
  }
}

export type ByteRange = { readonly from: number; readonly to: number; readonly size: number };

/** Parses a single `Range: bytes=a-b` header (range.ts#parseRangeHeader); throws InvalidRange (416). */
export function parseRangeHeader(range: string, fileSize: number): ByteRange {
  const match = /^bytes=(\d*)-(\d*)$/.exec(range);
  if (!match || fileSize <= 0) throw ERRORS.invalidRange();
  const [, startValue = '', endValue = ''] = match;
  if (!startValue && !endValue) throw ERRORS.invalidRange();
  if (!startValue) {
    const suffix = Number(endValue);
    if (!Number.isSafeInteger(suffix) || suffix <= 0) throw ERRORS.invalidRange();
    const from = Math.max(fileSize - suffix, 0);
    return { from, to: fileSize - 1, size: fileSize - from };
  }
  const from = Number(startValue);
  const to = endValue ? Number(endValue) : fileSize - 1;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to || from >= fileSize) {
    throw ERRORS.invalidRange();
  }
  const clamped = Math.min(to, fileSize - 1);
  return { from, to: clamped, size: clamped - from + 1 };
}
