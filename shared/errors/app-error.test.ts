import { describe, expect, it } from 'vitest';
import { AppError, HTTP_STATUS_BY_CODE, appErrorFromPostgres } from './app-error.ts';

describe('AppError', () => {
  it('never serialises its internal message', () => {
    const error = new AppError('INTERNAL', 'connection string postgres://secret@db failed');
    expect(JSON.stringify(error)).not.toContain('secret');
    expect(error.toJSON()).toEqual({ code: 'INTERNAL', userMessage: 'errors.internal' });
  });

  it('maps each code to its HTTP status', () => {
    expect(new AppError('NOT_FOUND', 'x').httpStatus).toBe(404);
    expect(new AppError('RATE_LIMITED', 'x').httpStatus).toBe(429);
    expect(Object.keys(HTTP_STATUS_BY_CODE)).toHaveLength(9);
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
