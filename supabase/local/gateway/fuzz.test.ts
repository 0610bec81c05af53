/**
 * Acceptance F1-5: the gateway never crashes on bad input. 1,000 random malformed requests across
 * every route — broken JSON, wrong types, binary and invalid UTF-8 bodies, forged / expired /
 * garbage tokens, unknown paths, odd methods, oversized bodies — must each get a 4xx answer with
 * a JSON body, and the gateway must keep serving afterwards. Each request is malformed by
 * construction, so a 2xx is as much a failure as a 5xx. The seed is printed on failure;
 * re-run with FUZZ_SEED=<seed>.
 */
import { describe, expect, it } from 'vitest';
import { getStack } from '../test/stack-info.ts';
import { signJwt } from './jwt.ts';

const stack = getStack();
const REQUESTS = 1000;
const SEED = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: small, seedable, good enough to pick cases. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type FuzzRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array<ArrayBuffer> | string;
  /** why this request must be refused */
  defect: string;
};

const now = Math.floor(Date.now() / 1000);
const forged = signJwt(
  { sub: crypto.randomUUID(), role: 'service_role', exp: now + 600 },
  'not-the-project-secret-but-long-enough!!',
);
const expired = signJwt({ sub: crypto.randomUUID(), role: 'authenticated', exp: now - 3600 }, stack.jwtSecret);

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Code points, so that no character is a lone surrogate (encodeURIComponent would throw). */
const UNICODE_ALPHABET = [...'abcdefghijklmnopqrstuvwxyzÉé€😀/\\.%?#&=\u0000\u202e"\'{}[]<>'];
/** Header values must be ByteStrings or fetch refuses to send them. */
const HEADER_ALPHABET = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/=!$%&*'];

function randomString(random: () => number, length: number, alphabet: readonly string[] = UNICODE_ALPHABET): string {
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

function badTokens(random: () => number): string {
  return pick(random, [
    `Bearer ${forged}`,
    `Bearer ${expired}`,
    'Bearer ',
    'Bearer a.b',
    'Bearer a.b.c',
    `Bearer ${randomString(random, 40, HEADER_ALPHABET)}`,
    'Basic dXNlcjpwYXNz',
    `Bearer ${'x'.repeat(5000)}`,
    'Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.',
  ]);
}

function malformedJson(random: () => number): string | Uint8Array<ArrayBuffer> {
  return pick<() => string | Uint8Array<ArrayBuffer>>(random, [
    () => '{"email": "a@b.c", "password": ',
    () => '{{{{',
    () => `{"a": "${randomString(random, 20)}`,
    () => '[1, 2,',
    () => 'null null',
    () => new Uint8Array([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    () => new Uint8Array(Array.from({ length: 64 }, () => Math.floor(random() * 256))),
    () => `{"deep": ${'['.repeat(3000)}`,
    () => '\u0000\u0001\u0002',
  ])();
}

function wrongTypes(random: () => number): string {
  return JSON.stringify(
    pick(random, [
      { email: 12345, password: ['x'] },
      { email: { $gt: '' }, password: true },
      { refresh_token: 42 },
      { type: 'magiclink', token_hash: { a: 1 } },
      { friendly_name: 7, factor_type: ['totp'] },
      { messages: 'not-an-array' },
      { messages: [{ topic: 5, event: null }] },
      { prefixes: 'a/b' },
      { expiresIn: 'soon' },
      { email: 'not-an-email', password: 'x' },
      { data: 'nope', email: null },
    ]),
  );
}

function buildRequest(random: () => number): FuzzRequest {
  const kind = Math.floor(random() * 13);
  const json = { 'content-type': 'application/json' };
  const key = { apikey: stack.anonKey };
  switch (kind) {
    case 0:
      return {
        method: 'POST',
        path: pick(random, [
          '/auth/v1/signup',
          '/auth/v1/token?grant_type=password',
          '/auth/v1/token?grant_type=refresh_token',
          '/auth/v1/otp',
          '/auth/v1/verify',
          '/auth/v1/recover',
        ]),
        headers: { ...key, ...json, 'x-supabase-api-version': '2024-01-01' },
        body: malformedJson(random),
        defect: 'malformed JSON body',
      };
    case 1:
      return {
        method: 'POST',
        path: pick(random, [
          '/auth/v1/signup',
          '/auth/v1/token?grant_type=password',
          '/auth/v1/token?grant_type=refresh_token',
          '/auth/v1/verify',
          '/auth/v1/token?grant_type=pkce',
        ]),
        headers: { ...key, ...json },
        body: wrongTypes(random),
        defect: 'wrong field types',
      };
    case 2:
      return {
        method: pick(random, ['GET', 'PUT', 'POST', 'DELETE']),
        path: pick(random, [
          '/auth/v1/user',
          '/auth/v1/logout',
          '/auth/v1/factors',
          `/auth/v1/factors/${crypto.randomUUID()}/challenge`,
          '/auth/v1/admin/users',
          '/auth/v1/invite',
          '/auth/v1/admin/generate_link',
        ]),
        headers: { ...key, ...json, authorization: badTokens(random) },
        body: '{}',
        defect: 'bad token on an authenticated auth endpoint',
      };
    case 3:
      return {
        method: 'POST',
        path: `/rest/v1/rpc/${pick(random, ['t_add', 't_rows', 't_json', 't_array'])}`,
        headers: { ...key, ...json },
        body:
          random() < 0.5
            ? malformedJson(random)
            : JSON.stringify({ a: 'not-a-number', b: [1], n: { x: 1 }, ids: 'x', payload: undefined, extra: 1 }),
        defect: 'bad RPC arguments',
      };
    case 4:
      return {
        method: pick(random, ['GET', 'POST', 'PATCH', 'DELETE']),
        path: `/rest/v1/rpc/${encodeURIComponent(randomString(random, 12))}`,
        headers: { ...key, ...json, ...(random() < 0.5 ? { authorization: badTokens(random) } : {}) },
        body: random() < 0.5 ? '{}' : malformedJson(random),
        defect: 'unknown function, bad method or bad token',
      };
    case 5:
      return {
        method: pick(random, ['GET', 'POST', 'PUT', 'DELETE']),
        path: pick(random, [
          `/storage/v1/object/t-missing-bucket/${encodeURIComponent(randomString(random, 8))}`,
          '/storage/v1/object/../../etc/passwd',
          '/storage/v1/object/sign/x/y?token=garbage',
          `/storage/v1/object/public/${randomString(random, 5)}/a`,
          '/storage/v1/bucket/does-not-exist',
        ]),
        headers: {
          ...key,
          ...(random() < 0.5 ? { authorization: badTokens(random) } : {}),
          'content-type': pick(random, ['application/json', 'text/plain', 'multipart/form-data; boundary=nope']),
        },
        body: random() < 0.5 ? malformedJson(random) : wrongTypes(random),
        defect: 'bad storage request',
      };
    case 6:
      return {
        method: 'POST',
        path: pick(random, [
          '/storage/v1/object/sign/t-missing',
          '/storage/v1/bucket',
          '/storage/v1/object/list/t-missing',
        ]),
        headers: { ...key, ...json },
        body: malformedJson(random),
        defect: 'malformed storage JSON',
      };
    case 7:
      return {
        method: pick(random, ['GET', 'POST']),
        path: `/functions/v1/${pick(random, ['health', 'does-not-exist', encodeURIComponent(randomString(random, 6))])}`,
        headers: { ...json, authorization: badTokens(random) },
        body: random() < 0.5 ? '{}' : malformedJson(random),
        defect: 'bad token or unknown function',
      };
    case 8:
      // Any JSON object is a valid payload for the single-message endpoint, so only the batch
      // endpoint gets well-formed JSON with wrong types; the single one gets broken bodies or tokens.
      return random() < 0.5
        ? {
            method: 'POST',
            path: '/realtime/v1/api/broadcast',
            headers: { ...key, ...json, ...(random() < 0.3 ? { authorization: badTokens(random) } : {}) },
            body: random() < 0.5 ? malformedJson(random) : wrongTypes(random),
            defect: 'bad broadcast batch',
          }
        : {
            method: 'POST',
            path: '/realtime/v1/api/broadcast/room/events/x',
            headers: { ...key, ...json, ...(random() < 0.5 ? { authorization: badTokens(random) } : {}) },
            body: malformedJson(random),
            defect: 'bad single broadcast',
          };
    case 9:
      return {
        method: pick(random, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']),
        path: `/${pick(random, ['', 'auth/v2', 'rest', 'storage/v2', 'graphql/v1', 'x', '%E0%A4%A', '..%2f..%2f'])}${[...randomString(random, 6)].filter((c) => c !== '#' && c !== '?' && c !== '\u0000').join('')}`,
        headers: key,
        defect: 'unknown route',
      };
    case 10:
      return {
        method: 'POST',
        path: pick(random, ['/auth/v1/signup', '/rest/v1/rpc/t_json', '/realtime/v1/api/broadcast']),
        headers: { ...key, ...json },
        body: `{"payload": "${'A'.repeat(17 * 1024 * 1024)}"}`,
        defect: 'oversized body',
      };
    case 11:
      return {
        method: pick(random, ['GET', 'HEAD', 'PUT']),
        path: pick(random, [
          '/_dev/mail/%E0%A4%A',
          '/_dev/mail/api/messages/%C3',
          `/_dev/mail/${crypto.randomUUID()}`,
          '/_dev/mail/api/messages/%',
        ]),
        headers: key,
        defect: 'unknown or malformed dev-mailbox message id, or wrong method',
      };
    default:
      return {
        method: 'POST',
        path: '/_dev/mail/api/messages',
        headers: { ...json, ...(random() < 0.5 ? { authorization: badTokens(random) } : key) },
        body: random() < 0.5 ? malformedJson(random) : wrongTypes(random),
        defect: 'mailbox send without service role or with bad body',
      };
  }
}

describe('gateway fuzz', () => {
  it(
    `answers ${REQUESTS} malformed requests with 4xx JSON and keeps serving (seed ${SEED})`,
    { timeout: 300_000 },
    async () => {
      const random = createRandom(SEED);
      const failures: string[] = [];
      for (let i = 0; i < REQUESTS; i += 1) {
        const request = buildRequest(random);
        let status: number;
        let text: string;
        try {
          const res = await fetch(`${stack.apiUrl}${request.path}`, {
            method: request.method,
            headers: request.headers,
            ...(request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD'
              ? { body: request.body }
              : {}),
          });
          status = res.status;
          text = await res.text();
        } catch (error) {
          failures.push(
            `#${i} ${request.method} ${request.path} (${request.defect}): transport error ${String(error)}`,
          );
          continue;
        }
        const isJson = (() => {
          try {
            JSON.parse(text);
            return true;
          } catch {
            return false;
          }
        })();
        if (status < 400 || status > 499 || (!isJson && request.method !== 'HEAD')) {
          failures.push(
            `#${i} ${request.method} ${request.path.slice(0, 80)} (${request.defect}) → ${status} ${text.slice(0, 120)}`,
          );
        }
      }
      const health = await fetch(`${stack.apiUrl}/`);
      expect(health.status).toBe(200);
      expect(failures, `FUZZ_SEED=${SEED}\n${failures.slice(0, 20).join('\n')}`).toEqual([]);
    },
  );
});
