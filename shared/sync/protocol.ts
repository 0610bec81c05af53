/**
 * The sync protocol between the PWA's replica and Postgres (docs/sync.md): the shapes of
 * `sync_pull` and `sync_push` (RPCs), validated with zod on both sides of the wire, and the
 * snapshot arithmetic the client uses to know when a pull has caught up with its own writes.
 *
 * Field values travel as JSON: text as strings, integers (cents) as numbers, timestamps as ISO
 * strings (UTC), arrays as arrays, custom fields as objects.
 */
import { z } from 'zod';

/**
 * Tables the engine replicates, in the order a pull walks them (parents before children). The
 * server registers the same list (`private.sync_tables`, positions 1..12); per-table rules of the
 * client live in registry.ts.
 */
export const SYNC_TABLES = [
  'companies',
  'contacts',
  'pipeline_stages',
  'opportunities',
  'opportunity_stage_history',
  'activities',
  'tasks',
  'comments',
  'notifications',
  'scoring_models',
  'sales_documents',
  'sales_document_lines',
] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

export function isSyncTable(value: unknown): value is SyncTable {
  return typeof value === 'string' && (SYNC_TABLES as readonly string[]).includes(value);
}

/** Largest batch `sync_push` accepts; the client sends at most this many mutations per call. */
export const MAX_PUSH_BATCH = 500;
/** Largest page `sync_pull` returns (rows + deletes + evictions). */
export const MAX_PULL_LIMIT = 10_000;

export const MUTATION_OPS = ['insert', 'update', 'delete'] as const;
export type MutationOp = (typeof MUTATION_OPS)[number];

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

/** One intent of the user. `fields` holds only what changed (updates) or the new row (inserts). */
export const mutationSchema = z.object({
  mutation_id: z.number().int().min(1),
  table: z.enum(SYNC_TABLES),
  op: z.enum(MUTATION_OPS),
  id: uuid,
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type Mutation = z.infer<typeof mutationSchema>;

export const pushRequestSchema = z.object({
  p_client_id: uuid,
  p_tenant_id: uuid,
  p_mutations: z.array(mutationSchema).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * Why the server refused one mutation. Permanent: the client moves it, with its data, to the
 * "needs attention" list; it is never retried on its own and never dropped silently.
 *   invalid        a value breaks a rule (fields names the offending fields)
 *   forbidden      the user's role may not do this (RLS)
 *   not_found      the row does not exist or is not visible to the user
 *   deleted        the row was deleted (deletes win over concurrent edits)
 *   conflict       a uniqueness rule (e.g. same SIREN twice in the tenant)
 *   unknown_field  a field the table does not have or the client may not write
 */
export const REJECTION_CODES = ['invalid', 'forbidden', 'not_found', 'deleted', 'conflict', 'unknown_field'] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export const mutationResultSchema = z.discriminatedUnion('status', [
  z.object({ mutation_id: z.number().int(), status: z.literal('applied') }),
  /** Already applied earlier (a replay after a lost acknowledgement): same outcome as then. */
  z.object({
    mutation_id: z.number().int(),
    status: z.literal('duplicate'),
    original: z.enum(['applied', 'rejected']),
    code: z.enum(REJECTION_CODES).optional(),
    fields: z.array(z.string()).optional(),
  }),
  z.object({
    mutation_id: z.number().int(),
    status: z.literal('rejected'),
    code: z.enum(REJECTION_CODES),
    fields: z.array(z.string()),
  }),
]);
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
  /** pg_current_xact_id() of the push: a pull whose snapshot contains it has seen these writes. */
  txid: z.string().regex(/^\d+$/),
  last_mutation_id: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/**
 * Errors that refuse a whole push batch (nothing applied), raised with private.raise_error:
 *   sync_batch_invalid (400), sync_batch_too_large (413), mutation_gap (409, details.expected),
 *   client_mismatch (403: the client id belongs to another user or tenant), not_a_member (403).
 * Transient failures (serialization, deadlock, connection) are plain 5xx: retry with backoff.
 */
export const PUSH_BATCH_ERRORS = [
  'sync_batch_invalid',
  'sync_batch_too_large',
  'mutation_gap',
  'client_mismatch',
  'not_a_member',
] as const;
export type PushBatchError = (typeof PUSH_BATCH_ERRORS)[number];

export const pullRequestSchema = z.object({
  p_tenant_id: uuid,
  /** Opaque cursor from the previous pull; null for an initial sync. */
  p_cursor: z.string().max(100_000).nullable(),
  p_limit: z.number().int().min(1).max(MAX_PULL_LIMIT),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

/** A replicated row: its columns (snake_case, as in Postgres) with `id`, `tenant_id`, stamps. */
export const syncRowSchema = z
  .object({ id: uuid, tenant_id: uuid, created_at: z.string(), updated_at: z.string() })
  .catchall(z.unknown());
export type SyncRow = z.infer<typeof syncRowSchema>;

/**
 * One array per table. The server answers only the tables the caller may read, and a newer
 * server may answer tables this client does not know yet: a missing key means "nothing", an
 * unknown key is dropped (z.object strips it).
 */
export const perTable = <T extends z.ZodType>(element: T) =>
  z.object(
    Object.fromEntries(SYNC_TABLES.map((table) => [table, z.array(element).default(() => [])])) as Record<
      SyncTable,
      z.ZodDefault<z.ZodArray<T>>
    >,
  );

export const pullResponseSchema = z.object({
  /** Rows created or changed in the window, visible to the caller (upsert them). */
  changes: perTable(syncRowSchema),
  /** Ids deleted (tombstones) in the window. */
  deletes: perTable(uuid),
  /** Ids that changed in the window but are not visible to the caller any more: forget them. */
  evict: perTable(uuid),
  cursor: z.string(),
  has_more: z.boolean(),
  /**
   * The replica must be rebuilt (cursor older than the tombstone horizon, or the caller's role in
   * the tenant changed): drop replica rows, keep the outbox, restart with a null cursor.
   */
  reset: z.boolean(),
  /**
   * When has_more is false: the snapshot the replica now reflects completely (pg_snapshot text).
   * Acknowledged outbox entries whose txid is visible in it can be dropped. Null mid-window.
   */
  snapshot: z.string().nullable(),
  /** Initial sync only: rows delivered so far and rows in the snapshot (progress bar). */
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** A Postgres pg_snapshot as text: "xmin:xmax:xip1,xip2,…" (xid8 values). */
export type Snapshot = { readonly xmin: bigint; readonly xmax: bigint; readonly xip: readonly bigint[] };

/** Parses pg_snapshot's text form; undefined when malformed. */
export function parseSnapshot(text: string): Snapshot | undefined {
  const match = /^(\d+):(\d+):((?:\d+(?:,\d+)*)?)$/.exec(text);
  if (!match) return undefined;
  const xmin = BigInt(match[1] ?? '0');
  const xmax = BigInt(match[2] ?? '0');
  const xip = (match[3] ?? '') === '' ? [] : (match[3] ?? '').split(',').map((v) => BigInt(v));
  if (xmin > xmax || xip.some((x) => x < xmin || x >= xmax)) return undefined;
  return { xmin, xmax, xip };
}

/**
 * pg_visible_in_snapshot for a committed transaction: whether `txid`'s effects are in `snapshot`.
 * The client keeps an acknowledged write in its outbox until a pull's snapshot contains its txid,
 * so the replica never shows the old value in between (docs/sync.md, L7).
 */
export function isTxidVisible(txid: bigint, snapshot: Snapshot): boolean {
  if (txid < snapshot.xmin) return true;
  if (txid >= snapshot.xmax) return false;
  return !snapshot.xip.includes(txid);
}
