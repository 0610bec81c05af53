import { describe, expect, it } from 'vitest';
import { createUuidV7, createUuidV7Generator, getUuidV7Timestamp, isUuidV7 } from './uuidv7.ts';

/** A deterministic "random" source: every byte set to the same value. */
const fillWith = (value: number) => (bytes: Uint8Array) => bytes.fill(value);

describe('UUIDv7', () => {
  it('lays out timestamp, version and variant as RFC 9562 §5.7 says', () => {
    const generate = createUuidV7Generator(fillWith(0xff));
    // 2026-11-21T10:00:00.000Z = 0x01a1fd8c6900 ms.
    const uuid = generate(Date.UTC(2026, 10, 21, 10));
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const hex = uuid.replace(/-/g, '');
    expect(hex.slice(0, 12)).toBe(Date.UTC(2026, 10, 21, 10).toString(16).padStart(12, '0'));
    expect(hex[12]).toBe('7');
    // Variant 0b10: the high nibble of byte 8 is 8, 9, a or b; all-ones random gives b.
    expect(hex[16]).toBe('b');
    expect(hex.slice(17)).toBe('fffffffffffffff');
    expect(isUuidV7(uuid)).toBe(true);
    expect(getUuidV7Timestamp(uuid)).toBe(Date.UTC(2026, 10, 21, 10));
  });

  it('encodes the Unix epoch and the largest 48-bit time', () => {
    const generate = createUuidV7Generator(fillWith(0));
    expect(generate(0)).toBe('00000000-0000-7000-8000-000000000000');
    const latest = createUuidV7Generator(fillWith(0))(2 ** 48 - 1);
    expect(latest.startsWith('ffffffff-ffff-7')).toBe(true);
  });

  it('keeps ids strictly increasing within one millisecond and when the clock goes back', () => {
    const generate = createUuidV7Generator(fillWith(0xff));
    const ids = [generate(1000), generate(1000), generate(1000), generate(999), generate(1001)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // The clock went back: the id keeps the last time rather than travelling back with it.
    expect(getUuidV7Timestamp(ids[3] ?? '')).toBe(1000);
  });

  it('borrows the next millisecond when 4096 ids share one', () => {
    const generate = createUuidV7Generator(fillWith(0));
    const ids = Array.from({ length: 5000 }, () => generate(5000));
    expect([...ids].sort()).toEqual(ids);
    expect(getUuidV7Timestamp(ids.at(-1) ?? '')).toBe(5001);
  });

  it('draws from Web Crypto by default and refuses other versions', () => {
    const a = createUuidV7();
    const b = createUuidV7();
    expect(isUuidV7(a) && isUuidV7(b)).toBe(true);
    expect(a < b).toBe(true);
    expect(isUuidV7('019a8f00-1000-4000-8000-000000000001')).toBe(false);
    expect(isUuidV7('019a8f00-1000-7000-c000-000000000001')).toBe(false);
  });
});
