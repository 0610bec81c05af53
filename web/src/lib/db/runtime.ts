/**
 * The replica of the signed-in user in the active tenant: opens the database, loads the search
 * index, elects one leader tab (Web Locks) that pushes, pulls, listens for pokes and uploads
 * attachments, and relays between tabs on a BroadcastChannel (writes from any tab land in the
 * shared outbox and wake the leader; row changes update every tab's search index; the leader
 * shares its phase). Dexie liveQuery already propagates row changes across tabs for screens.
 */
import { liveQuery } from 'dexie';
import { MAX_PULL_LIMIT } from '@shared/sync/protocol.ts';
import { isSearchTable, type SearchTable } from '@shared/sync/registry.ts';
import type { Company, Contact } from '@shared/crm/index.ts';
import {
  createSyncTransport,
  getAttachmentSignedUrl,
  uploadAttachment as uploadAttachmentToStorage,
} from '../supabase/sync-api.ts';
import { subscribeToSyncPokes } from '../supabase/realtime.ts';
import { enqueueAttachment, uploadPendingAttachments, type UploadBlob } from './attachments.ts';
import { SyncEngine, type RowChange, type Undo } from './engine.ts';
import { ReplicaDb, getReplicaDbName, type ReplicaTable, type ServerRow } from './schema.ts';
import { SearchIndex } from './search.ts';
import { getSyncState, resetSyncState, subscribeToSyncState, updateSyncState, type SyncState } from './status.ts';
import { SyncLoop, WRITE_DEBOUNCE_MS } from './sync-loop.ts';
import type { SyncTransport } from './transport.ts';

export type StartReplicaOptions = {
  userId: string;
  tenantId: string;
  /** Tests inject these; the app uses supabase-js. */
  transport?: SyncTransport;
  uploadBlob?: UploadBlob;
  subscribePokes?: (tenantId: string, onPoke: () => void) => Promise<() => void>;
};

type Message =
  | { type: 'outbox' }
  | { type: 'sync' }
  | { type: 'status-request' }
  | { type: 'rows'; changes: RowChange[] }
  | { type: 'status'; state: Pick<SyncState, 'phase' | 'errorKey' | 'progress'> };

type Runtime = {
  key: string;
  userId: string;
  tenantId: string;
  db: ReplicaDb;
  engine: SyncEngine;
  index: SearchIndex;
  indexWork: Promise<void>;
  channel: BroadcastChannel | undefined;
  loop: SyncLoop | undefined;
  uploadBlob: UploadBlob;
  attachmentTimer: ReturnType<typeof setTimeout> | undefined;
  disposers: (() => void)[];
  isStopped: boolean;
};

/** Above this many ids, other tabs reload the table instead (an initial-sync page). */
const MAX_BROADCAST_IDS = 500;
const TABLE_RELOAD_DELAY_MS = 300;

let runtime: Runtime | undefined;
const runtimeListeners = new Set<() => void>();

/** The open replica database, for hooks (undefined before startReplica). */
export function getReplicaDb(): ReplicaDb | undefined {
  return runtime?.db;
}

export function subscribeToReplica(listener: () => void): () => void {
  runtimeListeners.add(listener);
  return () => runtimeListeners.delete(listener);
}

function notifyRuntime(): void {
  for (const listener of runtimeListeners) listener();
}

function requireRuntime(): Runtime {
  if (!runtime) throw new Error('startReplica() must run before the replica is used');
  return runtime;
}

/** Applies changed rows to the index, serialised so searches see them. */
function refreshIndex(rt: Runtime, changes: readonly RowChange[]): void {
  rt.indexWork = rt.indexWork.then(async () => {
    for (const change of changes) {
      // Only companies and contacts are searched; other tables' changes cost nothing here.
      if (!isSearchTable(change.table)) continue;
      if (change.rows && change.removed) {
        // A pulled page: the rows are at hand, no need to read them back.
        rt.index.upsert(change.table, change.rows);
        rt.index.remove(change.table, change.removed);
        continue;
      }
      const table = rt.db.table<ServerRow, string>(change.table);
      if (change.ids.length === 0) {
        // A reset, or a large change in another tab: reload the whole table.
        const rows = await table.toArray();
        rt.index.clearTable(change.table);
        rt.index.upsert(change.table, rows);
        continue;
      }
      const rows = await table.bulkGet(change.ids);
      const present: ServerRow[] = [];
      const missing: string[] = [];
      rows.forEach((row, i) => {
        if (row) present.push(row);
        else missing.push(change.ids[i] as string);
      });
      rt.index.upsert(change.table, present);
      rt.index.remove(change.table, missing);
    }
  });
  rt.indexWork.catch((error: unknown) => console.error('search index update failed', error));
}

/** What other tabs need to hear: ids of small changes, "reload the table" for large ones. */
function summarizeForTabs(changes: readonly RowChange[]): RowChange[] {
  return changes.map(({ table, ids }) => ({ table, ids: ids.length > MAX_BROADCAST_IDS ? [] : ids }));
}

function post(rt: Runtime, message: Message): void {
  try {
    rt.channel?.postMessage(message);
  } catch {
    // A closed channel during shutdown: nothing to tell.
  }
}

function scheduleAttachments(rt: Runtime, delayMs = 0): void {
  if (!rt.loop || rt.isStopped) return;
  if (rt.attachmentTimer !== undefined) clearTimeout(rt.attachmentTimer);
  rt.attachmentTimer = setTimeout(() => {
    rt.attachmentTimer = undefined;
    void uploadPendingAttachments(rt.db, rt.uploadBlob)
      .then((nextAt) => {
        if (nextAt !== null) scheduleAttachments(rt, Math.max(0, nextAt - Date.now()));
      })
      .catch((error: unknown) => console.error('attachment upload failed', error));
  }, delayMs);
}

async function becomeLeader(rt: Runtime, options: StartReplicaOptions): Promise<void> {
  if (rt.isStopped) return;
  const loop = new SyncLoop({
    engine: rt.engine,
    onFatal: (code) => {
      if (code === 'not_a_member') void rt.engine.surrenderOutbox('not_a_member');
    },
  });
  rt.loop = loop;
  updateSyncState({ isLeader: true });
  const unsubscribeStatus = subscribeToStatusBroadcast(rt);
  rt.disposers.push(unsubscribeStatus, () => void loop.stop());
  if (typeof window !== 'undefined') {
    const onOnline = () => {
      updateSyncState({ online: true });
      loop.trigger(0);
      scheduleAttachments(rt);
    };
    const onOffline = () => updateSyncState({ online: false, phase: 'offline' });
    const onVisible = () => {
      if (typeof document === 'undefined' || document.visibilityState === 'visible') loop.trigger(0);
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    window.addEventListener('focus', onVisible);
    document.addEventListener('visibilitychange', onVisible);
    rt.disposers.push(() => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('focus', onVisible);
      document.removeEventListener('visibilitychange', onVisible);
    });
  }
  loop.start();
  scheduleAttachments(rt);
  const subscribe = options.subscribePokes ?? ((tenantId, onPoke) => subscribeToSyncPokes(tenantId, onPoke));
  try {
    const unsubscribe = await subscribe(rt.tenantId, () => loop.trigger(0));
    if (rt.isStopped) unsubscribe();
    else rt.disposers.push(unsubscribe);
  } catch (error) {
    // Pokes are hints: the timer, focus and online triggers still keep the replica fresh.
    console.warn('sync pokes unavailable', error);
  }
}

/** The leader shares its phase so every tab's status bar tells the same story. */
function subscribeToStatusBroadcast(rt: Runtime): () => void {
  let last = '';
  return subscribeToSyncState(() => {
    const { phase, errorKey, progress } = getSyncState();
    const text = JSON.stringify({ phase, errorKey, progress });
    if (text === last) return;
    last = text;
    post(rt, { type: 'status', state: { phase, errorKey, progress } });
  });
}

const reloadTimers = new Map<string, ReturnType<typeof setTimeout>>();

/** Table reloads asked by another tab (its initial sync pages) are coalesced: one after a pause. */
function scheduleTableReload(rt: Runtime, table: SearchTable): void {
  const key = `${rt.key}:${table}`;
  const pending = reloadTimers.get(key);
  if (pending !== undefined) clearTimeout(pending);
  reloadTimers.set(
    key,
    setTimeout(() => {
      reloadTimers.delete(key);
      if (!rt.isStopped) refreshIndex(rt, [{ table, ids: [] }]);
    }, TABLE_RELOAD_DELAY_MS),
  );
}

function onMessage(rt: Runtime, message: Message): void {
  if (message.type === 'rows') {
    const small = message.changes.filter((change) => change.ids.length > 0);
    for (const change of message.changes) {
      if (change.ids.length === 0 && isSearchTable(change.table)) scheduleTableReload(rt, change.table);
    }
    if (small.length > 0) refreshIndex(rt, small);
  } else if (message.type === 'outbox') rt.loop?.trigger(WRITE_DEBOUNCE_MS);
  else if (message.type === 'sync') {
    rt.loop?.resume();
    rt.loop?.trigger(0);
  } else if (message.type === 'status' && !rt.loop) updateSyncState(message.state);
  else if (message.type === 'status-request' && rt.loop) {
    const { phase, errorKey, progress } = getSyncState();
    post(rt, { type: 'status', state: { phase, errorKey, progress } });
  }
}

/**
 * Opens the replica of (user, tenant) and starts syncing. Called once the user and the active
 * tenant are known, and again on a tenant switch (the previous replica is stopped first).
 */
export async function startReplica(options: StartReplicaOptions): Promise<void> {
  const key = getReplicaDbName(options.userId, options.tenantId);
  if (runtime?.key === key) return;
  await stopReplica();
  const db = new ReplicaDb(key);
  await db.open();
  const index = new SearchIndex();
  const rt: Runtime = {
    key,
    userId: options.userId,
    tenantId: options.tenantId,
    db,
    index,
    indexWork: Promise.resolve(),
    channel: typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(`comptoir-sync-${key}`),
    loop: undefined,
    uploadBlob: options.uploadBlob ?? ((hash, blob) => uploadAttachmentToStorage(options.tenantId, hash, blob)),
    attachmentTimer: undefined,
    disposers: [],
    isStopped: false,
    engine: undefined as unknown as SyncEngine,
  };
  rt.engine = new SyncEngine({
    db,
    tenantId: options.tenantId,
    userId: options.userId,
    transport: options.transport ?? createSyncTransport(),
    // Big pages: fewer round trips and fewer IndexedDB transactions during the initial sync.
    pullLimit: MAX_PULL_LIMIT,
    onRowsChanged: (changes) => {
      refreshIndex(rt, changes);
      post(rt, { type: 'rows', changes: summarizeForTabs(changes) });
    },
    onProgress: (progress) => updateSyncState({ progress }),
  });
  await rt.engine.getClientId();
  runtime = rt;
  resetSyncState();
  updateSyncState({ phase: 'syncing' });
  rt.indexWork = Promise.all([db.companies.toArray(), db.contacts.toArray()]).then(([companies, contacts]) => {
    index.upsert('companies', companies as unknown as ServerRow[]);
    index.upsert('contacts', contacts as unknown as ServerRow[]);
    index.prepare();
  });
  if (rt.channel) {
    const channel = rt.channel;
    const listener = (event: MessageEvent<Message>) => onMessage(rt, event.data);
    channel.addEventListener('message', listener);
    rt.disposers.push(() => channel.close());
    // A new tab asks the leader (if any) where the sync stands.
    post(rt, { type: 'status-request' });
  }
  const counts = liveQuery(async () => ({
    pending: await db.outbox.filter((entry) => entry.txid === undefined).count(),
    rejections: await db.rejections.count(),
    lastSyncedAt: ((await db.meta.get('lastSyncedAt'))?.value as string | undefined) ?? null,
  })).subscribe({
    next: (value) => updateSyncState(value),
    error: (error: unknown) => console.error('sync status query failed', error),
  });
  rt.disposers.push(() => counts.unsubscribe());
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks) {
    const controller = new AbortController();
    let release: (() => void) | undefined;
    rt.disposers.push(() => {
      controller.abort();
      release?.();
    });
    void locks
      .request(`comptoir-sync-${options.userId}-${options.tenantId}`, { signal: controller.signal }, async () => {
        await becomeLeader(rt, options);
        await new Promise<void>((resolve) => {
          release = resolve;
          if (rt.isStopped) resolve();
        });
      })
      .catch(() => undefined);
  } else {
    // No Web Locks (old browsers, Node tests): this tab is the only one that syncs.
    await becomeLeader(rt, options);
  }
  notifyRuntime();
}

/** Stops syncing and closes the database (sign-out, tenant switch). Data stays on the device. */
export async function stopReplica(): Promise<void> {
  const rt = runtime;
  if (!rt) return;
  rt.isStopped = true;
  runtime = undefined;
  if (rt.attachmentTimer !== undefined) clearTimeout(rt.attachmentTimer);
  for (const dispose of rt.disposers.reverse()) dispose();
  await rt.loop?.stop();
  await rt.indexWork.catch(() => undefined);
  rt.db.close();
  resetSyncState();
  notifyRuntime();
}

/** Pull (and push) now, e.g. a "Sync now" button; another tab asks the leader. */
export function requestSync(): void {
  const rt = runtime;
  if (!rt) return;
  if (rt.loop) {
    rt.loop.resume();
    rt.loop.trigger(0);
  } else post(rt, { type: 'sync' });
}

/** Resolves once the leader's current sync run has finished (tests, "Sync now" spinners). */
export async function syncNow(): Promise<void> {
  await runtime?.loop?.runNow();
}

function afterWrite(rt: Runtime): void {
  if (rt.loop) rt.loop.trigger(WRITE_DEBOUNCE_MS);
  else post(rt, { type: 'outbox' });
}

export async function createRow<T extends ReplicaTable>(
  table: T,
  fields: Record<string, unknown>,
): Promise<{ id: string; undo: Undo }> {
  const rt = requireRuntime();
  // The engine knows the user: a new row belongs to its creator (owner_id, and assignee_id for a
  // task) unless the caller says otherwise — a `sales` user may only create, and then see, rows
  // they own.
  const result = await rt.engine.createRow(table, fields);
  afterWrite(rt);
  return { id: result.id, undo: wrapUndo(rt, result.undo) };
}

export async function updateRow<T extends ReplicaTable>(
  table: T,
  id: string,
  patch: Record<string, unknown>,
): Promise<{ undo: Undo }> {
  const rt = requireRuntime();
  const result = await rt.engine.updateRow(table, id, patch);
  afterWrite(rt);
  return { undo: wrapUndo(rt, result.undo) };
}

export async function deleteRow<T extends ReplicaTable>(table: T, id: string): Promise<{ undo: Undo }> {
  const rt = requireRuntime();
  const result = await rt.engine.deleteRow(table, id);
  afterWrite(rt);
  return { undo: wrapUndo(rt, result.undo) };
}

function wrapUndo(rt: Runtime, undo: Undo): Undo {
  return async () => {
    const isUndone = await undo();
    afterWrite(rt);
    return isUndone;
  };
}

export async function retryRejection(id: string, fields: Record<string, unknown>): Promise<void> {
  const rt = requireRuntime();
  await rt.engine.retryRejection(id, fields);
  afterWrite(rt);
}

export async function discardRejection(id: string): Promise<void> {
  await requireRuntime().engine.discardRejection(id);
}

async function fetchHits<T>(table: SearchTable, query: string, limit: number): Promise<T[]> {
  const rt = requireRuntime();
  await rt.indexWork;
  const hits = rt.index.search(table, query, limit);
  const rows = await rt.db.table<T, string>(table).bulkGet(hits.map((hit) => hit.id));
  return rows.filter((row): row is Awaited<T> & T => row !== undefined);
}

/** Contacts matching every word (accent-insensitive prefixes of names, e-mails, phones, company). */
export function searchContacts(query: string, options: { limit?: number } = {}): Promise<Contact[]> {
  return fetchHits<Contact>('contacts', query, options.limit ?? 50);
}

export function searchCompanies(query: string, options: { limit?: number } = {}): Promise<Company[]> {
  return fetchHits<Company>('companies', query, options.limit ?? 50);
}

export async function queueAttachment(blob: Blob): Promise<{ hash: string }> {
  const rt = requireRuntime();
  const result = await enqueueAttachment(rt.db, blob);
  scheduleAttachments(rt);
  return result;
}

/** An object URL of the local blob, else a signed URL of the uploaded object, else null. */
export async function getAttachmentUrl(hash: string): Promise<string | null> {
  const rt = requireRuntime();
  const local = await rt.db.attachments.get(hash);
  if (local) return URL.createObjectURL(local.blob);
  return getAttachmentSignedUrl(rt.tenantId, hash);
}
