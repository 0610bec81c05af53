/**
 * One error type across runtimes (browser, Node, Deno, and mapped from Postgres): a code from
 * an `as const` table, an internal message for logs, and a `userMessage` i18n key that the UI
 * translates. Objects the caller may not see answer NOT_FOUND, so existence does not leak.
 */

export const ERROR_CODES = {
  INVALID_INPUT: 'INVALID_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** HTTP status for each code (documenso-style single table). */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/** Default i18n key per code; specific errors pass a more precise key. */
export const DEFAULT_USER_MESSAGE: Readonly<Record<ErrorCode, string>> = {
  INVALID_INPUT: 'errors.invalidInput',
  UNAUTHENTICATED: 'errors.unauthenticated',
  FORBIDDEN: 'errors.forbidden',
  NOT_FOUND: 'errors.notFound',
  CONFLICT: 'errors.conflict',
  PAYLOAD_TOO_LARGE: 'errors.payloadTooLarge',
  RATE_LIMITED: 'errors.rateLimited',
  INTERNAL: 'errors.internal',
  UNAVAILABLE: 'errors.unavailable',
};

export type AppErrorJson = {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly details?: Readonly<Record<string, unknown>>;
};

export class AppError extends Error {
  readonly code: ErrorCode;
  /** i18n key, safe to show (after translation). */
  readonly userMessage: string;
  /** Safe, structured context (offending fields, wait time…), never internals. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { userMessage?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = options.userMessage ?? DEFAULT_USER_MESSAGE[code];
    this.details = options.details;
  }

  get httpStatus(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }

  /** What crosses the wire: never the internal message. */
  toJSON(): AppErrorJson {
    return this.details === undefined
      ? { code: this.code, userMessage: this.userMessage }
      : { code: this.code, userMessage: this.userMessage, details: this.details };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Maps a Postgres / PostgREST error ({code, message}) to an AppError (STYLE §6). */
export function appErrorFromPostgres(error: { code?: string | undefined; message?: string | undefined }): AppError {
  const sqlstate = error.code ?? '';
  const message = error.message ?? 'database error';
  if (sqlstate === '23505') return new AppError('CONFLICT', message, { cause: error });
  if (sqlstate === '42501') return new AppError('FORBIDDEN', message, { cause: error });
  if (sqlstate === 'PGRST301' || sqlstate === 'PGRST302' || sqlstate === 'PGRST303') {
    return new AppError('UNAUTHENTICATED', message, { cause: error });
  }
  if (sqlstate === 'PGRST202' || sqlstate === '42883' || sqlstate === 'P0002') {
    return new AppError('NOT_FOUND', message, { cause: error });
  }
  if (sqlstate === 'PGRST413') return new AppError('PAYLOAD_TOO_LARGE', message, { cause: error });
  if (sqlstate.startsWith('22') || sqlstate.startsWith('23') || sqlstate === 'P0001' || sqlstate === 'PGRST102') {
    return new AppError('INVALID_INPUT', message, { cause: error });
  }
  if (sqlstate.startsWith('08') || sqlstate.startsWith('53') || sqlstate === '57P01') {
    return new AppError('UNAVAILABLE', message, { cause: error });
  }
  return new AppError('INTERNAL', message, { cause: error });
}
