/**
 * What the engine needs from the network: one `sync_pull` page and one `sync_push` batch. The
 * app passes the supabase-js implementation (lib/supabase/sync-api.ts); tests pass an in-memory
 * server, so the same outbox, rebase and acknowledgement code runs against both.
 */
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '@shared/sync/protocol.ts';

export type SyncTransport = {
  readonly pull: (request: PullRequest) => Promise<PullResponse>;
  readonly push: (request: PushRequest) => Promise<PushResponse>;
};

/**
 * How the engine reacts to a failed call:
 *   transient  network, 5xx, serialization, expired token: retry the same call with backoff
 *   gap        mutation_gap: renumber the unsent mutations from `expected` and retry at once
 *   fatal      not_a_member, client_mismatch, a refused batch: stop and show it
 */
export type SyncErrorKind = 'transient' | 'gap' | 'fatal';

export class SyncTransportError extends Error {
  readonly kind: SyncErrorKind;
  /** Server code (`mutation_gap`, `not_a_member`, …) or `network` / `server` / `bad_response`. */
  readonly code: string;
  /** mutation_gap only: the mutation id the server expects next. */
  readonly expected: number | undefined;

  constructor(kind: SyncErrorKind, code: string, options: { expected?: number; cause?: unknown } = {}) {
    super(`sync ${kind}: ${code}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SyncTransportError';
    this.kind = kind;
    this.code = code;
    this.expected = options.expected;
  }
}

export function isSyncTransportError(value: unknown): value is SyncTransportError {
  return value instanceof SyncTransportError;
}
