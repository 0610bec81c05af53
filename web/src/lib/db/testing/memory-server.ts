/**
 * An in-memory model of the server side of the sync protocol (shared/sync/protocol.ts), for
 * tests of the real engine: field-level merge, deletes win, per-client mutation numbers with
 * stored results (replays answer `duplicate`, gaps refuse the batch), commit-order stamps with
 * snapshots (a slow transaction can take its txid early and commit late), pull windows
 * `(lo, hi]` paged by keyset, tombstones with a purge horizon (older cursors get `reset`).
 */
import { COMPANY_DEFAULTS, CONTACT_DEFAULTS } from '@shared/crm/index.ts';
import {
  isTxidVisible,
  parseSnapshot,
  pullRequestSchema,
  pushRequestSchema,
  SYNC_TABLES,
  type MutationResult,
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
const DEFAULTS: Record<SyncTable, Record<string, unknown>> = {
  companies: { ...COMPANY_DEFAULTS },
  contacts: { ...CONTACT_DEFAULTS, consent_marketing_at: null, last_contacted_at: null },
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

export class MemoryServer {
  readonly tenantId: string;
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

  constructor(tenantId: string) {
    this.tenantId = tenantId;
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

  private applyMutation(m: PushRequest['p_mutations'][number], txid: bigint): MutationResult {
    const key = `${m.table}:${m.id}`;
    const stored = this.rows.get(key);
    const fields = m.fields ?? {};
    const offending = this.rejectRule(m.table, fields);
    if (m.op !== 'delete' && offending.length > 0) {
      return { mutation_id: m.mutation_id, status: 'rejected', code: 'invalid', fields: offending };
    }
    if (m.op === 'insert') {
      // Same id again (even a tombstone): the primary key refuses it.
      if (stored) return { mutation_id: m.mutation_id, status: 'rejected', code: 'conflict', fields: ['id'] };
      const now = this.nowIso();
      this.recordHistory(m.table, m.id, fields);
      this.rows.set(key, {
        table: m.table,
        id: m.id,
        txid,
        deleted: false,
        row: {
          ...structuredClone(DEFAULTS[m.table]),
          ...fields,
          id: m.id,
          tenant_id: this.tenantId,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        },
      });
    } else if (m.op === 'update') {
      if (!stored) return { mutation_id: m.mutation_id, status: 'rejected', code: 'not_found', fields: [] };
      if (stored.deleted) return { mutation_id: m.mutation_id, status: 'rejected', code: 'deleted', fields: [] };
      this.writeFields(m.table, m.id, fields, txid);
    } else {
      if (!stored) return { mutation_id: m.mutation_id, status: 'rejected', code: 'not_found', fields: [] };
      if (stored.deleted) return { mutation_id: m.mutation_id, status: 'rejected', code: 'deleted', fields: [] };
      stored.deleted = true;
      stored.txid = txid;
    }
    return { mutation_id: m.mutation_id, status: 'applied' };
  }

  push(request: PushRequest): PushResponse {
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
      const result = this.applyMutation(m, txid);
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

  pull(request: PullRequest): PullResponse {
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
      else changes[r.table].push(structuredClone(r.row));
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

  /** A transport for one client; `hooks` simulate lost answers and interleaved server writes. */
  createTransport(hooks: TransportHooks = {}): SyncTransport {
    return {
      pull: async (request) => {
        await Promise.resolve();
        hooks.beforePull?.();
        if (hooks.isOffline?.()) throw new SyncTransportError('transient', 'network');
        return this.pull(request);
      },
      push: async (request) => {
        await Promise.resolve();
        if (hooks.isOffline?.()) throw new SyncTransportError('transient', 'network');
        const response = this.push(request);
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
