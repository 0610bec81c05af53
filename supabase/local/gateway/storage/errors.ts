/**
 * Storage API errors in the exact shape storage-api renders them
 * (supabase/storage src/internal/errors/{codes,storage-error}.ts, src/http/error-handler.ts):
 * body `{statusCode: "<semantic status>", code, error, message}`, and HTTP status 400 for every
 * error whose semantic status is not 500 — storage-js reads the semantic status from the body.
 * A few errors carry their own HTTP status upstream (range 416, service-role gate 403,
 * Fastify's body-size 413); those set `httpStatus` explicitly.
 */
import { HttpReply } from '../http.ts';

export type StorageErrorBody = {
  readonly statusCode: string;
  readonly code: string;
  readonly error: string;
  readonly message: string;
};

type StorageErrorOptions = {
  /** Upstream ErrorCode (`NoSuchKey`, `AccessDenied`, …). */
  readonly code: string;
  /** Semantic status rendered as `statusCode` in the body. */
  readonly status: number;
  readonly message: string;
  /** Backwards-compatible `error` label; upstream falls back to the code when absent. */
  readonly label?: string;
  /** HTTP status when it differs from upstream's default (500 stays 500, everything else 400). */
  readonly httpStatus?: number;
  readonly headers?: Readonly<Record<string, string>>;
};

export class StorageError extends Error {
  readonly code: string;
  readonly status: number;
  readonly label: string;
  readonly httpStatus: number;
  readonly headers: Readonly<Record<string, string>>;
  constructor(options: StorageErrorOptions) {
    super(options.message);
    this.code = options.code;
    this.status = options.status;
    this.label = options.label ?? options.code;
    this.httpStatus = options.httpStatus ?? (options.status === 500 ? 500 : 400);
    this.headers = options.headers ?? {};
  }

  toBody(): StorageErrorBody {
    return { statusCode: String(this.status), code: this.code, error: this.label, message: this.message };
  }

  toReply(): HttpReply {
    return new HttpReply(this.httpStatus, this.toBody(), { ...this.headers });
  }
}

/** The upstream error catalogue (src/internal/errors/codes.ts ERRORS), same codes, labels and words. */
export const ERRORS = {
  noSuchBucket: () =>
    new StorageError({ code: 'NoSuchBucket', status: 404, label: 'Bucket not found', message: 'Bucket not found' }),
  noSuchKey: () =>
    new StorageError({ code: 'NoSuchKey', status: 404, label: 'not_found', message: 'Object not found' }),
  /** What the asset renderer answers when the bytes themselves are missing (renderer.ts). */
  missingAsset: () =>
    new StorageError({
      code: 'NoSuchKey',
      status: 404,
      label: 'Not found',
      message: 'The resource was not found',
      headers: { 'cache-control': 'no-store' },
    }),
  accessDenied: (message: string) =>
    new StorageError({ code: 'AccessDenied', status: 403, label: 'Unauthorized', message: message || 'Access denied' }),
  /** enforceJwtRole: the only error here whose HTTP status is the semantic one. */
  invalidRole: () =>
    new StorageError({
      code: 'AccessDenied',
      status: 403,
      label: 'Unauthorized',
      message: 'Access denied: Invalid role',
      httpStatus: 403,
    }),
  resourceAlreadyExists: () =>
    new StorageError({
      code: 'ResourceAlreadyExists',
      status: 409,
      label: 'Duplicate',
      message: 'The resource already exists',
    }),
  keyAlreadyExists: () =>
    new StorageError({
      code: 'KeyAlreadyExists',
      status: 409,
      label: 'Duplicate',
      message: 'The resource already exists',
    }),
  bucketAlreadyExists: () =>
    new StorageError({
      code: 'BucketAlreadyExists',
      status: 409,
      label: 'Duplicate',
      message: 'The resource already exists',
    }),
  bucketNotEmpty: () =>
    new StorageError({ code: 'ResourceNotEmpty', status: 409, message: 'The bucket you tried to delete is not empty' }),
  invalidJwt: (message: string) =>
    new StorageError({ code: 'InvalidJWT', status: 400, message: message || 'Invalid JWT' }),
  invalidSignature: (message?: string) =>
    new StorageError({ code: 'InvalidSignature', status: 400, message: message || 'Invalid signature' }),
  expiredSignature: () =>
    new StorageError({ code: 'ExpiredToken', status: 400, message: 'The provided token has expired.' }),
  invalidKey: (key: string) => new StorageError({ code: 'InvalidKey', status: 400, message: `Invalid key: ${key}` }),
  invalidBucketName: () =>
    new StorageError({
      code: 'InvalidBucketName',
      status: 400,
      label: 'Invalid Input',
      message: 'Bucket name invalid',
    }),
  invalidMimeType: (mimeType: string) =>
    new StorageError({
      code: 'InvalidMimeType',
      status: 415,
      label: 'invalid_mime_type',
      message: `mime type ${mimeType} is not supported`,
    }),
  entityTooLarge: (entity = 'object') =>
    new StorageError({
      code: 'EntityTooLarge',
      status: 413,
      label: 'Payload too large',
      message: `The ${entity} exceeded the maximum allowed size`,
    }),
  invalidRequest: (message: string) =>
    new StorageError({ code: 'InvalidRequest', status: 400, message: message || 'Invalid Request' }),
  noContentProvided: (message?: string) =>
    new StorageError({ code: 'InvalidRequest', status: 400, message: message || 'No content provided' }),
  invalidParameter: (parameter: string, message?: string) =>
    new StorageError({ code: 'InvalidParameter', status: 400, message: message || `Invalid Parameter ${parameter}` }),
  invalidFileSizeLimit: () =>
    new StorageError({
      code: 'InvalidRequest',
      status: 400,
      message: 'Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B',
    }),
  invalidRange: () =>
    new StorageError({
      code: 'InvalidRange',
      status: 416,
      label: 'invalid_range',
      message: 'invalid range provided',
      httpStatus: 416,
    }),
  /** Fastify schema validation (FST_ERR_VALIDATION → InvalidRequest), e.g. "body must be object". */
  validation: (message: string) => new StorageError({ code: 'InvalidRequest', status: 400, label: 'Error', message }),
  /** Fastify FST_ERR_CTP_INVALID_JSON_BODY. */
  invalidJsonBody: () =>
    new StorageError({
      code: 'InvalidRequest',
      status: 400,
      label: 'FastifyError',
      message: "Body is not valid JSON but content-type is set to 'application/json'",
    }),
  /** Fastify FST_ERR_CTP_BODY_TOO_LARGE: rendered with its own HTTP status. */
  bodyTooLarge: () =>
    new StorageError({
      code: 'EntityTooLarge',
      status: 413,
      label: 'FastifyError',
      message: 'Request body is too large',
      httpStatus: 413,
    }),
  /** Fastify FST_ERR_BAD_URL: an unknown Fastify code, which upstream renders as InternalError. */
  badUrl: (path: string) =>
    new StorageError({
      code: 'InternalError',
      status: 400,
      label: 'FastifyError',
      message: `'${path}' is not a valid url component`,
    }),
  routeNotFound: (method: string, url: string) =>
    new StorageError({
      code: 'InvalidRequest',
      status: 404,
      label: 'Not Found',
      message: `Route ${method}:${url} not found`,
      httpStatus: 404,
    }),
  relatedResourceNotFound: () =>
    new StorageError({ code: 'InvalidRequest', status: 404, message: 'The related resource does not exist' }),
  resourceReferenced: () =>
    new StorageError({
      code: 'ResourceReferenced',
      status: 409,
      message: 'The resource could not be updated or removed due to a foreign key constraint',
    }),
  resourceLocked: () => new StorageError({ code: 'ResourceLocked', status: 423, message: 'The resource is locked' }),
  databaseTimeout: () =>
    new StorageError({
      code: 'DatabaseTimeout',
      status: 544,
      message: 'The connection to the database timed out',
      httpStatus: 544,
    }),
  databaseError: (sqlState: string) =>
    new StorageError({ code: 'DatabaseError', status: 500, message: `database error, code: ${sqlState}` }),
  internal: () =>
    new StorageError({ code: 'InternalError', status: 500, label: 'Internal', message: 'Internal Server Error' }),
} as const;

type PgError = { code?: unknown; message?: unknown; detail?: unknown };

/** Whether a thrown value is a PostgreSQL error reported by node-pg. */
export function isPgError(error: unknown): error is PgError & { code: string } {
  return (
    error !== null &&
    typeof error === 'object' &&
    typeof (error as PgError).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((error as PgError).code as string)
  );
}

/** Maps a PostgreSQL error the way storage-api's DBError.fromDBError does. */
export function mapDbError(error: PgError & { code: string }): StorageError {
  const message = typeof error.message === 'string' ? error.message : '';
  switch (error.code) {
    case '42501':
      return ERRORS.accessDenied(
        message.includes('row-level security') ? 'new row violates row-level security policy' : message,
      );
    case '23505':
      return ERRORS.resourceAlreadyExists();
    case '23503':
      return typeof error.detail === 'string' && error.detail.includes('is still referenced from table')
        ? ERRORS.resourceReferenced()
        : ERRORS.relatedResourceNotFound();
    case '55P03':
      return ERRORS.resourceLocked();
    case '57014':
      return ERRORS.databaseTimeout();
    case '22P02':
      return ERRORS.invalidParameter('value', message || 'Invalid value format or type conversion failed');
    // Deviation: upstream answers 500 here; a NUL byte in a key or bucket name is bad input, not a
    // server fault, and the gateway never answers 5xx to malformed requests.
    case '22021':
    case '22P05':
      return ERRORS.invalidParameter('value', message);
    default:
      return ERRORS.databaseError(error.code);
  }
}

/** Normalises anything thrown inside a storage handler into a StorageError. */
export function toStorageError(error: unknown): StorageError | undefined {
  if (error instanceof StorageError) return error;
  if (isPgError(error)) return mapDbError(error);
  return undefined;
}
