/**
 * An in-memory model of the server side of the sync protocol (shared/sync/protocol.ts), for
 * tests of the real engine: field-level merge, deletes win, per-client mutation numbers with
 * stored results (replays answer `duplicate`, gaps refuse the batch), commit-order stamps with
 * snapshots (a slow transaction can take its txid early and commit late), pull windows
 * `(lo, hi]` paged by keyset, tombstones with a purge horizon (older cursors get `reset`).
 *
 * Table semantics of the V1 schema (supabase/migrations/20261122110000_create_sales.sql), so
 * screen tests see what the server would do (option `semantics`, on by default):
 *   - the tenant starts with the seven default pipeline stages (DEFAULT_STAGES, names null);
 *   - a field outside the table's writable fields is refused `unknown_field`; any write to the
 *     stage history and a notification insert `forbidden` (no grant); another user's notification
 *     `not_found` (RLS); a system activity kind (`created`, `stage_change`) inserted, or a system
 *     entry edited, `invalid` on `kind`; an unknown stage `invalid` on `stage_id`; a lost stage
 *     without a loss reason `invalid` on `loss_reason`; an assignee outside `members` (when
 *     given) `invalid` on `assignee_id`;
 *   - caller defaults: owner_id (every owned table) and a task's assignee_id are the caller when
 *     an insert leaves them out (the caller is the transport's `userId`, else the server's);
 *     an update never changes owner_id of tasks, activities and comments, nor a comment's record
 *     nor a scoring model's kind (the server keeps the old value silently);
 *   - opportunities: stage_entered_at is the server clock on insert and on a stage change,
 *     closed_at is set entering a won/lost stage and cleared when reopened; the insert and each
 *     stage change write a stage history row (changed_by = caller) and a system activity with the
 *     opportunity's company and contact (`created` with details {to_stage_id}, `stage_change`
 *     with {from_stage_id, to_stage_id}); deleting an opportunity tombstones its history;
 *   - a call/email/meeting/visit on a contact moves contacts.last_contacted_at to its occurred_at
 *     when later;
 *   - tasks: completed_at is set when the status becomes done and cleared when it leaves done; a
 *     task inserted or reassigned to someone other than the caller notifies the assignee;
 *   - comments: one `mention` notification per newly mentioned member (`members` when given,
 *     else anyone) other than the author, on insert and on an update adding mentions;
 *   - pulls return only the caller's notifications.
 * The V3 invoicing tables (supabase/migrations/20261122130000_create_invoicing.sql) are plain
 * storage: column defaults, owner_id as caller default, and an update keeps a document's kind and
 * a line's document_id. Not emulated there: finalisation (public.finalise_document is an RPC, not
 * a sync write; no row here is ever finalised), numbering, totals and the seller snapshot, the
 * immutability of finalised documents and their lines (`document_finalised`), the kind/status
 * CHECK, links to companies, contacts and other documents, and the purge's cascade from a
 * deleted document to its lines.
 * Not emulated: RLS and the role matrix beyond notifications (every other row is visible and
 * writable: no `evict`), foreign keys and linked-record visibility, the CHECK constraints (the
 * client validates with the same zod schemas; `rejectRule` lets a test add a server-only
 * refusal), the server clock in "occurred_at <= now()" (a future call counts as contacting),
 * pipeline stages in use (`stage_in_use`), uniqueness of scoring models, the scoring job.
 */
import { CONTACTING_ACTIVITY_KINDS, DEFAULT_STAGES, SYSTEM_ACTIVITY_KINDS } from '@shared/sales/index.ts';
import { createUuidV7 } from '@shared/ids/uuidv7.ts';
import { SYNC_REGISTRY } from '@shared/sync/registry.ts';
import {
  isTxidVisible,
  parseSnapshot,
  pullRequestSchema,
  pushRequestSchema,
  SYNC_TABLES,
  type MutationOp,
  type MutationResult,
  type RejectionCode,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type Snapshot,
  type SyncTable,
} from '@shared/sync/protocol.ts';
import { SyncTransportError, type SyncTransport } from '../transport.ts';

type StoredRow = { table: SyncTable; id: string; txid: bigint; deleted: boolean; row: Record<string, unknown> };
type PendingWrite = { table: SyncTable; id: string; fields: Record<string, unknown> };
type Cursor = { lo: string | null; hi: string; after: [string, string, string] | null; done: boolean };

/** Column defaults, as the database fills them in. */
const DEFAULTS: Record<SyncTable, Readonly<Record<string, unknown>>> = Object.fromEntries(
  SYNC_TABLES.map((table) => [table, SYNC_REGISTRY[table].defaults]),
) as Record<SyncTable, Readonly<Record<string, unknown>>>;

/** Fields an update may send but the server keeps (stamp triggers restore the old value). */
const KEPT_ON_UPDATE: Partial<Record<SyncTable, readonly string[]>> = {
  comments: ['record_table', 'record_id'],
  scoring_models: ['kind'],
  sales_documents: ['kind'],
  sales_document_lines: ['document_id'],
};

/** One application of a mutation, for "none applied twice" checks. */
export type AppliedMutation = {
  clientId: string;
  mutationId: number;
  table: SyncTable;
  id: string;
  op: string;
  fields: Record<string, unknown>;
};

function formatSnapshot(snapshot: Snapshot): string {
  return `${snapshot.xmin}:${snapshot.xmax}:${snapshot.xip.join(',')}`;
}

/** The server's own user: the caller of transports created without a `userId`. */
export const MEMORY_SERVER_USER = '019a8f00-0000-7000-8000-00000000feed';

export type MemoryServerOptions = {
  /** The caller of transports created without their own `userId` (default MEMORY_SERVER_USER). */
  userId?: string;
  /** Emulate the V1 table semantics (default stages, triggers, caller defaults); default true. */
  semantics?: boolean;
  /** Active members of the tenant, for mention notifications; undefined: anyone mentioned. */
  members?: readonly string[];
  /** The stages the tenant starts with (default DEFAULT_STAGES, as the server creates them). */
  stages?: readonly (typeof DEFAULT_STAGES)[number][];
};

type Caller = { userId: string };

export class MemoryServer {
  readonly tenantId: string;
  readonly userId: string;
  readonly hasSemantics: boolean;
  members: readonly string[] | undefined;
  readonly rows = new Map<string, StoredRow>();
  readonly applied: AppliedMutation[] = [];
  /** Every field value written, in server (commit) order: `table:id:field` → values. */
  readonly history = new Map<string, unknown[]>();
  private readonly clients = new Map<string, { last: number; results: Map<number, MutationResult> }>();
  private lastTxid = 1000n;
  private readonly inProgress = new Map<bigint, PendingWrite[]>();
  /** Tombstones with a txid below this were purged: older cursors must reset. */
  private horizon = 0n;
  private clock = Date.UTC(2026, 10, 22);

  constructor(tenantId: string, options: MemoryServerOptions = {}) {
    this.tenantId = tenantId;
    this.userId = options.userId ?? MEMORY_SERVER_USER;
    this.hasSemantics = options.semantics ?? true;
    this.members = options.members;
    if (this.hasSemantics) this.seedStages(options.stages ?? DEFAULT_STAGES);
  }

  /** As the trigger on tenant creation: the default stages, names null (translated keys). */
  private seedStages(stages: readonly (typeof DEFAULT_STAGES)[number][]): void {
    const txid = this.nextTxid();
    for (const stage of stages) {
      this.insertServerRow('pipeline_stages', { ...stage, name: null, color: null }, txid);
    }
  }

  /** A row the server writes itself (seed, trigger): a fresh id, its stamps, the txid given. */
  private insertServerRow(table: SyncTable, fields: Record<string, unknown>, txid: bigint): string {
    const id = createUuidV7();
    const now = this.nowIso();
    this.rows.set(`${table}:${id}`, {
      table,
      id,
      txid,
      deleted: false,
      row: {
        ...structuredClone(DEFAULTS[table]),
        ...fields,
        id,
        tenant_id: this.tenantId,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      },
    });
    return id;
  }

  /** A live row of the server (undefined when absent or deleted). */
  getRow(table: SyncTable, id: string): Record<string, unknown> | undefined {
    const stored = this.rows.get(`${table}:${id}`);
    return stored && !stored.deleted ? stored.row : undefined;
  }

  private nextTxid(): bigint {
    this.lastTxid += 1n;
    return this.lastTxid;
  }

  private nowIso(): string {
    this.clock += 1;
    return new Date(this.clock).toISOString();
  }

  currentSnapshot(): Snapshot {
    const xmax = this.lastTxid + 1n;
    const xip = [...this.inProgress.keys()].sort((a, b) => (a < b ? -1 : 1));
    return { xmin: xip[0] ?? xmax, xmax, xip };
  }

  /** Live rows of the server, as a client replica must hold them after a full sync. */
  listLiveRows(table: SyncTable): Record<string, unknown>[] {
    return [...this.rows.values()]
      .filter((r) => r.table === table && !r.deleted)
      .map((r) => r.row)
      .sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
  }

  /** Rule a test can set to refuse values the client accepts (a server-only constraint). */
  rejectRule: (table: SyncTable, fields: Record<string, unknown>) => string[] = () => [];

  private writeFields(table: SyncTable, id: string, fields: Record<string, unknown>, txid: bigint): void {
    const key = `${table}:${id}`;
    const stored = this.rows.get(key);
    if (!stored || stored.deleted) return;
    this.recordHistory(table, id, fields);
    stored.row = { ...stored.row, ...fields, updated_at: this.nowIso() };
    stored.txid = txid;
  }

  private recordHistory(table: SyncTable, id: string, fields: Record<string, unknown>): void {
    for (const [field, value] of Object.entries(fields)) {
      const key = `${table}:${id}:${field}`;
      const list = this.history.get(key) ?? [];
      list.push(value);
      this.history.set(key, list);
    }
  }

  private applyMutation(m: PushRequest['p_mutations'][number], txid: bigint, caller: Caller): MutationResult {
    const key = `${m.table}:${m.id}`;
    const stored = this.rows.get(key);
    const fields = m.fields ?? {};
    const reject = (code: RejectionCode, offending: string[] = []): MutationResult => ({
      mutation_id: m.mutation_id,
      status: 'rejected',
      code,
      fields: offending,
    });
    if (this.hasSemantics) {
      const refusal = this.checkWrite(m.table, m.op, fields, stored, caller);
      if (refusal) return reject(refusal.code, refusal.fields);
    }
    const offending = this.rejectRule(m.table, fields);
    if (m.op !== 'delete' && offending.length > 0) return reject('invalid', offending);
    if (m.op === 'insert') {
      // Same id again (even a tombstone): the primary key refuses it.
      if (stored) return reject('conflict', ['id']);
      const row = this.hasSemantics ? this.completeInsert(m.table, fields, caller) : fields;
      if (this.hasSemantics) {
        const invalid = this.checkRow(m.table, row);
        if (invalid.length > 0) return reject('invalid', invalid);
      }
      const now = this.nowIso();
      this.recordHistory(m.table, m.id, fields);
      this.rows.set(key, {
        table: m.table,
        id: m.id,
        txid,
        deleted: false,
        row: {
          ...structuredClone(DEFAULTS[m.table]),
          ...row,
          id: m.id,
          tenant_id: this.tenantId,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        },
      });
      if (this.hasSemantics) this.runInsertTriggers(m.table, m.id, txid, caller);
    } else if (m.op === 'update') {
      if (!stored) return reject('not_found');
      if (stored.deleted) return reject('deleted');
      if (!this.hasSemantics) {
        this.writeFields(m.table, m.id, fields, txid);
        return { mutation_id: m.mutation_id, status: 'applied' };
      }
      const before = stored.row;
      const after = this.completeUpdate(m.table, before, this.dropKeptFields(m.table, fields));
      const invalid = this.checkRow(m.table, { ...before, ...after });
      if (invalid.length > 0) return reject('invalid', invalid);
      this.writeFields(m.table, m.id, after, txid);
      this.runUpdateTriggers(m.table, m.id, before, txid, caller);
    } else {
      if (!stored) return reject('not_found');
      if (stored.deleted) return reject('deleted');
      stored.deleted = true;
      stored.txid = txid;
      if (this.hasSemantics && m.table === 'opportunities') this.tombstoneHistory(m.id, txid);
    }
    return { mutation_id: m.mutation_id, status: 'applied' };
  }

  /** What the grants, RLS and column rules refuse before a row is touched (the registry's rules). */
  private checkWrite(
    table: SyncTable,
    op: MutationOp,
    fields: Record<string, unknown>,
    stored: StoredRow | undefined,
    caller: Caller,
  ): { code: RejectionCode; fields: string[] } | undefined {
    const spec = SYNC_REGISTRY[table];
    if (table === 'opportunity_stage_history') return { code: 'forbidden', fields: [] };
    if (table === 'notifications') {
      if (op === 'insert') return { code: 'forbidden', fields: [] };
      // Only the recipient's own notifications are visible (RLS): another's is not found.
      if (stored && stored.row['user_id'] !== caller.userId) return { code: 'not_found', fields: [] };
    }
    if (op === 'delete') return undefined;
    const unknown = Object.keys(fields).filter((field) => !spec.writableFields.includes(field));
    if (unknown.length > 0) return { code: 'unknown_field', fields: unknown };
    if (table === 'activities') {
      const kind = op === 'insert' ? fields['kind'] : (fields['kind'] ?? stored?.row['kind']);
      const isSystem = (SYSTEM_ACTIVITY_KINDS as readonly unknown[]).includes(kind);
      const wasSystem = (SYSTEM_ACTIVITY_KINDS as readonly unknown[]).includes(stored?.row['kind']);
      if (isSystem || (op === 'update' && wasSystem)) return { code: 'invalid', fields: ['kind'] };
    }
    return undefined;
  }

  /** Row rules that span columns and tables (the triggers' checks). */
  private checkRow(table: SyncTable, row: Record<string, unknown>): string[] {
    if (table === 'tasks') {
      const assignee = row['assignee_id'];
      const isMember = typeof assignee !== 'string' || !this.members || this.members.includes(assignee);
      return isMember ? [] : ['assignee_id'];
    }
    if (table !== 'opportunities') return [];
    const stage = this.getRow('pipeline_stages', String(row['stage_id']));
    if (!stage) return ['stage_id'];
    const reason = row['loss_reason'];
    if (stage['kind'] === 'lost' && (typeof reason !== 'string' || reason.trim() === '')) return ['loss_reason'];
    return [];
  }

  /** Fields an update may send but the server keeps (stamp triggers restore the old value). */
  private dropKeptFields(table: SyncTable, fields: Record<string, unknown>): Record<string, unknown> {
    const kept = KEPT_ON_UPDATE[table];
    if (!kept) return fields;
    return Object.fromEntries(Object.entries(fields).filter(([field]) => !kept.includes(field)));
  }

  /** Column defaults the database computes on insert: the caller, the server clock. */
  private completeInsert(table: SyncTable, fields: Record<string, unknown>, caller: Caller): Record<string, unknown> {
    const row: Record<string, unknown> = { ...fields };
    for (const field of SYNC_REGISTRY[table].callerDefaultFields) {
      if (row[field] === undefined) row[field] = caller.userId;
    }
    const now = new Date(this.clock + 1).toISOString();
    if (table === 'opportunities') {
      row['stage_entered_at'] = now;
      row['closed_at'] = this.isClosedStage(row['stage_id']) ? now : null;
    }
    if (table === 'tasks') row['completed_at'] = row['status'] === 'done' ? now : null;
    return row;
  }

  /** The fields an update writes, with the server-set columns it moves. */
  private completeUpdate(
    table: SyncTable,
    before: Record<string, unknown>,
    fields: Record<string, unknown>,
  ): Record<string, unknown> {
    const after: Record<string, unknown> = { ...fields };
    const now = new Date(this.clock + 1).toISOString();
    if (table === 'opportunities' && fields['stage_id'] !== undefined && fields['stage_id'] !== before['stage_id']) {
      after['stage_entered_at'] = now;
      after['closed_at'] = this.isClosedStage(fields['stage_id']) ? now : null;
    }
    if (table === 'tasks' && fields['status'] !== undefined && fields['status'] !== before['status']) {
      if (fields['status'] === 'done') after['completed_at'] = now;
      else if (before['status'] === 'done') after['completed_at'] = null;
    }
    return after;
  }

  private isClosedStage(stageId: unknown): boolean {
    const kind = this.getRow('pipeline_stages', String(stageId))?.['kind'];
    return kind === 'won' || kind === 'lost';
  }

  private addSystemActivity(
    kind: 'created' | 'stage_change',
    links: Record<string, unknown>,
    details: Record<string, unknown> | null,
    txid: bigint,
    caller: Caller,
  ): void {
    this.insertServerRow(
      'activities',
      { kind, occurred_at: new Date(this.clock + 1).toISOString(), owner_id: caller.userId, details, ...links },
      txid,
    );
  }

  private addStageHistory(id: string, from: unknown, to: unknown, txid: bigint, caller: Caller): void {
    this.insertServerRow(
      'opportunity_stage_history',
      {
        opportunity_id: id,
        from_stage_id: from ?? null,
        to_stage_id: to,
        changed_by: caller.userId,
        changed_at: new Date(this.clock + 1).toISOString(),
      },
      txid,
    );
  }

  private notify(
    userId: string,
    kind: 'mention' | 'task_assigned',
    record: { table: string; id: string },
    excerpt: unknown,
    txid: bigint,
    caller: Caller,
  ): void {
    this.insertServerRow(
      'notifications',
      {
        user_id: userId,
        kind,
        record_table: record.table,
        record_id: record.id,
        actor_id: caller.userId,
        excerpt: typeof excerpt === 'string' ? excerpt.slice(0, 200) : null,
        read_at: null,
      },
      txid,
    );
  }

  /** The opportunity, its company and its contact: what a system activity is about. */
  private getOpportunityLinks(id: string, row: Record<string, unknown>): Record<string, unknown> {
    return { opportunity_id: id, company_id: row['company_id'] ?? null, contact_id: row['contact_id'] ?? null };
  }

  private runInsertTriggers(table: SyncTable, id: string, txid: bigint, caller: Caller): void {
    const row = this.getRow(table, id) ?? {};
    if (table === 'opportunities') {
      this.addStageHistory(id, null, row['stage_id'], txid, caller);
      const details = { to_stage_id: row['stage_id'] };
      this.addSystemActivity('created', this.getOpportunityLinks(id, row), details, txid, caller);
    } else if (table === 'activities') this.touchContact(row, txid);
    else if (table === 'tasks') {
      const assignee = row['assignee_id'];
      if (typeof assignee === 'string' && assignee !== caller.userId) {
        this.notify(assignee, 'task_assigned', { table: 'tasks', id }, row['title'], txid, caller);
      }
    } else if (table === 'comments') this.notifyMentions(row, [], txid, caller);
  }

  /** One notification per newly mentioned member, never the author. */
  private notifyMentions(row: Record<string, unknown>, previous: unknown, txid: bigint, caller: Caller): void {
    const mentions = Array.isArray(row['mentions']) ? (row['mentions'] as unknown[]) : [];
    const already = Array.isArray(previous) ? (previous as unknown[]) : [];
    for (const userId of new Set(mentions)) {
      if (typeof userId !== 'string' || userId === caller.userId || already.includes(userId)) continue;
      if (this.members && !this.members.includes(userId)) continue;
      const record = { table: String(row['record_table']), id: String(row['record_id']) };
      this.notify(userId, 'mention', record, row['body'], txid, caller);
    }
  }

  private runUpdateTriggers(
    table: SyncTable,
    id: string,
    before: Record<string, unknown>,
    txid: bigint,
    caller: Caller,
  ): void {
    const row = this.getRow(table, id) ?? {};
    if (table === 'opportunities' && row['stage_id'] !== before['stage_id']) {
      this.addStageHistory(id, before['stage_id'], row['stage_id'], txid, caller);
      const details = { from_stage_id: before['stage_id'], to_stage_id: row['stage_id'] };
      this.addSystemActivity('stage_change', this.getOpportunityLinks(id, row), details, txid, caller);
    } else if (table === 'activities') this.touchContact(row, txid);
    else if (table === 'comments') this.notifyMentions(row, before['mentions'], txid, caller);
    else if (table === 'tasks') {
      const assignee = row['assignee_id'];
      if (typeof assignee === 'string' && assignee !== before['assignee_id'] && assignee !== caller.userId) {
        this.notify(assignee, 'task_assigned', { table: 'tasks', id }, row['title'], txid, caller);
      }
    }
  }

  /** A deleted opportunity takes its stage history with it (replicas drop both). */
  private tombstoneHistory(opportunityId: string, txid: bigint): void {
    for (const stored of this.rows.values()) {
      if (stored.table !== 'opportunity_stage_history' || stored.deleted) continue;
      if (stored.row['opportunity_id'] !== opportunityId) continue;
      stored.deleted = true;
      stored.txid = txid;
    }
  }

  /** A call, e-mail, meeting or visit on a contact: the contact was last contacted then (if later). */
  private touchContact(activity: Record<string, unknown>, txid: bigint): void {
    if (!(CONTACTING_ACTIVITY_KINDS as readonly unknown[]).includes(activity['kind'])) return;
    const contactId = activity['contact_id'];
    if (typeof contactId !== 'string') return;
    const contact = this.getRow('contacts', contactId);
    const at = activity['occurred_at'];
    if (!contact || typeof at !== 'string') return;
    const last = contact['last_contacted_at'];
    if (typeof last === 'string' && Date.parse(last) >= Date.parse(at)) return;
    this.writeFields('contacts', contactId, { last_contacted_at: at }, txid);
  }

  push(request: PushRequest, caller: Caller = { userId: this.userId }): PushResponse {
    const parsed = pushRequestSchema.safeParse(request);
    if (!parsed.success) throw new SyncTransportError('fatal', 'sync_batch_invalid');
    const { p_client_id: clientId, p_mutations: mutations } = parsed.data;
    const client = this.clients.get(clientId) ?? { last: 0, results: new Map<number, MutationResult>() };
    for (let i = 1; i < mutations.length; i += 1) {
      if ((mutations[i]?.mutation_id ?? 0) <= (mutations[i - 1]?.mutation_id ?? 0)) {
        throw new SyncTransportError('fatal', 'sync_batch_invalid');
      }
    }
    const first = mutations[0]?.mutation_id ?? 1;
    if (first > client.last + 1) {
      throw new SyncTransportError('gap', 'mutation_gap', { expected: client.last + 1 });
    }
    const txid = this.nextTxid();
    const results: MutationResult[] = [];
    for (const m of mutations) {
      if (m.mutation_id <= client.last) {
        const original = client.results.get(m.mutation_id);
        if (!original) throw new Error('model: missing stored result');
        results.push(
          original.status === 'rejected'
            ? {
                mutation_id: m.mutation_id,
                status: 'duplicate',
                original: 'rejected',
                code: original.code,
                fields: original.fields,
              }
            : { mutation_id: m.mutation_id, status: 'duplicate', original: 'applied' },
        );
        continue;
      }
      if (m.mutation_id !== client.last + 1)
        throw new SyncTransportError('gap', 'mutation_gap', { expected: client.last + 1 });
      const result = this.applyMutation(m, txid, caller);
      if (result.status === 'applied') {
        this.applied.push({
          clientId,
          mutationId: m.mutation_id,
          table: m.table,
          id: m.id,
          op: m.op,
          fields: m.fields ?? {},
        });
      }
      results.push(result);
      client.results.set(m.mutation_id, result);
      client.last = m.mutation_id;
    }
    this.clients.set(clientId, client);
    return { results, txid: String(txid), last_mutation_id: client.last };
  }

  /** A server-side transaction that takes its txid now and commits later (out-of-order commit). */
  beginSlowWrite(table: SyncTable, id: string, fields: Record<string, unknown>): bigint {
    const txid = this.nextTxid();
    this.inProgress.set(txid, [{ table, id, fields }]);
    return txid;
  }

  commitSlowWrites(): void {
    for (const [txid, writes] of [...this.inProgress]) {
      this.inProgress.delete(txid);
      for (const write of writes) this.writeFields(write.table, write.id, write.fields, txid);
    }
  }

  /** Purges tombstones: clients whose cursor predates them must reset. */
  purgeTombstones(): void {
    for (const [key, stored] of this.rows) if (stored.deleted) this.rows.delete(key);
    this.horizon = this.lastTxid + 1n;
  }

  pull(request: PullRequest, caller: Caller = { userId: this.userId }): PullResponse {
    const parsed = pullRequestSchema.parse(request);
    const empty = () => Object.fromEntries(SYNC_TABLES.map((t) => [t, []])) as unknown as Record<SyncTable, never[]>;
    let cursor: Cursor;
    if (parsed.p_cursor === null) {
      cursor = { lo: null, hi: formatSnapshot(this.currentSnapshot()), after: null, done: false };
    } else {
      const previous = JSON.parse(parsed.p_cursor) as Cursor;
      cursor = previous.done
        ? { lo: previous.hi, hi: formatSnapshot(this.currentSnapshot()), after: null, done: false }
        : previous;
    }
    let isReset = false;
    if (cursor.lo !== null && (parseSnapshot(cursor.lo)?.xmax ?? 0n) < this.horizon) {
      // Like the server: the answer is flagged `reset` and is the first page of a new initial sync.
      isReset = true;
      cursor = { lo: null, hi: formatSnapshot(this.currentSnapshot()), after: null, done: false };
    }
    const lo = cursor.lo === null ? undefined : parseSnapshot(cursor.lo);
    const hi = parseSnapshot(cursor.hi);
    if (!hi) throw new SyncTransportError('fatal', 'sync_cursor_invalid');
    const inWindow = [...this.rows.values()]
      .filter(
        (r) => isTxidVisible(r.txid, hi) && !(lo && isTxidVisible(r.txid, lo)) && (lo !== undefined || !r.deleted),
      )
      .map((r) => ({ r, key: [String(r.txid).padStart(20, '0'), r.table, r.id] as [string, string, string] }))
      .sort((a, b) => (a.key.join('|') < b.key.join('|') ? -1 : 1));
    const after = cursor.after?.join('|');
    const remaining = after === undefined ? inWindow : inWindow.filter((item) => item.key.join('|') > after);
    const page = remaining.slice(0, parsed.p_limit);
    const hasMore = remaining.length > page.length;
    const changes = empty() as Record<SyncTable, Record<string, unknown>[]>;
    const deletes = empty() as Record<SyncTable, string[]>;
    for (const { r } of page) {
      if (r.deleted) deletes[r.table].push(r.id);
      else if (this.isVisible(r, caller)) changes[r.table].push(structuredClone(r.row));
    }
    const last = page.at(-1);
    const next: Cursor = { lo: cursor.lo, hi: cursor.hi, after: last ? last.key : cursor.after, done: !hasMore };
    return {
      changes: changes as PullResponse['changes'],
      deletes,
      evict: empty(),
      cursor: JSON.stringify(next),
      has_more: hasMore,
      reset: isReset,
      snapshot: hasMore ? null : cursor.hi,
      progress:
        cursor.lo === null ? { done: inWindow.length - remaining.length + page.length, total: inWindow.length } : null,
    };
  }

  /** RLS, as far as emulated: a user reads only their own notifications. */
  private isVisible(stored: StoredRow, caller: Caller): boolean {
    return !this.hasSemantics || stored.table !== 'notifications' || stored.row['user_id'] === caller.userId;
  }

  /**
   * A transport for one client; `hooks` simulate lost answers and interleaved server writes;
   * `userId` is the client's signed-in user (caller defaults, own notifications), else the server's.
   */
  createTransport(hooks: TransportHooks = {}, userId?: string): SyncTransport {
    const caller: Caller = { userId: userId ?? this.userId };
    return {
      pull: async (request) => {
        await Promise.resolve();
        hooks.beforePull?.();
        if (hooks.isOffline?.()) throw new SyncTransportError('transient', 'network');
        return this.pull(request, caller);
      },
      push: async (request) => {
        await Promise.resolve();
        if (hooks.isOffline?.()) throw new SyncTransportError('transient', 'network');
        const response = this.push(request, caller);
        if (hooks.loseAnswer?.()) throw new SyncTransportError('transient', 'network');
        return response;
      },
    };
  }
}

export type TransportHooks = {
  isOffline?: () => boolean;
  /** The push was applied but its answer never arrived. */
  loseAnswer?: () => boolean;
  beforePull?: () => void;
};
