/**
 * What every auth handler receives: the gateway context subset the auth service uses, its
 * settings, and the incoming request with GoTrue's view of it (client IP, user agent, a body
 * read at most once and bounded to 1 MiB like GoTrue's limitRequestBody).
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { GatewayContext } from '../context.ts';
import { BodyTooLargeError, header, readBody } from '../http.ts';
import { AuthError } from './errors.ts';
import type { AuthSettings } from './settings.ts';

/** The part of the gateway context the auth service needs (tests build it by hand). */
export type AuthServiceContext = Pick<
  GatewayContext,
  'config' | 'jwtSecret' | 'apiUrl' | 'siteUrl' | 'adminPool' | 'mailbox' | 'log'
>;

export type AuthDeps = {
  readonly ctx: AuthServiceContext;
  readonly settings: AuthSettings;
};

export type AuthRequest = {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly method: string;
  /** utilities.GetIPAddress: first valid X-Forwarded-For entry, else the peer address. */
  readonly ip: string;
  readonly userAgent: string;
  /** The raw body; GoTrue answers 413 request_entity_too_large past 1 MiB. */
  readBody(): Promise<Buffer>;
};

export const BODY_LIMIT = 1 << 20;

function findClientIp(req: IncomingMessage): string {
  const forwarded = header(req, 'x-forwarded-for');
  if (forwarded) {
    for (const part of forwarded.split(',')) {
      const candidate = part.trim();
      if (candidate !== '' && isIP(candidate) !== 0) return candidate;
    }
  }
  const remote = req.socket.remoteAddress ?? '127.0.0.1';
  return remote.startsWith('::ffff:') ? remote.slice(7) : remote;
}

export function createAuthRequest(req: IncomingMessage, url: URL): AuthRequest {
  let body: Promise<Buffer> | undefined;
  return {
    req,
    url,
    method: req.method ?? 'GET',
    ip: findClientIp(req),
    userAgent: header(req, 'user-agent') ?? '',
    readBody() {
      body ??= readBody(req, BODY_LIMIT).catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          throw new AuthError(413, 'request_entity_too_large', `Request body too large (max ${BODY_LIMIT} bytes)`);
        }
        throw new AuthError(400, 'bad_json', 'Could not read the request body');
      });
      return body;
    },
  };
}

/** An IP usable in an `inet` column, or null. */
export function normalizeInet(ip: string): string | null {
  return isIP(ip) !== 0 ? ip : null;
}

/** What a handler answers; the router renders it (JSON body, or empty for 204/303). */
export type Reply = {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
};

export function replyJson(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

/** http.Redirect with 303 See Other, as GoTrue answers GET /verify. */
export function replyRedirect(location: string): Reply {
  return { status: 303, headers: { Location: location } };
}
