/**
 * The sync RPCs (`sync_pull`, `sync_push`) as a transport for the replica engine (lib/db): typed
 * calls whose answers are validated with the protocol's zod schemas, and whose failures are
 * classified so the engine knows what to do (docs/sync.md):
 *   transient  no answer, 5xx, serialization/deadlock, expired token (supabase-js refreshes it)
 *   gap        mutation_gap (details.expected): renumber and retry
 *   fatal      not_a_member, client_mismatch, a refused batch, an answer that breaks the protocol
 */
import type { PostgrestError, SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import {
  SYNC_TABLES,
  perTable,
  pullResponseSchema,
  pushResponseSchema,
  type SyncRow,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '@shared/sync/protocol.ts';
import { SyncTransportError, type SyncTransport } from '../db/transport.ts';
import { getSupabaseClient } from './client.ts';

const FATAL_CODES = new Set(['not_a_member', 'client_mismatch', 'sync_batch_invalid', 'sync_batch_too_large']);

function parseExpected(details: string | null | undefined): number | undefined {
  if (!details) return undefined;
  try {
    const parsed = JSON.parse(details) as { expected?: unknown };
    return typeof parsed.expected === 'number' && Number.isInteger(parsed.expected) ? parsed.expected : undefined;
  } catch {
    return undefined;
  }
}

/** Sorts a PostgREST failure into transient / gap / fatal. */
export function classifySyncError(error: PostgrestError, status: number): SyncTransportError {
  const code = error.message;
  if (error.hint?.startsWith('errors.rpc.')) {
    if (code === 'mutation_gap') {
      const expected = parseExpected(error.details);
      return expected === undefined
        ? new SyncTransportError('fatal', 'bad_response', { cause: error })
        : new SyncTransportError('gap', 'mutation_gap', { expected, cause: error });
    }
    if (FATAL_CODES.has(code)) return new SyncTransportError('fatal', code, { cause: error });
  }
  // 40001 serialization failure, 40P01 deadlock, 57014 statement timeout, 53xxx resources, 08xxx connection.
  const isTransientSqlState = /^(40001|40P01|57014|53\d{3}|08\d{3}|57P0\d)$/.test(error.code ?? '');
  // PGRST301/PGRST303: the JWT expired between refreshes; the next call carries a fresh one.
  const isExpiredToken = status === 401 || error.code === 'PGRST301' || error.code === 'PGRST303';
  if (status === 0 || !error.code) return new SyncTransportError('transient', 'network', { cause: error });
  // PGRST202: the function is not deployed yet (a client newer than its server, during a deploy).
  const isNotDeployed = error.code === 'PGRST202';
  if (status >= 500 || status === 429 || isTransientSqlState || isExpiredToken || isNotDeployed) {
    return new SyncTransportError('transient', 'server', { cause: error });
  }
  return new SyncTransportError('fatal', code || `http_${status}`, { cause: error });
}

async function callSyncRpc(
  client: SupabaseClient,
  fn: 'sync_pull' | 'sync_push',
  args: Record<string, unknown>,
): Promise<unknown> {
  let result: { data: unknown; error: PostgrestError | null; status: number };
  try {
    result = await client.rpc(fn, args);
  } catch (cause) {
    throw new SyncTransportError('transient', 'network', { cause });
  }
  if (result.error) throw classifySyncError(result.error, result.status);
  return result.data;
}

/**
 * The page envelope, strictly (as pullResponseSchema), with rows left as they are: zod's
 * per-row `.catchall` copies every row of a 10,000-row page on the main thread, so rows are
 * checked by isSyncRow instead (the same rules as syncRowSchema, no copy).
 */
const pullEnvelopeSchema = pullResponseSchema.extend({ changes: perTable(z.unknown()) });

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** syncRowSchema by hand: an object with uuid `id` and `tenant_id`, string stamps, any other columns. */
function isSyncRow(value: unknown): value is SyncRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const row = value as Record<string, unknown>;
  return (
    typeof row['id'] === 'string' &&
    UUID_PATTERN.test(row['id']) &&
    typeof row['tenant_id'] === 'string' &&
    UUID_PATTERN.test(row['tenant_id']) &&
    typeof row['created_at'] === 'string' &&
    typeof row['updated_at'] === 'string'
  );
}

/** A sync_pull answer as pullResponseSchema would parse it, or undefined when it breaks the protocol. */
export function parsePullResponse(data: unknown): PullResponse | undefined {
  const parsed = pullEnvelopeSchema.safeParse(data);
  if (!parsed.success) return undefined;
  for (const table of SYNC_TABLES) if (!parsed.data.changes[table].every(isSyncRow)) return undefined;
  return parsed.data as PullResponse;
}

/** One page of changes since the cursor. */
export async function pullChanges(request: PullRequest, client = getSupabaseClient()): Promise<PullResponse> {
  const data = await callSyncRpc(client, 'sync_pull', request);
  const parsed = parsePullResponse(data);
  if (!parsed) throw new SyncTransportError('fatal', 'bad_response');
  return parsed;
}

/** One batch of mutations, applied atomically by the server. */
export async function pushMutations(request: PushRequest, client = getSupabaseClient()): Promise<PushResponse> {
  const data = await callSyncRpc(client, 'sync_push', request);
  const parsed = pushResponseSchema.safeParse(data);
  if (!parsed.success) throw new SyncTransportError('fatal', 'bad_response', { cause: parsed.error });
  return parsed.data;
}

/** The engine's transport over a supabase-js client (the app's own one by default). */
export function createSyncTransport(client?: SupabaseClient): SyncTransport {
  return {
    pull: (request) => pullChanges(request, client ?? getSupabaseClient()),
    push: (request) => pushMutations(request, client ?? getSupabaseClient()),
  };
}

/** Uploads a blob to `attachments/<tenant>/<hash>`; an existing object counts as success. */
export async function uploadAttachment(
  tenantId: string,
  hash: string,
  blob: Blob,
  client = getSupabaseClient(),
): Promise<void> {
  let error: Error | null;
  try {
    ({ error } = await client.storage
      .from('attachments')
      .upload(`${tenantId}/${hash}`, blob, { upsert: false, contentType: blob.type || 'application/octet-stream' }));
  } catch (cause) {
    throw new SyncTransportError('transient', 'network', { cause });
  }
  if (!error) return;
  const { statusCode, status: httpStatus } = error as { statusCode?: unknown; status?: unknown };
  const status = Number(statusCode ?? httpStatus ?? 0);
  if (status === 409 || /already exists|duplicate/i.test(error.message)) return;
  if (status === 0 || status >= 500 || status === 429)
    throw new SyncTransportError('transient', 'server', { cause: error });
  throw new SyncTransportError('fatal', 'upload_refused', { cause: error });
}

/** A short-lived signed URL of an uploaded attachment, or null. */
export async function getAttachmentSignedUrl(tenantId: string, hash: string): Promise<string | null> {
  try {
    const { data } = await getSupabaseClient().storage.from('attachments').createSignedUrl(`${tenantId}/${hash}`, 3600);
    return data?.signedUrl ?? null;
  } catch {
    return null;
  }
}
