import { describe, expect, it } from 'vitest';
import type { PostgrestError } from '@supabase/supabase-js';
import { pullResponseSchema } from '@shared/sync/protocol.ts';
import { classifySyncError, parsePullResponse } from '../supabase/sync-api.ts';
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

describe('sync_pull answer validation', () => {
  const ROW = {
    id: '019a8f00-1000-7000-8000-0000000000a1',
    tenant_id: '019a8f00-1000-7000-8000-000000000001',
    created_at: '2026-11-22T09:00:00Z',
    updated_at: '2026-11-22T09:00:00Z',
    last_name: 'Roux',
  };
  const page = (contacts: unknown[], extra: Record<string, unknown> = {}) => ({
    changes: { companies: [], contacts },
    deletes: { companies: [], contacts: [] },
    evict: { companies: [], contacts: [ROW.id] },
    cursor: 'c',
    has_more: false,
    reset: false,
    snapshot: '10:12:',
    progress: null,
    ...extra,
  });

  it('keeps every column of a row and drops unknown envelope keys, as pullResponseSchema', () => {
    const data = page([ROW], { extra: 1 });
    expect(parsePullResponse(data)).toEqual(pullResponseSchema.parse(data));
    expect(parsePullResponse(data)?.changes.contacts[0]).toEqual(ROW);
  });

  it('reads a missing table key as "nothing" and drops tables it does not know, as pullResponseSchema', () => {
    // The server answers only the tables the caller may read; a newer server may add tables.
    const data = { ...page([ROW]), changes: { contacts: [ROW], invoices: [{ id: 1 }] }, deletes: {} };
    const parsed = parsePullResponse(data);
    expect(parsed).toEqual(pullResponseSchema.parse(data));
    expect(parsed?.changes.contacts).toEqual([ROW]);
    expect(parsed?.changes.companies).toEqual([]);
    expect(parsed?.changes.opportunities).toEqual([]);
    expect(parsed?.deletes.tasks).toEqual([]);
    expect(parsed?.evict.contacts).toEqual([ROW.id]);
    expect(Object.keys(parsed?.changes ?? {})).not.toContain('invoices');
  });

  it('refuses rows without a uuid id or tenant_id or stamps, and a broken envelope', () => {
    for (const bad of [
      page([{ ...ROW, id: 'nope' }]),
      page([{ ...ROW, tenant_id: undefined }]),
      page([{ ...ROW, updated_at: 3 }]),
      page([null]),
      page([[ROW]]),
      page([ROW], { has_more: 'no' }),
      page([ROW], { evict: { companies: [], contacts: ['x'] } }),
      page([ROW], { deletes: { opportunities: [3] } }),
      { ...page([ROW]), changes: undefined },
      null,
    ]) {
      expect(parsePullResponse(bad)).toBeUndefined();
      expect(pullResponseSchema.safeParse(bad).success).toBe(false);
    }
  });
});
