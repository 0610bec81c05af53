import { describe, expect, it } from 'vitest';
import { AppError, DEFAULT_USER_MESSAGE, ERROR_CODES, HTTP_STATUS_BY_CODE, appErrorFromPostgres } from './app-error.ts';

describe('AppError', () => {
  it('never serialises its internal message', () => {
    const error = new AppError('INTERNAL', 'connection string postgres://secret@db failed');
    expect(JSON.stringify(error)).not.toContain('secret');
    expect(error.toJSON()).toEqual({ code: 'INTERNAL', userMessage: 'errors.internal' });
  });

  it('gives every code an HTTP error status and a translatable message key', () => {
    expect(new AppError('NOT_FOUND', 'x').httpStatus).toBe(404);
    expect(new AppError('RATE_LIMITED', 'x').httpStatus).toBe(429);
    for (const code of Object.values(ERROR_CODES)) {
      expect(HTTP_STATUS_BY_CODE[code], code).toBeGreaterThanOrEqual(400);
      expect(DEFAULT_USER_MESSAGE[code], code).toMatch(/^errors\./);
    }
  });

  it.each([
    ['23505', 'CONFLICT'],
    ['23503', 'INVALID_INPUT'],
    ['22P02', 'INVALID_INPUT'],
    ['42501', 'FORBIDDEN'],
    ['PGRST303', 'UNAUTHENTICATED'],
    ['PGRST202', 'NOT_FOUND'],
    ['08006', 'UNAVAILABLE'],
    ['XX000', 'INTERNAL'],
  ])('maps SQLSTATE %s to %s', (sqlstate, code) => {
    expect(appErrorFromPostgres({ code: sqlstate, message: 'm' }).code).toBe(code);
  });
});
