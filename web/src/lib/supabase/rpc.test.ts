import { describe, expect, it } from 'vitest';
import { toRpcAppError } from './rpc.ts';

describe('toRpcAppError', () => {
  it('keeps the code, status class and details of an error the database raised on purpose', () => {
    const error = toRpcAppError(
      {
        name: 'PostgrestError',
        code: 'PT400',
        message: 'invalid_input',
        details: '{"field": "siren"}',
        hint: 'errors.rpc.invalid_input',
      } as never,
      400,
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.userMessage).toBe('errors.rpc.invalid_input');
    expect(error.details).toEqual({ field: 'siren' });
  });

  it('maps 403 mfa_required, 404 and 410 to their codes', () => {
    const mfa = toRpcAppError(
      { code: 'PT403', message: 'mfa_required', details: '{}', hint: 'errors.rpc.mfa_required' } as never,
      403,
    );
    expect([mfa.code, mfa.userMessage]).toEqual(['FORBIDDEN', 'errors.rpc.mfa_required']);
    const gone = toRpcAppError(
      { code: 'PT410', message: 'invitation_expired', details: '{}', hint: 'errors.rpc.invitation_expired' } as never,
      410,
    );
    expect(gone.code).toBe('NOT_FOUND');
  });

  it('falls back to the generic mapping for other database errors, without leaking the message', () => {
    const error = toRpcAppError(
      {
        code: '23505',
        message: 'duplicate key value violates unique constraint "x"',
        details: null,
        hint: null,
      } as never,
      409,
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.userMessage).toBe('errors.conflict');
    expect(JSON.stringify(error)).not.toContain('duplicate key');
  });

  it('does not trust a hint without a code-shaped message', () => {
    const error = toRpcAppError(
      { code: 'P0001', message: 'Some raw text', details: null, hint: 'errors.rpc.forbidden' } as never,
      400,
    );
    expect(error.userMessage).toBe('errors.invalidInput');
  });
});

describe('announceIfMfaRequired', () => {
  it('tells the step-up listeners about mfa_required refusals only', async () => {
    const { announceIfMfaRequired, onMfaRequired } = await import('./mfa-required.ts');
    const { AppError } = await import('@shared/errors/app-error.ts');
    let calls = 0;
    const stop = onMfaRequired(() => {
      calls += 1;
    });
    announceIfMfaRequired(new AppError('FORBIDDEN', 'x', { userMessage: 'errors.rpc.mfa_required' }));
    announceIfMfaRequired(new AppError('FORBIDDEN', 'x', { userMessage: 'errors.rpc.forbidden' }));
    stop();
    announceIfMfaRequired(new AppError('FORBIDDEN', 'x', { userMessage: 'errors.rpc.mfa_required' }));
    expect(calls).toBe(1);
  });
});
