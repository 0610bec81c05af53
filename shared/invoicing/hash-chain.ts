/**
 * The inalterability log (CGI 286-I-3° bis, NF525 spirit): each finalisation, credit note and
 * payment appends an entry whose hash covers the previous entry's hash and the canonical content of
 * the document, so altering, removing or reordering any past entry breaks every later link.
 *
 * Canonical form (`canonicalise`): JSON with object keys sorted by UTF-16 code units at every level,
 * no whitespace, arrays in order, `undefined` properties dropped (as JSON.stringify does), and
 * non-finite numbers refused (they have no JSON form). Strings are escaped the JSON.stringify way,
 * so the same value gives the same bytes in Node, Deno, browsers and — later — Postgres jsonb text
 * re-serialised by this function. Hash input: UTF-8 of `${previousHash}\n${canonical}`; the first
 * entry chains from GENESIS_HASH. Hashes are lowercase hex SHA-256 from Web Crypto (crypto.subtle),
 * available in Node ≥ 20, Deno and browsers.
 */

/** The "previous hash" of the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

type SubtleLike = { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> };
type TextEncoderLike = { encode(input: string): Uint8Array };

function getSubtle(): SubtleLike {
  const webCrypto = (globalThis as unknown as { crypto?: { subtle?: SubtleLike } }).crypto;
  if (!webCrypto?.subtle) throw new Error('Web Crypto (crypto.subtle) is not available');
  return webCrypto.subtle;
}

/** UTF-8 bytes of a string (TextEncoder, typed here because shared/ has no DOM lib). */
export function encodeUtf8(text: string): Uint8Array {
  const Encoder = (globalThis as unknown as { TextEncoder: new () => TextEncoderLike }).TextEncoder;
  return new Encoder().encode(text);
}

/** Stable JSON: sorted keys, no whitespace; throws on values JSON cannot represent exactly. */
export function canonicalise(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalise: non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalise(v))).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalise(record[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalise: unsupported ${typeof value}`);
  }
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await getSubtle().digest('SHA-256', encodeUtf8(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Hash of a new entry: SHA-256 over the previous hash and the payload's canonical form. */
export async function chainEntry(previousHash: string | null, payload: unknown): Promise<string> {
  return sha256Hex(`${previousHash ?? GENESIS_HASH}\n${canonicalise(payload)}`);
}

export type ChainEntry = { payload: unknown; hash: string };

/** Recomputes every link in order; reports the index of the first entry whose hash does not match. */
export async function verifyChain(
  entries: readonly ChainEntry[],
): Promise<{ ok: true } | { ok: false; brokenAt: number }> {
  let previous = GENESIS_HASH;
  for (let i = 0; i < entries.length; i += 1) {
    const entry = entries[i] as ChainEntry;
    const expected = await chainEntry(previous, entry.payload);
    if (expected !== entry.hash) return { ok: false, brokenAt: i };
    previous = entry.hash;
  }
  return { ok: true };
}
