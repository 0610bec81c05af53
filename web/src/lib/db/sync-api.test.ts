import { describe, expect, it } from 'vitest';
import type { PostgrestError } from '@supabase/supabase-js';
import { classifySyncError } from '../supabase/sync-api.ts';
import { computeBackoffMs } from './sync-loop.ts';

function rpcError(code: string, status: number, details: unknown = null): [PostgrestError, number] {
  return [
    {
      name: 'PostgrestError',
      code: `PT${status}`,
      message: code,
      details: details === null ? '' : JSON.stringify(details),
      hint: `errors.rpc.${code}`,
    } as PostgrestError,
    status,
  ];
}

describe('sync RPC error classification', () => {
  it('reads the expected mutation id of a gap', () => {
    expect(classifySyncError(...rpcError('mutation_gap', 409, { expected: 12 }))).toMatchObject({
      kind: 'gap',
      code: 'mutation_gap',
      expected: 12,
    });
  });

  it('stops on lost membership, a foreign client id and refused batches', () => {
    for (const [code, status] of [
      ['not_a_member', 403],
      ['client_mismatch', 403],
      ['sync_batch_invalid', 400],
      ['sync_batch_too_large', 413],
    ] as const) {
      expect(classifySyncError(...rpcError(code, status))).toMatchObject({ kind: 'fatal', code });
    }
  });

  it('retries network failures, 5xx, serialization failures and expired tokens', () => {
    const cases: [Partial<PostgrestError>, number][] = [
      [{ code: '', message: 'TypeError: fetch failed' }, 0],
      [{ code: '40001', message: 'could not serialize access' }, 500],
      [{ code: '40P01', message: 'deadlock detected' }, 409],
      [{ code: 'PGRST301', message: 'JWT expired' }, 401],
      [{ code: 'PT401', message: 'not_authenticated', hint: 'errors.rpc.not_authenticated' }, 401],
      [{ code: 'PGRST000', message: 'connection refused' }, 503],
    ];
    for (const [error, status] of cases) {
      expect(classifySyncError({ details: '', hint: '', ...error } as PostgrestError, status).kind).toBe('transient');
    }
  });

  it('backs off exponentially with jitter, capped at 30 s', () => {
    expect(computeBackoffMs(1, () => 0)).toBe(500);
    expect(computeBackoffMs(1, () => 1)).toBe(1_000);
    expect(computeBackoffMs(3, () => 1)).toBe(4_000);
    expect(computeBackoffMs(20, () => 1)).toBe(30_000);
    expect(computeBackoffMs(20, () => 0)).toBe(15_000);
  });
});
