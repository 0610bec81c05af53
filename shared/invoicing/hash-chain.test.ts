import { describe, expect, it } from 'vitest';
import { canonicalise, chainEntry, GENESIS_HASH, sha256Hex, verifyChain } from './hash-chain.ts';
import type { ChainEntry } from './hash-chain.ts';
import { formatDocumentNumber, parseDocumentNumber } from './numbering.ts';

describe('canonicalise', () => {
  it('sorts keys at every level, drops undefined, keeps array order', () => {
    expect(canonicalise({ b: 1, a: { d: [3, 1], c: 'é' }, z: undefined })).toBe('{"a":{"c":"é","d":[3,1]},"b":1}');
    expect(canonicalise({ a: 1, b: 2 })).toBe(canonicalise({ b: 2, a: 1 }));
    expect(canonicalise([undefined, null])).toBe('[null,null]');
  });

  it('refuses values without an exact JSON form', () => {
    expect(() => canonicalise({ amount: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalise({ at: () => 1 })).toThrow(TypeError);
  });
});

describe('hash chain', () => {
  it('hashes with SHA-256 (known vector)', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  async function buildChain(payloads: unknown[]): Promise<ChainEntry[]> {
    const entries: ChainEntry[] = [];
    let previous: string | null = null;
    for (const payload of payloads) {
      const hash: string = await chainEntry(previous, payload);
      entries.push({ payload, hash });
      previous = hash;
    }
    return entries;
  }

  const PAYLOADS = [
    { kind: 'finalisation', number: '2026-0001', total_ttc_cents: 10788 },
    { kind: 'payment', number: '2026-0001', amount_cents: 5000 },
    { kind: 'credit_note', number: 'AV-2026-0001', total_ttc_cents: 2400 },
  ];

  it('verifies an intact chain and chains from the genesis hash', async () => {
    const chain = await buildChain(PAYLOADS);
    expect(await verifyChain(chain)).toEqual({ ok: true });
    expect(chain[0]?.hash).toBe(await chainEntry(GENESIS_HASH, PAYLOADS[0]));
    expect(await verifyChain([])).toEqual({ ok: true });
  });

  it('reports the first broken link when a payload is altered', async () => {
    const chain = await buildChain(PAYLOADS);
    chain[1] = { ...chain[1]!, payload: { ...PAYLOADS[1], amount_cents: 50 } };
    expect(await verifyChain(chain)).toEqual({ ok: false, brokenAt: 1 });
  });

  it('reports a removed or reordered entry', async () => {
    const chain = await buildChain(PAYLOADS);
    expect(await verifyChain([chain[0]!, chain[2]!])).toEqual({ ok: false, brokenAt: 1 });
    expect(await verifyChain([chain[1]!, chain[0]!, chain[2]!])).toEqual({ ok: false, brokenAt: 0 });
  });

  it('does not depend on key order in the stored payload', async () => {
    const chain = await buildChain(PAYLOADS);
    chain[0] = { ...chain[0]!, payload: { total_ttc_cents: 10788, number: '2026-0001', kind: 'finalisation' } };
    expect(await verifyChain(chain)).toEqual({ ok: true });
  });
});

describe('document numbers', () => {
  it('formats per series and year, padding to four digits', () => {
    expect(formatDocumentNumber({ prefix: '' }, 2026, 1)).toBe('2026-0001');
    expect(formatDocumentNumber({ prefix: 'AV-' }, 2026, 42)).toBe('AV-2026-0042');
    expect(formatDocumentNumber({ prefix: '' }, 2026, 12345)).toBe('2026-12345');
  });

  it('refuses a sequence below 1 and parses numbers back', () => {
    expect(() => formatDocumentNumber({ prefix: '' }, 2026, 0)).toThrow(RangeError);
    expect(parseDocumentNumber({ prefix: 'AV-' }, 'AV-2026-0042')).toEqual({ year: 2026, sequence: 42 });
    expect(parseDocumentNumber({ prefix: 'AV-' }, '2026-0042')).toBeNull();
  });
});
