/**
 * The sync engine over one replica database: local writes (replica + outbox in one Dexie
 * transaction), push (mutation ids assigned and persisted before the first send, so a replay
 * after a lost answer is recognised by the server), pull (pages applied with their cursor in one
 * transaction, pending entries re-applied on top) and the "needs attention" list. It has no
 * timers and no network of its own: the sync loop (sync-loop.ts) decides when to push and pull,
 * and the transport is injected (supabase-js in the app, an in-memory server in tests).
 */
import {
  MAX_PULL_LIMIT,
  MAX_PUSH_BATCH,
  SYNC_TABLES,
  isTxidVisible,
  parseSnapshot,
  type Mutation,
  type PullResponse,
  type PushResponse,
} from '@shared/sync/protocol.ts';
import { createUuidV7 } from '@shared/ids/uuidv7.ts';
import { SYNC_REGISTRY, isSearchTable } from '@shared/sync/registry.ts';
import { buildSearchText, buildStoredRow, materializeRow, stripInternalFields } from './rows.ts';
import {
  getRowKey,
  type BaseRecord,
  type OutboxEntry,
  type RejectionReason,
  type ReplicaDb,
  type ReplicaTable,
  type ServerRow,
} from './schema.ts';
import { SyncTransportError, type SyncTransport } from './transport.ts';
import { assertWritable, validateFields } from './validation.ts';

/** How long a delete waits in the outbox for an undo before it may be pushed. */
export const UNDO_WINDOW_MS = 6_000;

/**
 * Replica rows that changed (committed). `ids` empty: the whole table changed (reset). A pulled
 * page also carries the stored rows and removed ids, so listeners need not read them back.
 */
export type RowChange = { table: ReplicaTable; ids: string[]; rows?: ServerRow[]; removed?: string[] };
export type SyncProgress = { done: number; total: number };

export type EngineOptions = {
  db: ReplicaDb;
  transport: SyncTransport;
  tenantId: string;
  /**
   * The signed-in user: a created row gets it in the columns the server fills with the caller
   * (owner_id, assignee_id) when the write leaves them out. Tests of the engine may omit it.
   */
  userId?: string;
  now?: () => number;
  /** Rows per pull page (the server caps it at MAX_PULL_LIMIT). */
  pullLimit?: number;
  pushBatch?: number;
  /** Told after every committed change of replica rows (search index, other tabs). */
  onRowsChanged?: (changes: RowChange[]) => void;
  /** Initial sync progress; null when it ends. */
  onProgress?: (progress: SyncProgress | null) => void;
};

export type PushOutcome = {
  /** Mutations sent in this call. */
  sent: number;
  /** More unsent entries are ready (call push again). */
  hasMore: boolean;
  /** The first held entry (a delete in its undo window) becomes pushable at this time. */
  heldUntil: number | null;
};

export type Undo = () => Promise<boolean>;

const META_CLIENT_ID = 'clientId';
const META_NEXT_MUTATION = 'nextMutationId';
const META_CURSOR = 'cursor';
/** Whether the stored cursor is in the middle of a window (its page had has_more). */
const META_CURSOR_HAS_MORE = 'cursorHasMore';
const META_LAST_SYNCED = 'lastSyncedAt';
const buildEmptyTables = () =>
  Object.fromEntries(SYNC_TABLES.map((table) => [table, []])) as unknown as Record<ReplicaTable, never[]>;
const EMPTY_RESET_PAGE: PullResponse = {
  changes: buildEmptyTables(),
  deletes: buildEmptyTables(),
  evict: buildEmptyTables(),
  cursor: '',
  has_more: true,
  reset: true,
  snapshot: null,
  progress: null,
};

/** Resets in a row before the engine gives up (a server bug would otherwise loop forever). */
const MAX_RESETS_PER_PULL = 3;

export class SyncEngine {
  readonly db: ReplicaDb;
  readonly tenantId: string;
  readonly userId: string | undefined;
  private readonly transport: SyncTransport;
  private readonly now: () => number;
  private readonly pullLimit: number;
  private readonly pushBatch: number;
  private readonly onRowsChanged: (changes: RowChange[]) => void;
  private readonly onProgress: (progress: SyncProgress | null) => void;
  private clientId: string | undefined;
  /**
   * performance.now() when the latest sync_pull request was sent: a change committed before it
   * is in its answer (the sync loop skips a rerun a poke asked for before this).
   */
  lastPullRequestAt = -Infinity;

  constructor(options: EngineOptions) {
    this.db = options.db;
    this.transport = options.transport;
    this.tenantId = options.tenantId;
    this.userId = options.userId;
    this.now = options.now ?? Date.now;
    this.pullLimit = Math.min(options.pullLimit ?? 5_000, MAX_PULL_LIMIT);
    this.pushBatch = Math.min(options.pushBatch ?? MAX_PUSH_BATCH, MAX_PUSH_BATCH);
    this.onRowsChanged = options.onRowsChanged ?? (() => undefined);
    this.onProgress = options.onProgress ?? (() => undefined);
  }

  private get replicaTables() {
    return SYNC_TABLES.map((table) => this.getTable(table));
  }

  private getTable(table: ReplicaTable) {
    return this.db.table<ServerRow, string>(table);
  }

  private nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** The device's client id (UUIDv7), created with the database and kept for its lifetime. */
  async getClientId(): Promise<string> {
    // Never changes once stored: read it once (a push then costs no extra transaction).
    this.clientId ??= await this.db.transaction('rw', this.db.meta, async () => {
      const existing = await this.db.meta.get(META_CLIENT_ID);
      if (typeof existing?.value === 'string') return existing.value;
      const id = createUuidV7();
      await this.db.meta.put({ key: META_CLIENT_ID, value: id });
      return id;
    });
    return this.clientId;
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.db.meta.get(key))?.value as T | undefined;
  }

  // ───────────────────────────── local writes ─────────────────────────────

  /** Makes sure the row's server version is kept in `bases` before its first pending entry. */
  private async ensureBase(table: ReplicaTable, rowId: string): Promise<void> {
    const key = getRowKey(table, rowId);
    if (await this.db.bases.get(key)) return;
    const current = await this.getTable(table).get(rowId);
    // A row without outbox entries is exactly the server's version (invariant of the engine).
    await this.db.bases.put({ key, row: current ? stripInternalFields(current) : null });
  }

  /** Writes the materialised row (or removes it) and tells the listeners. */
  private async putMaterialized(table: ReplicaTable, rowId: string, row: ServerRow | null): Promise<void> {
    if (row) await this.getTable(table).put(buildStoredRow(table, row));
    else await this.getTable(table).delete(rowId);
  }

  private async listRowEntries(table: ReplicaTable, rowId: string): Promise<OutboxEntry[]> {
    const entries = await this.db.outbox.where('[table+rowId]').equals([table, rowId]).toArray();
    return entries.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  }

  /**
   * Recomputes a row from its base and remaining entries; when none remain, the row goes back to
   * the base (the server's version) and the base is dropped. Runs inside a transaction.
   */
  private async recomputeRow(table: ReplicaTable, rowId: string): Promise<void> {
    const key = getRowKey(table, rowId);
    const base = await this.db.bases.get(key);
    const entries = await this.listRowEntries(table, rowId);
    const baseRow = base ? base.row : await this.getTable(table).get(rowId);
    const serverRow = baseRow ? stripInternalFields(baseRow) : null;
    if (entries.length === 0) {
      if (base) {
        await this.putMaterialized(table, rowId, serverRow);
        await this.db.bases.delete(key);
      }
      return;
    }
    await this.putMaterialized(table, rowId, materializeRow(table, this.tenantId, serverRow, entries, this.userId));
  }

  /** Every replica table with the outbox and the bases (pulls, pushes, resets). */
  private get writeTables() {
    return [...this.replicaTables, this.db.outbox, this.db.bases];
  }

  /** A local write touches one replica table: a narrower transaction scope than writeTables. */
  private getRowWriteTables(table: ReplicaTable) {
    return [this.getTable(table), this.db.outbox, this.db.bases];
  }

  /**
   * Creates a row: validated, in the replica and the outbox atomically. Columns the server fills
   * with the caller (owner_id…) are sent as the current user when the input leaves them out.
   */
  async createRow(table: ReplicaTable, input: Record<string, unknown>): Promise<{ id: string; undo: Undo }> {
    assertWritable(table, 'insert');
    const spec = SYNC_REGISTRY[table];
    let withCaller = input;
    if (this.userId !== undefined) {
      for (const field of spec.callerDefaultFields) {
        if (withCaller[field] === undefined && spec.writableFields.includes(field)) {
          withCaller = { ...withCaller, [field]: this.userId };
        }
      }
    }
    const fields = validateFields(table, 'create', withCaller);
    const id = createUuidV7();
    const entry: OutboxEntry = { table, rowId: id, op: 'insert', fields, createdAt: this.nowIso() };
    // A new id has no base and no other entry: the row is its insert on nothing. The three
    // writes go out together (one round trip to IndexedDB instead of one per request).
    const row = materializeRow(table, this.tenantId, null, [entry], this.userId);
    await this.db.transaction('rw', this.getRowWriteTables(table), async () => {
      await Promise.all([
        this.db.bases.put({ key: getRowKey(table, id), row: null }),
        this.db.outbox.add(entry),
        this.putMaterialized(table, id, row),
      ]);
    });
    this.onRowsChanged([{ table, ids: [id] }]);
    return { id, undo: () => this.deleteRow(table, id).then(() => true) };
  }

  /** Updates only the fields that change; a no-op when nothing does. */
  async updateRow(table: ReplicaTable, id: string, patch: Record<string, unknown>): Promise<{ undo: Undo }> {
    const fields = validateFields(table, 'update', patch);
    const previous: Record<string, unknown> = {};
    await this.db.transaction('rw', this.getRowWriteTables(table), async () => {
      // ensureBase + appendEntry + recomputeRow, with their reads issued together and their
      // writes issued together: two round trips to IndexedDB instead of about eight.
      const key = getRowKey(table, id);
      const [current, base, last, rowEntries] = await Promise.all([
        this.getTable(table).get(id),
        this.db.bases.get(key),
        this.db.outbox.orderBy('seq').last(),
        this.listRowEntries(table, id),
      ]);
      if (!current) throw new Error(`${table} ${id} is not in the replica`);
      const changed: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(fields)) {
        if (JSON.stringify(current[field] ?? null) !== JSON.stringify(value ?? null)) {
          changed[field] = value;
          previous[field] = current[field] ?? null;
        }
      }
      if (Object.keys(changed).length === 0) return;
      const writes: Promise<unknown>[] = [];
      // A row without outbox entries is exactly the server's version (invariant of the engine).
      const serverRow = base ? base.row : stripInternalFields(current);
      if (!base) writes.push(this.db.bases.put({ key, row: serverRow }));
      // Coalesce into the last entry when it is an insert or update of the same row not yet
      // numbered: a numbered entry may already be on the server, so it is never changed. A
      // change the server records as an event (a stage move) is never folded into an earlier one.
      const entries = [...rowEntries];
      const { eventFields } = SYNC_REGISTRY[table];
      if (
        last &&
        (eventFields.length === 0 || !eventFields.some((field) => field in changed)) &&
        last.op !== 'delete' &&
        last.table === table &&
        last.rowId === id &&
        last.mutationId === undefined &&
        last.seq !== undefined
      ) {
        const merged = { ...last.fields, ...changed };
        writes.push(this.db.outbox.update(last.seq, { fields: merged }));
        const at = entries.findIndex((entry) => entry.seq === last.seq);
        if (at >= 0) entries[at] = { ...last, fields: merged };
      } else {
        const entry: OutboxEntry = { table, rowId: id, op: 'update', fields: changed, createdAt: this.nowIso() };
        writes.push(this.db.outbox.add(entry));
        entries.push(entry);
      }
      const row = materializeRow(
        table,
        this.tenantId,
        serverRow ? stripInternalFields(serverRow) : null,
        entries,
        this.userId,
      );
      writes.push(this.putMaterialized(table, id, row));
      await Promise.all(writes);
    });
    this.onRowsChanged([{ table, ids: [id] }]);
    return {
      undo: async () => {
        if (Object.keys(previous).length === 0) return false;
        const exists = await this.getTable(table).get(id);
        if (!exists) return false;
        await this.updateRow(table, id, previous);
        return true;
      },
    };
  }

  /**
   * Deletes a row at once locally; the delete waits UNDO_WINDOW_MS in the outbox (entries after
   * it wait too, so mutation ids stay gapless). Undo within the window drops the entry and brings
   * the row back; later it does nothing and resolves false.
   */
  async deleteRow(table: ReplicaTable, id: string): Promise<{ undo: Undo }> {
    assertWritable(table, 'delete');
    let seq: number | undefined;
    await this.db.transaction('rw', this.getRowWriteTables(table), async () => {
      const current = await this.getTable(table).get(id);
      if (!current) return;
      await this.ensureBase(table, id);
      seq = await this.db.outbox.add({
        table,
        rowId: id,
        op: 'delete',
        fields: {},
        createdAt: this.nowIso(),
        holdUntil: this.now() + UNDO_WINDOW_MS,
      });
      await this.recomputeRow(table, id);
    });
    this.onRowsChanged([{ table, ids: [id] }]);
    return {
      undo: async () => {
        if (seq === undefined) return false;
        const held = seq;
        const undone = await this.db.transaction('rw', this.getRowWriteTables(table), async () => {
          const entry = await this.db.outbox.get(held);
          if (!entry || entry.mutationId !== undefined) return false;
          await this.db.outbox.delete(held);
          await this.recomputeRow(table, id);
          return true;
        });
        if (undone) this.onRowsChanged([{ table, ids: [id] }]);
        return undone;
      },
    };
  }

  // ───────────────────────────── push ─────────────────────────────

  /**
   * Sends the next batch: the unsent outbox prefix, up to the first held entry. Ids are assigned
   * and persisted in the same transaction that picks the batch, before anything leaves the device.
   */
  async push(): Promise<PushOutcome> {
    const clientId = await this.getClientId();
    const now = this.now();
    const picked = await this.db.transaction('rw', [this.db.outbox, this.db.meta], async () => {
      const entries = await this.db.outbox.orderBy('seq').toArray();
      const first = (await this.getMeta<number>(META_NEXT_MUTATION)) ?? 1;
      let next = first;
      const batch: OutboxEntry[] = [];
      let heldUntil: number | null = null;
      let hasMore = false;
      for (const entry of entries) {
        if (entry.txid !== undefined) continue;
        if (entry.mutationId === undefined && entry.holdUntil !== undefined && entry.holdUntil > now) {
          heldUntil = entry.holdUntil;
          break;
        }
        if (batch.length >= this.pushBatch) {
          hasMore = true;
          break;
        }
        if (entry.mutationId === undefined && entry.seq !== undefined) {
          entry.mutationId = next;
          next += 1;
          await this.db.outbox.update(entry.seq, { mutationId: entry.mutationId });
        }
        batch.push(entry);
      }
      if (next !== first) await this.db.meta.put({ key: META_NEXT_MUTATION, value: next });
      return { batch, heldUntil, hasMore };
    });
    if (picked.batch.length === 0) return { sent: 0, hasMore: false, heldUntil: picked.heldUntil };
    const mutations: Mutation[] = picked.batch.map((entry) => ({
      mutation_id: entry.mutationId ?? 0,
      table: entry.table,
      op: entry.op,
      id: entry.rowId,
      ...(entry.op === 'delete' ? {} : { fields: entry.fields }),
    }));
    let response: PushResponse;
    try {
      response = await this.transport.push({
        p_client_id: clientId,
        p_tenant_id: this.tenantId,
        p_mutations: mutations,
      });
    } catch (error) {
      if (error instanceof SyncTransportError && error.kind === 'gap' && error.expected !== undefined) {
        await this.renumberFrom(error.expected);
      }
      throw error;
    }
    await this.applyPushResponse(picked.batch, response);
    return { sent: picked.batch.length, hasMore: picked.hasMore, heldUntil: picked.heldUntil };
  }

  /**
   * mutation_gap: the server expects `expected` next and has seen none of our numbered entries
   * (a gap means they are all above it), so renumbering them from `expected` is safe.
   */
  private async renumberFrom(expected: number): Promise<void> {
    await this.db.transaction('rw', [this.db.outbox, this.db.meta], async () => {
      const numbered = (await this.db.outbox.orderBy('seq').toArray()).filter(
        (entry) => entry.txid === undefined && entry.mutationId !== undefined,
      );
      let next = expected;
      for (const entry of numbered) {
        if (entry.seq !== undefined) await this.db.outbox.update(entry.seq, { mutationId: next });
        next += 1;
      }
      await this.db.meta.put({ key: META_NEXT_MUTATION, value: next });
    });
  }

  private async applyPushResponse(batch: OutboxEntry[], response: PushResponse): Promise<void> {
    const byId = new Map(batch.map((entry) => [entry.mutationId, entry]));
    const changed = new Map<ReplicaTable, Set<string>>();
    await this.db.transaction('rw', [...this.writeTables, this.db.rejections, this.db.meta], async () => {
      const rejectedAt = this.nowIso();
      for (const result of response.results) {
        const entry = byId.get(result.mutation_id);
        if (!entry || entry.seq === undefined) continue;
        const isApplied =
          result.status === 'applied' || (result.status === 'duplicate' && result.original === 'applied');
        if (isApplied) {
          await this.db.outbox.update(entry.seq, { txid: response.txid });
          continue;
        }
        const code = result.status === 'rejected' ? result.code : (result.code ?? 'invalid');
        const offending = result.status === 'rejected' ? result.fields : (result.fields ?? []);
        await this.moveToRejections(entry, code, offending, rejectedAt);
        const ids = changed.get(entry.table) ?? new Set<string>();
        ids.add(entry.rowId);
        changed.set(entry.table, ids);
      }
      for (const [table, ids] of changed) for (const id of ids) await this.recomputeRow(table, id);
      const next = (await this.getMeta<number>(META_NEXT_MUTATION)) ?? 1;
      if (response.last_mutation_id + 1 > next) {
        await this.db.meta.put({ key: META_NEXT_MUTATION, value: response.last_mutation_id + 1 });
      }
    });
    if (changed.size > 0) this.onRowsChanged([...changed].map(([table, ids]) => ({ table, ids: [...ids] })));
  }

  private async moveToRejections(
    entry: OutboxEntry,
    code: RejectionReason,
    offending: string[],
    rejectedAt: string,
  ): Promise<void> {
    await this.db.rejections.put({
      id: createUuidV7(),
      table: entry.table,
      rowId: entry.rowId,
      op: entry.op,
      fields: entry.fields,
      code,
      offending,
      rejectedAt,
    });
    if (entry.seq !== undefined) await this.db.outbox.delete(entry.seq);
  }

  /**
   * The user lost access to the tenant (not_a_member): every unsent write becomes a rejection, so
   * nothing the user typed disappears; acknowledged ones are on the server already.
   */
  async surrenderOutbox(code: RejectionReason): Promise<void> {
    await this.db.transaction('rw', [this.db.outbox, this.db.rejections], async () => {
      const rejectedAt = this.nowIso();
      for (const entry of await this.db.outbox.orderBy('seq').toArray()) {
        if (entry.txid === undefined) await this.moveToRejections(entry, code, [], rejectedAt);
        else if (entry.seq !== undefined) await this.db.outbox.delete(entry.seq);
      }
    });
  }

  // ───────────────────────────── pull ─────────────────────────────

  /**
   * Pulls until the server has nothing more; each page is applied with its cursor atomically.
   * The next page is requested as soon as a page arrives, so the network and the server work
   * while this page is written to IndexedDB; it is used only if the stored cursor is still the
   * one it was requested with once this page is applied.
   */
  async pull(): Promise<void> {
    let resets = 0;
    let isInitial = ((await this.getMeta<string | null>(META_CURSOR)) ?? null) === null;
    // A pull that resumes a window opened by an earlier (interrupted) pull ends at that window's
    // old snapshot: it asks once more, for the window from there to now, so a pull always
    // reflects what was committed before it started (a poke during it is covered, L11).
    let isResumed = !isInitial && (await this.getMeta<boolean>(META_CURSOR_HAS_MORE)) === true;
    let prefetched: { cursor: string; page: Promise<PullResponse> } | undefined;
    try {
      for (;;) {
        const cursor = (await this.getMeta<string | null>(META_CURSOR)) ?? null;
        let page: PullResponse;
        try {
          const request = prefetched && prefetched.cursor === cursor ? prefetched.page : this.requestPage(cursor);
          prefetched = undefined;
          page = await request;
        } catch (error) {
          // A cursor the server no longer understands (e.g. after a server migration): start over.
          if (!(error instanceof SyncTransportError) || error.code !== 'sync_cursor_invalid' || cursor === null) {
            throw error;
          }
          page = EMPTY_RESET_PAGE;
        }
        if (page.reset) {
          resets += 1;
          if (resets > MAX_RESETS_PER_PULL) throw new SyncTransportError('transient', 'reset_loop');
          await this.resetReplica();
          isInitial = true;
          // The server's reset answer is already the first page of the new initial sync.
          if (page === EMPTY_RESET_PAGE) continue;
        }
        if (page.has_more) {
          const nextCursor = page.cursor;
          // Its search texts are computed on arrival too, while IndexedDB writes this page.
          const next = Promise.resolve()
            .then(() => this.requestPage(nextCursor))
            .then((nextPage) => this.prepareSearchTexts(nextPage));
          // Awaited (and its failure thrown) only when its turn comes; never an unhandled rejection.
          next.catch(() => undefined);
          prefetched = { cursor: page.cursor, page: next };
        }
        await this.applyPage(page);
        if (isInitial) this.onProgress(page.progress);
        if (!page.has_more && page.reset) isResumed = false;
        if (!page.has_more && !isResumed) return;
        if (!page.has_more) isResumed = false;
      }
    } finally {
      if (isInitial) this.onProgress(null);
    }
  }

  /** Search texts of a page's live rows, computed ahead of its transaction (rows → text). */
  private readonly searchTexts = new WeakMap<object, string>();

  private prepareSearchTexts(page: PullResponse): PullResponse {
    for (const table of SYNC_TABLES) {
      if (!isSearchTable(table)) continue;
      for (const row of page.changes[table]) {
        if (row.deleted_at === undefined || row.deleted_at === null) {
          this.searchTexts.set(row, buildSearchText(table, row));
        }
      }
    }
    return page;
  }

  private requestPage(cursor: string | null): Promise<PullResponse> {
    this.lastPullRequestAt = performance.now();
    return this.transport.pull({ p_tenant_id: this.tenantId, p_cursor: cursor, p_limit: this.pullLimit });
  }

  /** Drops the replica (not the outbox, not the rejections) and restarts from a null cursor. */
  async resetReplica(): Promise<void> {
    const changes: RowChange[] = [];
    await this.db.transaction('rw', [...this.writeTables, this.db.meta], async () => {
      for (const table of this.replicaTables) await table.clear();
      // The server's version of rows with pending writes is unknown until the new initial sync
      // delivers them: pending inserts stay visible, pending updates wait for their row.
      const bases = await this.db.bases.toArray();
      for (const base of bases) {
        await this.db.bases.put({ key: base.key, row: null });
        const [table, rowId] = base.key.split(':') as [ReplicaTable, string];
        await this.recomputeRow(table, rowId);
      }
      await this.db.meta.put({ key: META_CURSOR, value: null });
    });
    for (const table of SYNC_TABLES) changes.push({ table, ids: [] });
    this.onRowsChanged(changes);
  }

  private async applyPage(page: PullResponse): Promise<void> {
    const changes: RowChange[] = [];
    await this.db.transaction('rw', [...this.writeTables, this.db.meta], async () => {
      const pending = new Map<string, OutboxEntry[]>();
      const outbox = await this.db.outbox.orderBy('seq').toArray();
      // The writes below are issued together and awaited once (a pulled edit costs two round
      // trips to IndexedDB, not one per request); each table keeps its put-then-delete order.
      const writes: Promise<unknown>[] = [];
      for (const entry of outbox) {
        const key = getRowKey(entry.table, entry.rowId);
        const list = pending.get(key);
        if (list) list.push(entry);
        else pending.set(key, [entry]);
      }
      for (const table of SYNC_TABLES) {
        const puts: ServerRow[] = [];
        const removals: string[] = [];
        const ids: string[] = [];
        const bases: BaseRecord[] = [];
        // Synchronous on purpose: one bulkPut per page, no await per row (speed, and Dexie
        // transactions must not idle between requests).
        const rebase = (id: string, serverRow: ServerRow | null) => {
          const key = getRowKey(table, id);
          const entries = pending.get(key);
          if (serverRow) {
            // The server omits tombstone columns; the replica shows live rows as deleted_at = null.
            (serverRow as Record<string, unknown>)['deleted_at'] = null;
          }
          if (!entries) {
            if (serverRow) {
              if (isSearchTable(table)) {
                (serverRow as Record<string, unknown>)['_search'] =
                  this.searchTexts.get(serverRow) ?? buildSearchText(table, serverRow);
              }
              puts.push(serverRow);
            } else removals.push(id);
            return;
          }
          bases.push({ key, row: serverRow });
          const row = materializeRow(table, this.tenantId, serverRow, entries, this.userId);
          if (row) puts.push(buildStoredRow(table, row));
          else removals.push(id);
        };
        for (const row of page.changes[table]) {
          ids.push(row.id);
          rebase(row.id, row.deleted_at === undefined || row.deleted_at === null ? row : null);
        }
        for (const id of page.deletes[table]) {
          ids.push(id);
          rebase(id, null);
        }
        for (const id of page.evict[table]) {
          ids.push(id);
          rebase(id, null);
        }
        if (bases.length > 0) writes.push(this.db.bases.bulkPut(bases));
        const rowsTable = this.getTable(table);
        if (puts.length > 0 || removals.length > 0) {
          writes.push(
            (async () => {
              if (puts.length > 0) await rowsTable.bulkPut(puts);
              if (removals.length > 0) await rowsTable.bulkDelete(removals);
            })(),
          );
        }
        if (ids.length > 0) changes.push({ table, ids, rows: puts, removed: removals });
      }
      writes.push(this.db.meta.put({ key: META_CURSOR, value: page.cursor }));
      writes.push(this.db.meta.put({ key: META_CURSOR_HAS_MORE, value: page.has_more }));
      if (!page.has_more) writes.push(this.db.meta.put({ key: META_LAST_SYNCED, value: this.nowIso() }));
      await Promise.all(writes);
      if (!page.has_more && page.snapshot) changes.push(...(await this.dropVisibleEntries(page.snapshot, outbox)));
    });
    if (changes.length > 0) this.onRowsChanged(changes);
  }

  /** Acknowledged entries whose push txid the snapshot contains leave the outbox. */
  private async dropVisibleEntries(snapshotText: string, outbox: readonly OutboxEntry[]): Promise<RowChange[]> {
    const snapshot = parseSnapshot(snapshotText);
    if (!snapshot) return [];
    const touched = new Map<ReplicaTable, Set<string>>();
    for (const entry of outbox) {
      if (entry.txid === undefined || entry.seq === undefined) continue;
      if (!isTxidVisible(BigInt(entry.txid), snapshot)) continue;
      await this.db.outbox.delete(entry.seq);
      const ids = touched.get(entry.table) ?? new Set<string>();
      ids.add(entry.rowId);
      touched.set(entry.table, ids);
    }
    const changes: RowChange[] = [];
    for (const [table, ids] of touched) {
      for (const id of ids) await this.recomputeRow(table, id);
      changes.push({ table, ids: [...ids] });
    }
    return changes;
  }

  // ───────────────────────────── needs attention ─────────────────────────────

  /** Edited data goes back to the outbox (validated first); the rejection leaves the list. */
  async retryRejection(id: string, input: Record<string, unknown>): Promise<void> {
    const rejection = await this.db.rejections.get(id);
    if (!rejection) return;
    if (rejection.op === 'delete') assertWritable(rejection.table, 'delete');
    const fields =
      rejection.op === 'delete'
        ? {}
        : validateFields(rejection.table, rejection.op === 'insert' ? 'create' : 'update', input);
    const { table, rowId } = rejection;
    await this.db.transaction('rw', [...this.writeTables, this.db.rejections], async () => {
      if (!(await this.db.rejections.get(id))) return;
      await this.db.rejections.delete(id);
      await this.ensureBase(table, rowId);
      await this.db.outbox.add({ table, rowId, op: rejection.op, fields, createdAt: this.nowIso() });
      await this.recomputeRow(table, rowId);
    });
    this.onRowsChanged([{ table, ids: [rowId] }]);
  }

  /** Explicit discard: the replica already shows the server's version; the data is dropped. */
  async discardRejection(id: string): Promise<void> {
    await this.db.rejections.delete(id);
  }

  /** Outbox entries the server has not acknowledged yet. */
  async countPending(): Promise<number> {
    return this.db.outbox.filter((entry) => entry.txid === undefined).count();
  }
}
