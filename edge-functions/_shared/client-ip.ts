/**
 * The caller's IP address, as the infrastructure in front of the function vouches for it — for
 * per-IP limits, where a spoofable address would let an attacker reset their own counter.
 *
 * 1. `cf-connecting-ip`: Cloudflare, in front of hosted Supabase, sets it from the TCP peer and
 *    overwrites any value the client sent.
 * 2. Else the right-most `x-forwarded-for` entry: the one our own gateway appended (the local
 *    stack appends the socket address). Entries to its left are whatever the client wrote.
 *
 * Addresses come back normalised: IPv4 dotted quads, IPv6 compressed and lower-case, IPv4-mapped
 * IPv6 as the IPv4 address, ports and brackets removed. Anything else is null.
 */

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

/** The client IP the platform vouches for (see the module comment), or null when none is readable. */
export function readClientIp(headers: Headers): string | null {
  const cloudflare = parseIpAddress(headers.get('cf-connecting-ip'));
  if (cloudflare) return cloudflare;
  const forwarded = headers.get('x-forwarded-for');
  if (!forwarded) return null;
  const entries = forwarded.split(',');
  return parseIpAddress(entries[entries.length - 1]);
}
