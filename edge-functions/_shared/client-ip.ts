/**
 * The caller's IP address, as the infrastructure in front of the function vouches for it — for
 * per-IP limits, where a spoofable address would let an attacker reset their own counter.
 *
 * 1. `cf-connecting-ip`: Cloudflare, in front of hosted Supabase, sets it from the TCP peer and
 *    overwrites any value the client sent (the local gateway does the same). When it is present
 *    it is the only answer: a present but unreadable value gives no address, never a fallback.
 * 2. Only when it is absent, the right-most `x-forwarded-for` entry — the one the last proxy
 *    appended. Entries to its left are whatever the client wrote. The caller is told which
 *    source answered, so this fallback can be logged: it means the deployment differs from the
 *    platform this code was written for.
 *
 * Addresses come back normalised: IPv4 dotted quads, IPv6 compressed and lower-case, IPv4-mapped
 * IPv6 as the IPv4 address, ports and brackets removed. Anything else is null.
 */

export type ClientIp = {
  readonly address: string | null;
  /** Which header answered; null when neither is present. */
  readonly source: 'cf-connecting-ip' | 'x-forwarded-for' | null;
};

const MAX_ADDRESS_LENGTH = 64;

function parseIpv4(value: string): string | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (!match) return null;
  const parts = match.slice(1).map(Number);
  return parts.every((part) => part <= 255) ? parts.join('.') : null;
}

function parseIpv6(value: string): string | null {
  if (!value.includes(':') || !/^[0-9a-fA-F:.]+$/.test(value)) return null;
  let hostname: string;
  try {
    // The WHATWG URL parser validates and compresses IPv6 literals (RFC 5952 form).
    hostname = new URL(`http://[${value}]/`).hostname;
  } catch {
    return null;
  }
  const address = hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (mapped) {
    const high = parseInt(mapped[1] ?? '0', 16);
    const low = parseInt(mapped[2] ?? '0', 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return address;
}

/** One address from a header value: trims, drops an IPv4 port or `[v6]:port` brackets; else null. */
export function parseIpAddress(raw: string | null | undefined): string | null {
  const value = (raw ?? '').trim();
  if (value === '' || value.length > MAX_ADDRESS_LENGTH) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) return parseIpv6(bracketed[1] ?? '');
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(value);
  return parseIpv4(withPort ? (withPort[1] ?? '') : value) ?? parseIpv6(value);
}

/** The client IP the platform vouches for (see the module comment) and where it was read. */
export function readClientIp(headers: Headers): ClientIp {
  const cloudflare = headers.get('cf-connecting-ip');
  if (cloudflare !== null) return { address: parseIpAddress(cloudflare), source: 'cf-connecting-ip' };
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded === null) return { address: null, source: null };
  const entries = forwarded.split(',');
  return { address: parseIpAddress(entries[entries.length - 1]), source: 'x-forwarded-for' };
}
