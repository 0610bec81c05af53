/**
 * /storage/v1 — the Storage API subset storage-js uses, as storage-api serves it: objects and
 * buckets in the `storage` schema with RLS as the gate (every statement runs as the caller's JWT
 * role), bytes on disk under the stack's storage directory, signed URLs as HS256 JWTs, and
 * storage's error shape (HTTP 400 with the semantic status in `statusCode`).
 *
 * Routing mirrors storage-api's Fastify routes (src/http/routes/{object,bucket}/index.ts):
 * static segments (`sign`, `public`, `authenticated`, `info`, `list`, `upload`) win over a bucket
 * of the same name, and paths that do not fit a route answer storage's 404 "Route … not found".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../context.ts';
import { HttpReply } from '../http.ts';
import type { PrefixService } from '../server.ts';
import {
  authenticateStorageRequest,
  createServiceUser,
  encodeSecret,
  readRequestFacts,
  type StorageUser,
} from './auth.ts';
import {
  handleCreateBucket,
  handleDeleteBucket,
  handleEmptyBucket,
  handleGetBucket,
  handleListBuckets,
  handleUpdateBucket,
} from './buckets.ts';
import { createObjectStore } from './disk.ts';
import { ERRORS, toStorageError } from './errors.ts';
import {
  handleAuthenticatedRead,
  handleCopy,
  handleList,
  handleMove,
  handlePublicRead,
  handleRemoveMany,
  handleRemoveOne,
  handleSign,
  handleSignMany,
  handleSignUpload,
  handleSignedRead,
  handleSignedUpload,
  handleUpload,
  type ReadMode,
} from './objects.ts';
import type { StorageCall, StorageRuntime } from './runtime.ts';

/** A matched route: its storage.operation, whether a bad JWT is tolerated, and the handler. */
type Route = {
  readonly operation: string;
  /** Undefined: no caller needed (public / signed routes run as the service identity). */
  readonly auth: 'required' | 'optional' | undefined;
  readonly run: (call: StorageCall, user: StorageUser) => Promise<void>;
};

class UrlDecodeError extends Error {}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new UrlDecodeError(segment);
  }
}

function decodeRest(parts: readonly string[]): string {
  return decodeSegment(parts.join('/'));
}

function matchBucketRoute(method: string, parts: readonly string[]): Route | undefined {
  // parts: ['bucket', ...]
  const [, rawId, action, ...extra] = parts;
  if (rawId === undefined || rawId === '') {
    if (method === 'GET') return { operation: 'storage.bucket.list', auth: 'required', run: handleListBuckets };
    if (method === 'POST') return { operation: 'storage.bucket.create', auth: 'required', run: handleCreateBucket };
    return undefined;
  }
  const id = decodeSegment(rawId);
  if (action === 'empty' && extra.length === 0 && method === 'POST') {
    return { operation: 'storage.bucket.empty', auth: 'required', run: (c, u) => handleEmptyBucket(c, u, id) };
  }
  if (action !== undefined && !(action === '' && extra.length === 0)) return undefined;
  if (method === 'GET')
    return { operation: 'storage.bucket.get', auth: 'required', run: (c, u) => handleGetBucket(c, u, id) };
  if (method === 'PUT') {
    return { operation: 'storage.bucket.update', auth: 'required', run: (c, u) => handleUpdateBucket(c, u, id) };
  }
  if (method === 'DELETE') {
    return { operation: 'storage.bucket.delete', auth: 'required', run: (c, u) => handleDeleteBucket(c, u, id) };
  }
  return undefined;
}

/** `/<bucket>/<key…>` after a static prefix; undefined when the shape does not fit. */
function splitTarget(parts: readonly string[]): { bucket: string; key: string } | undefined {
  const [rawBucket, ...rest] = parts;
  if (rawBucket === undefined || rawBucket === '' || rest.length === 0) return undefined;
  return { bucket: decodeSegment(rawBucket), key: decodeRest(rest) };
}

function readRoute(
  operation: string,
  auth: 'required' | 'optional',
  target: { bucket: string; key: string },
  mode: ReadMode,
): Route {
  return { operation, auth, run: (c, u) => handleAuthenticatedRead(c, u, target.bucket, target.key, mode) };
}

function matchObjectRoute(method: string, parts: readonly string[]): Route | undefined {
  // parts: ['object', ...]
  const rest = parts.slice(1);
  const [first, second] = rest;
  const isRead = method === 'GET' || method === 'HEAD';
  const mode: ReadMode = method === 'HEAD' ? 'head' : 'asset';

  if (first === 'move' && rest.length === 1 && method === 'POST') {
    return { operation: 'storage.object.move', auth: 'required', run: handleMove };
  }
  if (first === 'copy' && rest.length === 1 && method === 'POST') {
    return { operation: 'storage.object.copy', auth: 'required', run: handleCopy };
  }
  if (first === 'list' && rest.length === 2 && method === 'POST' && second) {
    const bucket = decodeSegment(second);
    return { operation: 'storage.object.list', auth: 'required', run: (c, u) => handleList(c, u, bucket) };
  }
  if (first === 'sign') {
    if (method === 'POST' && rest.length === 2 && second) {
      const bucket = decodeSegment(second);
      return { operation: 'storage.object.sign_many', auth: 'required', run: (c, u) => handleSignMany(c, u, bucket) };
    }
    const target = splitTarget(rest.slice(1));
    if (target && method === 'POST') {
      return {
        operation: 'storage.object.sign',
        auth: 'required',
        run: (c, u) => handleSign(c, u, target.bucket, target.key),
      };
    }
    if (target && method === 'GET') {
      return {
        operation: 'storage.object.get_signed',
        auth: undefined,
        run: (c) => handleSignedRead(c, target.bucket, target.key),
      };
    }
  }
  if (first === 'upload' && second === 'sign') {
    const target = splitTarget(rest.slice(2));
    if (target && method === 'POST') {
      return {
        operation: 'storage.object.sign_upload_url',
        auth: 'required',
        run: (c, u) => handleSignUpload(c, u, target.bucket, target.key),
      };
    }
    if (target && method === 'PUT') {
      return {
        operation: 'storage.object.upload_signed',
        auth: undefined,
        run: (c) => handleSignedUpload(c, target.bucket, target.key),
      };
    }
  }
  if (first === 'public' && isRead) {
    const target = splitTarget(rest.slice(1));
    if (target) {
      return {
        operation: 'storage.object.get_public',
        auth: undefined,
        run: (c) => handlePublicRead(c, target.bucket, target.key, mode),
      };
    }
  }
  if (first === 'authenticated' && isRead) {
    const target = splitTarget(rest.slice(1));
    if (target) {
      return readRoute(
        method === 'HEAD' ? 'object.head_authenticated_info' : 'storage.object.get_authenticated',
        'required',
        target,
        mode,
      );
    }
  }
  if (first === 'info' && method === 'GET') {
    if (second === 'public') {
      const target = splitTarget(rest.slice(2));
      if (target) {
        return {
          operation: 'storage.object.info_public',
          auth: undefined,
          run: (c) => handlePublicRead(c, target.bucket, target.key, 'info'),
        };
      }
    }
    if (second === 'authenticated') {
      const target = splitTarget(rest.slice(2));
      if (target) return readRoute('object.get_authenticated_info', 'required', target, 'info');
    }
    const target = splitTarget(rest.slice(1));
    if (target) return readRoute('object.get_authenticated_info', 'optional', target, 'info');
  }
  // Generic /object/<bucket>[/<key…>] routes.
  if (first === undefined || first === '') return undefined;
  if (rest.length === 1) {
    if (method !== 'DELETE') return undefined;
    const bucket = decodeSegment(first);
    return { operation: 'storage.object.delete_many', auth: 'required', run: (c, u) => handleRemoveMany(c, u, bucket) };
  }
  const target = splitTarget(rest);
  if (!target) return undefined;
  switch (method) {
    case 'POST':
      return {
        operation: 'storage.object.upload',
        auth: 'required',
        run: (c, u) => handleUpload(c, u, target.bucket, target.key, false),
      };
    case 'PUT':
      return {
        operation: 'storage.object.upload_update',
        auth: 'required',
        run: (c, u) => handleUpload(c, u, target.bucket, target.key, true),
      };
    case 'GET':
      return readRoute('storage.object.get_authenticated', 'optional', target, 'asset');
    case 'HEAD':
      return readRoute('object.head_authenticated_info', 'optional', target, 'head');
    case 'DELETE':
      return {
        operation: 'storage.object.delete',
        auth: 'required',
        run: (c, u) => handleRemoveOne(c, u, target.bucket, target.key),
      };
    default:
      return undefined;
  }
}

function matchRoute(method: string, subpath: string): Route | undefined {
  const parts = subpath.split('/').slice(1);
  if (parts[0] === 'bucket') return matchBucketRoute(method, parts);
  if (parts[0] === 'object') return matchObjectRoute(method, parts);
  return undefined;
}

/** Whether an upload-like request still has unread body bytes (the connection must then close). */
function hasUnreadBody(req: IncomingMessage): boolean {
  return !req.readableEnded && (req.method === 'POST' || req.method === 'PUT');
}

export function createStorageService(ctx: GatewayContext): PrefixService {
  const key = encodeSecret(ctx.jwtSecret);
  const runtime: StorageRuntime = {
    ctx,
    pool: ctx.adminPool,
    key,
    serviceUser: createServiceUser(ctx.jwtSecret),
    store: createObjectStore(ctx.storageDir, ctx.log),
  };

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL, subpath: string): Promise<void> {
    const method = req.method ?? 'GET';
    let route: Route | undefined;
    try {
      route = matchRoute(method, subpath);
    } catch (error) {
      if (error instanceof UrlDecodeError) throw ERRORS.badUrl(subpath);
      throw error;
    }
    if (!route) throw ERRORS.routeNotFound(method, subpath + url.search);
    const user =
      route.auth === undefined
        ? runtime.serviceUser
        : await authenticateStorageRequest(req, key, route.auth === 'optional');
    const call: StorageCall = {
      runtime,
      req,
      res,
      url,
      subpath,
      facts: readRequestFacts(req, url, subpath),
      operation: route.operation,
    };
    await route.run(call, user);
  }

  return {
    async handle(req, res, url, subpath) {
      try {
        await serve(req, res, url, subpath);
      } catch (error) {
        const storageError = toStorageError(error);
        if (!storageError) {
          ctx.log(
            `storage: unexpected error on ${req.method ?? '?'} ${subpath}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
        }
        const failure = storageError ?? ERRORS.internal();
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const reply = failure.toReply();
        // An upload refused before its body was read: close rather than drain a possibly huge body.
        const headers: Record<string, string> = { ...reply.headers };
        if (hasUnreadBody(req)) headers['Connection'] = 'close';
        throw new HttpReply(reply.status, reply.body, headers);
      }
    },
  };
}
