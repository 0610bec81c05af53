/**
 * Property-based convergence of the real engine (outbox, ids, rebase, acknowledgement, rejection,
 * reset) against the in-memory protocol model: 5 clients make random offline creates, edits of
 * the same and of different fields, deletes (with undo), random pushes and pulls, pushes whose
 * answer is lost (the replay must be ignored), pushes that never arrive, reloads, server
 * transactions that commit out of order, and tombstone purges — on contacts, opportunities
 * (with stage moves: server-written history and activities, closed_at, a lost stage refused
 * without a loss reason) and tasks (status changes: completed_at). After everyone syncs: every
 * replica table equals the server, no write is lost (applied, or in "needs attention"), none
 * applied twice. fast-check prints the seed and the shrunk schedule on failure.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyncEngine, UNDO_WINDOW_MS, type Undo } from './engine.ts';
import { MemoryServer } from './testing/memory-server.ts';
import { TEST_TENANT, listReplicaRows, openTestDb } from './testing/harness.ts';
import { DEFAULT_STAGES } from '@shared/sales/index.ts';
import { SYNC_TABLES } from '@shared/sync/protocol.ts';
import type { ReplicaDb } from './schema.ts';

const CLIENTS = 5;
const TABLES = ['contacts', 'opportunities', 'tasks'] as const;
type Table = (typeof TABLES)[number];
/**
 * Text fields get unique tags; `stage_id` and `status` (values shared by many writes) are moved
 * for their server-side effects and checked by convergence only.
 */
const FIELDS: Readonly<Record<Table, readonly string[]>> = {
  contacts: ['first_name', 'last_name', 'notes', 'job_title'],
  opportunities: ['title', 'next_step', 'notes', 'stage_id'],
  tasks: ['title', 'description', 'status', 'status'],
};
const CREATE_FIELD: Readonly<Record<Table, string>> = { contacts: 'last_name', opportunities: 'title', tasks: 'title' };
const TASK_STATUSES = ['todo', 'in_progress', 'done'] as const;
const TAG_PATTERN = /^(t|BAD)\d+$/;

type Action =
  | { kind: 'create'; client: number; table: Table; pick: number; bad: boolean }
  | { kind: 'update'; client: number; table: Table; pick: number; field: number; bad: boolean }
  | { kind: 'delete'; client: number; table: Table; pick: number }
  | { kind: 'undo'; client: number }
  | { kind: 'push'; client: number; fault: 'none' | 'lost-answer' | 'not-delivered' }
  | { kind: 'pull'; client: number; interleave: boolean; failAfterPages: number | null }
  | { kind: 'reload'; client: number }
  | { kind: 'tick' }
  | { kind: 'slow-write'; pick: number }
  | { kind: 'commit-slow' }
  | { kind: 'purge' };

const client = fc.nat(CLIENTS - 1);
const table = fc.constantFrom(...TABLES);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      client,
      table,
      pick: fc.nat(50),
      bad: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      client,
      table,
      pick: fc.nat(50),
      field: fc.nat(3),
      bad: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), client, table, pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const), client }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      client,
      fault: fc.constantFrom('none' as const, 'none' as const, 'lost-answer' as const, 'not-delivered' as const),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('pull' as const),
      client,
      interleave: fc.boolean(),
      // The network drops in the middle of a pull: the next one resumes the same window.
      failAfterPages: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), client }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'tick' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('slow-write' as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'commit-slow' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'purge' as const }) },
);

type Intent = {
  client: number;
  table: Table;
  /** Unique value written (text fields), `d<id>` for a delete; null for stage and status moves. */
  tag: string | null;
  kind: 'create' | 'update' | 'delete';
  rowId: string;
  field?: string;
  undone?: boolean;
};

type SimClient = {
  db: ReplicaDb;
  engine: SyncEngine;
  fault: 'none' | 'lost-answer' | 'not-delivered';
  interleave: boolean;
  pagesLeft: number | null;
  lastDelete: { undo: Undo; intent: Intent } | undefined;
};

async function runSchedule(actions: readonly Action[]): Promise<void> {
  // Three stages (open, won, lost) exercise every stage rule; seven would only add initial-sync pages.
  const server = new MemoryServer(TEST_TENANT, {
    stages: DEFAULT_STAGES.filter((stage) => ['prospect', 'won', 'lost'].includes(stage.key)),
  });
  server.rejectRule = (_table, fields) =>
    Object.entries(fields)
      .filter(([, value]) => typeof value === 'string' && value.startsWith('BAD'))
      .map(([key]) => key);
  let now = Date.UTC(2026, 10, 22, 9);
  let tagCounter = 0;
  const intents: Intent[] = [];
  const clients: SimClient[] = [];
  const makeEngine = (sim: Pick<SimClient, 'db' | 'fault' | 'interleave' | 'pagesLeft'>) =>
    new SyncEngine({
      db: sim.db,
      tenantId: TEST_TENANT,
      now: () => now,
      pullLimit: 2,
      transport: server.createTransport({
        isOffline: () => {
          if (sim.pagesLeft === null) return sim.fault === 'not-delivered';
          sim.pagesLeft -= 1;
          return sim.pagesLeft < 0;
        },
        loseAnswer: () => sim.fault === 'lost-answer',
        beforePull: () => {
          // Another server transaction lands between two pages of the same pull.
          if (sim.interleave) server.commitSlowWrites();
        },
      }),
    });
  const getClient = (index: number): SimClient => {
    let sim = clients[index];
    if (!sim) {
      const base = { db: openTestDb('conv'), fault: 'none' as const, interleave: false, pagesLeft: null };
      sim = { ...base, engine: undefined as unknown as SyncEngine, lastDelete: undefined };
      sim.engine = makeEngine(sim);
      clients[index] = sim;
    }
    return sim;
  };
  const pickRow = async (sim: SimClient, rowTable: Table, pick: number): Promise<string | undefined> => {
    const ids = (await sim.db.table(rowTable).toCollection().primaryKeys()) as string[];
    return ids.length === 0 ? undefined : ids[pick % ids.length];
  };
  // The tenant's default stages (the server creates them with the tenant): won and lost included.
  const stageIds = server.listLiveRows('pipeline_stages').map((row) => String(row['id']));
  const pickStage = (pick: number) => stageIds[pick % stageIds.length] as string;
  const swallowTransient = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'SyncTransportError')) throw error;
      if ((error as { kind?: string }).kind === 'fatal') throw error;
    }
  };

  /**
   * Read-your-writes, checked after every step: a client's replica shows its own latest value of a
   * field, or a value the server applied after it — never an older one (no flicker back, L7).
   */
  const checkReadYourWrites = async (index: number) => {
    const sim = clients[index];
    if (sim) {
      const rejected = new Set<string>();
      for (const rejection of await sim.db.rejections.toArray()) {
        for (const value of Object.values(rejection.fields)) rejected.add(String(value));
      }
      const latest = new Map<string, Intent>();
      for (const intent of intents) {
        if (intent.client !== index || intent.kind === 'delete') continue;
        latest.set(`${intent.table}:${intent.rowId}:${intent.field}`, intent);
      }
      const entries = [...latest];
      const rows = await Promise.all(
        entries.map(
          ([, intent]) => sim.db.table(intent.table).get(intent.rowId) as Promise<Record<string, unknown> | undefined>,
        ),
      );
      for (const [position, [key, intent]] of entries.entries()) {
        if (intent.tag === null || rejected.has(intent.tag)) continue;
        const row = rows[position];
        if (!row) continue;
        const field = intent.field ?? '';
        const value = row[field];
        if (value === intent.tag) continue;
        const history = server.history.get(`${intent.table}:${intent.rowId}:${field}`) ?? [];
        const at = history.indexOf(intent.tag);
        expect({ key, value, isLater: at >= 0 && history.slice(at + 1).includes(value) }).toEqual({
          key,
          value,
          isLater: true,
        });
      }
    }
  };

  try {
    for (const action of actions) {
      switch (action.kind) {
        case 'create': {
          const sim = getClient(action.client);
          tagCounter += 1;
          const tag = `${action.bad ? 'BAD' : 't'}${tagCounter}`;
          const field = CREATE_FIELD[action.table];
          // An opportunity may start in a lost stage: refused without a loss reason (needs attention).
          const extra = action.table === 'opportunities' ? { stage_id: pickStage(action.pick) } : {};
          const { id } = await sim.engine.createRow(action.table, { [field]: tag, ...extra });
          intents.push({ client: action.client, table: action.table, tag, kind: 'create', rowId: id, field });
          break;
        }
        case 'update': {
          const sim = getClient(action.client);
          const id = await pickRow(sim, action.table, action.pick);
          if (!id) break;
          const field = FIELDS[action.table][action.field] as string;
          let value: string;
          let tag: string | null = null;
          if (field === 'stage_id') value = pickStage(action.pick + tagCounter);
          else if (field === 'status') value = TASK_STATUSES[(action.pick + tagCounter) % 3] as string;
          else {
            tagCounter += 1;
            tag = `${action.bad ? 'BAD' : 't'}${tagCounter}`;
            value = tag;
          }
          tagCounter += 1;
          await sim.engine.updateRow(action.table, id, { [field]: value });
          intents.push({ client: action.client, table: action.table, tag, kind: 'update', rowId: id, field });
          break;
        }
        case 'delete': {
          const sim = getClient(action.client);
          const id = await pickRow(sim, action.table, action.pick);
          if (!id) break;
          const intent: Intent = {
            client: action.client,
            table: action.table,
            tag: `d${id}`,
            kind: 'delete',
            rowId: id,
          };
          intents.push(intent);
          const { undo } = await sim.engine.deleteRow(action.table, id);
          sim.lastDelete = { undo, intent };
          break;
        }
        case 'undo': {
          const sim = getClient(action.client);
          if (!sim.lastDelete) break;
          if (await sim.lastDelete.undo()) sim.lastDelete.intent.undone = true;
          sim.lastDelete = undefined;
          break;
        }
        case 'push': {
          const sim = getClient(action.client);
          sim.fault = action.fault;
          await swallowTransient(sim.engine.push());
          sim.fault = 'none';
          break;
        }
        case 'pull': {
          const sim = getClient(action.client);
          sim.interleave = action.interleave;
          sim.pagesLeft = action.failAfterPages;
          await swallowTransient(sim.engine.pull());
          sim.interleave = false;
          sim.pagesLeft = null;
          break;
        }
        case 'reload': {
          // The tab reloads: a new engine over the same database; undo handles are gone.
          const sim = getClient(action.client);
          sim.engine = makeEngine(sim);
          sim.lastDelete = undefined;
          break;
        }
        case 'tick':
          now += UNDO_WINDOW_MS + 1;
          break;
        case 'slow-write': {
          const live = server.listLiveRows('contacts');
          const row = live[action.pick % Math.max(1, live.length)];
          tagCounter += 1;
          if (row) server.beginSlowWrite('contacts', String(row['id']), { notes: `s${tagCounter}` });
          break;
        }
        case 'commit-slow':
          server.commitSlowWrites();
          break;
        case 'purge':
          server.purgeTombstones();
          break;
      }
      if (action.kind === 'pull' || action.kind === 'push') await checkReadYourWrites(action.client);
    }

    // Everyone comes back online for good and syncs until nothing moves.
    server.commitSlowWrites();
    now += UNDO_WINDOW_MS + 1;
    const active = clients.filter((sim): sim is SimClient => sim !== undefined);
    for (let round = 0; ; round += 1) {
      expect(round).toBeLessThan(10);
      let sent = 0;
      for (const sim of active) {
        for (;;) {
          const outcome = await sim.engine.push().catch(async (error: unknown) => {
            if ((error as { kind?: string }).kind === 'gap') return { sent: 1, hasMore: true, heldUntil: null };
            throw error;
          });
          sent += outcome.sent;
          if (!outcome.hasMore && outcome.sent === 0) break;
        }
      }
      for (const sim of active) await sim.engine.pull();
      if (sent === 0) break;
    }

    // Every table, the server-written ones (stage history, system activities) included.
    for (const syncTable of SYNC_TABLES) {
      const serverRows = server.listLiveRows(syncTable);
      for (const sim of active) expect(await listReplicaRows(sim.db, syncTable)).toEqual(serverRows);
    }
    for (const sim of active) {
      expect(await sim.db.outbox.count()).toBe(0);
      expect(await sim.db.bases.count()).toBe(0);
    }

    // None applied twice: each tag and each (client, mutation id) at most once.
    const appliedTags = new Map<string, number>();
    const appliedKeys = new Set<string>();
    for (const mutation of server.applied) {
      const key = `${mutation.clientId}/${mutation.mutationId}`;
      expect(appliedKeys.has(key)).toBe(false);
      appliedKeys.add(key);
      const tags =
        mutation.op === 'delete'
          ? [`d${mutation.id}`]
          : Object.values(mutation.fields)
              .map(String)
              .filter((value) => TAG_PATTERN.test(value));
      for (const tag of tags) appliedTags.set(tag, (appliedTags.get(tag) ?? 0) + 1);
    }
    for (const [tag, count] of appliedTags) expect({ tag, count }).toEqual({ tag, count: 1 });

    // Nothing lost: each intent was applied, or waits in "needs attention", or was undone, or a
    // later edit of the same field by the same client replaced it before it was sent.
    const rejectedTags = new Set<string>();
    for (const [index, sim] of clients.entries()) {
      if (!sim) continue;
      for (const rejection of await sim.db.rejections.toArray()) {
        if (rejection.op === 'delete') rejectedTags.add(`${index}:d${rejection.rowId}`);
        for (const value of Object.values(rejection.fields)) rejectedTags.add(`${index}:${String(value)}`);
      }
    }
    intents.forEach((intent, position) => {
      if (intent.undone || intent.tag === null) return;
      if ((appliedTags.get(intent.tag) ?? 0) === 1) return;
      if (rejectedTags.has(`${intent.client}:${intent.tag}`)) return;
      const isReplaced = intents
        .slice(position + 1)
        .some(
          (later) =>
            later.client === intent.client &&
            later.table === intent.table &&
            later.rowId === intent.rowId &&
            later.field === intent.field &&
            later.kind === 'update',
        );
      expect({ lost: intent, isReplaced }).toEqual({ lost: intent, isReplaced: true });
    });
    // Rejected values never reach the server; everything else (not replaced) did.
    for (const tag of appliedTags.keys()) expect(tag.startsWith('BAD')).toBe(false);
  } finally {
    for (const sim of clients) if (sim) await sim.db.delete();
  }
}

describe('sync convergence (property)', () => {
  it('converges every replica to the server without losing or duplicating a write', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 24 }), (actions) => runSchedule(actions)),
      { numRuns: 1_000 },
    );
  }, 600_000);
});
