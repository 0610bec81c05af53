/** Test helpers: a replica database with a unique name and an engine on an in-memory server. */
import { SyncEngine, type EngineOptions } from '../engine.ts';
import { ReplicaDb, type ReplicaTable } from '../schema.ts';
import type { MemoryServer, TransportHooks } from './memory-server.ts';

export const TEST_TENANT = '019a8f00-1000-7000-8000-000000000001';

let counter = 0;

export function openTestDb(prefix = 'test'): ReplicaDb {
  counter += 1;
  return new ReplicaDb(`${prefix}-${counter}-${Math.random().toString(36).slice(2)}`);
}

export type TestClient = { db: ReplicaDb; engine: SyncEngine; hooks: TransportHooks };

export function createTestClient(
  server: MemoryServer,
  options: Partial<EngineOptions> & { hooks?: TransportHooks; db?: ReplicaDb } = {},
): TestClient {
  const db = options.db ?? openTestDb();
  const hooks = options.hooks ?? {};
  const engine = new SyncEngine({
    ...options,
    db,
    tenantId: server.tenantId,
    // The client's user is the caller of its transport (caller defaults, own notifications).
    transport: options.transport ?? server.createTransport(hooks, options.userId),
  });
  return { db, engine, hooks };
}

/** Rows of a replica table without the engine's internal fields, sorted by id. */
export async function listReplicaRows(db: ReplicaDb, table: ReplicaTable): Promise<Record<string, unknown>[]> {
  const rows = (await db.table(table).toArray()) as Record<string, unknown>[];
  return rows
    .map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('_'))))
    .sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
}
