/**
 * UUIDv7 (RFC 9562 §5.7): 48-bit big-endian Unix time in milliseconds, version 7, 12 bits of
 * `rand_a`, variant 0b10, 62 random bits. Ids created on a device sort by creation time, which
 * keeps B-tree inserts local and lets the client choose a row's id before it reaches the server
 * (offline creation, idempotent retries).
 *
 * Within one millisecond, `rand_a` is a counter seeded at random (RFC 9562 §6.2, method 1), so
 * ids from this generator stay strictly increasing even when many are made in the same tick.
 */

/** Fills the array with cryptographically strong random bytes. */
export type RandomSource = (bytes: Uint8Array) => void;

type CryptoLike = { getRandomValues(bytes: Uint8Array): Uint8Array };

/** Web Crypto exists in browsers, Node ≥ 19 and Deno; shared/ has no DOM types, hence the cast. */
function fillWithCryptoRandom(bytes: Uint8Array): void {
  const webCrypto = (globalThis as unknown as { crypto?: CryptoLike }).crypto;
  if (!webCrypto) throw new Error('Web Crypto (crypto.getRandomValues) is not available');
  webCrypto.getRandomValues(bytes);
}

const MAX_TIMESTAMP = 2 ** 48 - 1;
const MAX_COUNTER = 0xfff;

export type UuidV7Generator = (now?: number) => string;

/** A generator whose ids are strictly increasing (clock going back included: it keeps the last time). */
export function createUuidV7Generator(random: RandomSource = fillWithCryptoRandom): UuidV7Generator {
  let lastTimestamp = -1;
  let counter = 0;
  return (now = Date.now()) => {
    let timestamp = Math.min(Math.max(Math.floor(now), 0), MAX_TIMESTAMP);
    const bytes = new Uint8Array(16);
    random(bytes);
    if (timestamp > lastTimestamp) {
      // A new millisecond: seed the counter at random, leaving headroom (top bit clear) to count up.
      counter = ((bytes[6] ?? 0) & 0x07) * 0x100 + (bytes[7] ?? 0);
      lastTimestamp = timestamp;
    } else {
      // Same (or earlier) millisecond: count up; on overflow borrow the next millisecond.
      timestamp = lastTimestamp;
      counter += 1;
      if (counter > MAX_COUNTER) {
        timestamp = Math.min(lastTimestamp + 1, MAX_TIMESTAMP);
        lastTimestamp = timestamp;
        counter = 0;
      }
    }
    // 48-bit timestamp, big-endian (split: bit operators work on 32 bits only).
    const high = Math.floor(timestamp / 2 ** 16);
    bytes[0] = (high >>> 24) & 0xff;
    bytes[1] = (high >>> 16) & 0xff;
    bytes[2] = (high >>> 8) & 0xff;
    bytes[3] = high & 0xff;
    bytes[4] = (timestamp >>> 8) & 0xff;
    bytes[5] = timestamp & 0xff;
    // Version 7 in the high nibble of byte 6, then the 12-bit counter (rand_a).
    bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
    bytes[7] = counter & 0xff;
    // Variant 0b10 in the two high bits of byte 8; the rest stays random (rand_b).
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** A new UUIDv7 from the process-wide generator: time-ordered, unique, lower-case hex. */
export const createUuidV7: UuidV7Generator = createUuidV7Generator();

const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Whether the string is a UUID with version 7 and the RFC 9562 variant. */
export function isUuidV7(value: string): boolean {
  return UUID_V7_PATTERN.test(value);
}

/** The creation time (Unix ms) a UUIDv7 carries. */
export function getUuidV7Timestamp(uuid: string): number {
  return Number.parseInt(uuid.replace(/-/g, '').slice(0, 12), 16);
}
