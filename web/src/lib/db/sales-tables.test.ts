/**
 * The V1 tables through the real engine and the in-memory server: generic writes and reads of
 * every synced table, read-only tables refused locally, caller defaults, and the server-side
 * effects (stage history, system activities, completed_at, notifications) reaching replicas.
 */
import 'fake-indexeddb/auto';
import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notification, Opportunity, PipelineStage } from '@shared/sales/index.ts';
import { SYNC_TABLES } from '@shared/sync/protocol.ts';
import { MemoryServer } from './testing/memory-server.ts';
import { TEST_TENANT, createTestClient, listReplicaRows, type TestClient } from './testing/harness.ts';
import {
  createRow,
  ReadOnlyTableError,
  startReplica,
  stopReplica,
  updateRow,
  useRejections,
  useReplicaQuery,
  ValidationError,
} from './index.ts';
import { UNDO_WINDOW_MS } from './engine.ts';
import { syncNow } from './runtime.ts';
import { ReplicaDb, getReplicaDbName } from './schema.ts';

const ALICE = '019a8f00-1000-7000-8000-0000000000a1';
const BRUNO = '019a8f00-1000-7000-8000-0000000000b2';
const opened: TestClient[] = [];

function open(server: MemoryServer, userId: string, now?: () => number): TestClient {
  const client = createTestClient(server, now ? { userId, now } : { userId });
  opened.push(client);
  return client;
}

afterEach(async () => {
  for (const client of opened.splice(0)) await client.db.delete();
  await stopReplica();
  await new ReplicaDb(getReplicaDbName(ALICE, TEST_TENANT)).delete();
});

async function findStage(client: TestClient, key: string): Promise<PipelineStage> {
  const stages = await client.db.pipeline_stages.toArray();
  const stage = stages.find((candidate) => candidate.key === key);
  if (!stage) throw new Error(`no stage ${key}`);
  return stage;
}

describe('V1 tables in the replica', () => {
  it('creates and reads an opportunity through the runtime API and useReplicaQuery', async () => {
    const server = new MemoryServer(TEST_TENANT, { userId: ALICE });
    await startReplica({
      userId: ALICE,
      tenantId: TEST_TENANT,
      transport: server.createTransport(),
      subscribePokes: () => Promise.resolve(() => undefined),
      uploadBlob: () => Promise.resolve(),
    });
    await syncNow();
    const stageId = (server.listLiveRows('pipeline_stages').find((row) => row['key'] === 'demo') ?? {})['id'];
    expect(typeof stageId).toBe('string');
    const { result } = renderHook(() =>
      useReplicaQuery(
        (db) => db.opportunities.where('stage_id').equals(String(stageId)).toArray(),
        [stageId],
        [] as Opportunity[],
      ),
    );
    const { id } = await createRow('opportunities', {
      title: '  Pompe à chaleur  ',
      stage_id: stageId,
      amount_cents: 1_250_000,
    });
    await waitFor(() => expect(result.current.map((row) => row.id)).toEqual([id]));
    // Normalised by the shared schema, the creator as owner, the server's columns shown at once.
    expect(result.current[0]).toMatchObject({
      title: 'Pompe à chaleur',
      owner_id: ALICE,
      currency: 'EUR',
      closed_at: null,
    });
    expect(typeof result.current[0]?.stage_entered_at).toBe('string');
    await syncNow();
    await waitFor(() => expect(server.getRow('opportunities', id)).toBeDefined());
    expect(server.getRow('opportunities', id)).toMatchObject({ owner_id: ALICE, amount_cents: 1_250_000 });
    // The server-written history and creation entry reach the replica on the same sync.
    await syncNow();
    const history = renderHook(() =>
      useReplicaQuery((db) => db.opportunity_stage_history.where('opportunity_id').equals(id).toArray(), [id], []),
    );
    await waitFor(() => expect(history.result.current).toHaveLength(1));
    expect(history.result.current[0]).toMatchObject({ from_stage_id: null, to_stage_id: stageId, changed_by: ALICE });
    await updateRow('opportunities', id, { next_step: 'Rappeler mardi' });
    await expect(createRow('opportunity_stage_history', { opportunity_id: id })).rejects.toBeInstanceOf(
      ReadOnlyTableError,
    );
    const rejections = renderHook(() => useRejections());
    expect(rejections.result.current).toEqual([]);
  });

  it('refuses writes a client may never make, before anything is queued', async () => {
    const server = new MemoryServer(TEST_TENANT, { userId: ALICE });
    const alice = open(server, ALICE);
    await expect(alice.engine.createRow('opportunity_stage_history', {})).rejects.toBeInstanceOf(ReadOnlyTableError);
    await expect(alice.engine.createRow('notifications', { read_at: null })).rejects.toMatchObject({
      name: 'ReadOnlyTableError',
      table: 'notifications',
      op: 'insert',
    });
    // A comment mentioning Alice, by Bruno, gives Alice a notification she can mark read only.
    const bruno = open(server, BRUNO);
    await bruno.engine.createRow('comments', {
      record_table: 'contacts',
      record_id: '019a8f00-1000-7000-8000-00000000c0c0',
      body: 'Tu peux rappeler @Alice ?',
      mentions: [ALICE],
    });
    await bruno.engine.push();
    await alice.engine.pull();
    const [notification] = await alice.db.notifications.toArray();
    expect(notification).toMatchObject({ user_id: ALICE, kind: 'mention', actor_id: BRUNO, record_table: 'contacts' });
    const id = (notification as Notification).id;
    await expect(alice.engine.deleteRow('notifications', id)).rejects.toBeInstanceOf(ReadOnlyTableError);
    await expect(alice.engine.updateRow('notifications', id, { excerpt: 'x' })).rejects.toBeInstanceOf(ValidationError);
    await expect(alice.engine.updateRow('opportunity_stage_history', id, {})).rejects.toBeInstanceOf(
      ReadOnlyTableError,
    );
    expect(await alice.db.outbox.count()).toBe(0);
    await alice.engine.updateRow('notifications', id, { read_at: '2026-11-22T10:00:00Z' });
    await alice.engine.push();
    await alice.engine.pull();
    expect(await alice.db.rejections.count()).toBe(0);
    expect(server.getRow('notifications', id)).toMatchObject({ read_at: '2026-11-22T10:00:00Z' });
    // Bruno never receives Alice's notification, nor one for mentioning himself.
    await bruno.engine.pull();
    expect(await bruno.db.notifications.count()).toBe(0);
  });

  it('moves an opportunity through stages: server columns, history, system activities, loss reason', async () => {
    const server = new MemoryServer(TEST_TENANT, { userId: ALICE });
    const alice = open(server, ALICE);
    const manager = open(server, BRUNO);
    await alice.engine.pull();
    const prospect = await findStage(alice, 'prospect');
    const won = await findStage(alice, 'won');
    const lost = await findStage(alice, 'lost');
    const { id } = await alice.engine.createRow('opportunities', {
      title: 'Flotte de 12 véhicules',
      stage_id: prospect.id,
    });
    await alice.engine.updateRow('opportunities', id, { stage_id: won.id });
    await alice.engine.push();
    await alice.engine.pull();
    const row = await alice.db.opportunities.get(id);
    expect(row?.closed_at).not.toBeNull();
    expect(row?.stage_entered_at).toBe(row?.closed_at);
    // Lost without a reason: the server refuses it, naming loss_reason; the row goes back to won.
    await alice.engine.updateRow('opportunities', id, { stage_id: lost.id });
    await alice.engine.push();
    const [rejection] = await alice.db.rejections.toArray();
    expect(rejection).toMatchObject({ table: 'opportunities', code: 'invalid', offending: ['loss_reason'] });
    expect((await alice.db.opportunities.get(id))?.stage_id).toBe(won.id);
    await alice.engine.retryRejection(rejection?.id ?? '', { stage_id: lost.id, loss_reason: 'Budget gelé' });
    await alice.engine.push();
    await manager.engine.pull();
    const history = await manager.db.opportunity_stage_history.where('opportunity_id').equals(id).toArray();
    expect(history.map((entry) => [entry.from_stage_id, entry.to_stage_id])).toEqual([
      [null, prospect.id],
      [prospect.id, won.id],
      [won.id, lost.id],
    ]);
    const activities = await manager.db.activities
      .where('[opportunity_id+occurred_at]')
      .between([id, ''], [id, '\uffff'])
      .toArray();
    expect(activities.map((activity) => activity.kind)).toEqual(['created', 'stage_change', 'stage_change']);
    expect(activities[0]?.details).toEqual({ to_stage_id: prospect.id });
    expect(activities[2]?.details).toEqual({ from_stage_id: won.id, to_stage_id: lost.id });
    expect(activities.every((activity) => activity.owner_id === ALICE)).toBe(true);
    expect(await manager.db.opportunities.get(id)).toMatchObject({ loss_reason: 'Budget gelé', owner_id: ALICE });
    // Reopened: closed_at cleared.
    await alice.engine.updateRow('opportunities', id, { stage_id: prospect.id });
    await alice.engine.push();
    await alice.engine.pull();
    expect((await alice.db.opportunities.get(id))?.closed_at).toBeNull();
    // A client may not log a system entry.
    await expect(
      alice.engine.createRow('activities', {
        kind: 'stage_change',
        occurred_at: '2026-11-22T09:00:00Z',
        opportunity_id: id,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('fills caller defaults on tasks, sets completed_at and notifies another assignee', async () => {
    const server = new MemoryServer(TEST_TENANT, { userId: ALICE });
    const alice = open(server, ALICE);
    const bruno = open(server, BRUNO);
    const mine = await alice.engine.createRow('tasks', { title: 'Envoyer le devis' });
    // assignee_id is writable and sent; owner_id (the creator) is the server's, shown locally.
    expect(await alice.db.tasks.get(mine.id)).toMatchObject({ assignee_id: ALICE, owner_id: ALICE, status: 'todo' });
    expect((await alice.db.outbox.toArray())[0]?.fields).toMatchObject({ assignee_id: ALICE });
    expect((await alice.db.outbox.toArray())[0]?.fields).not.toHaveProperty('owner_id');
    const theirs = await alice.engine.createRow('tasks', { title: 'Relancer le garage', assignee_id: BRUNO });
    await alice.engine.updateRow('tasks', mine.id, { status: 'done' });
    await alice.engine.push();
    await alice.engine.pull();
    expect((await alice.db.tasks.get(mine.id))?.completed_at).toEqual(expect.any(String));
    expect(await alice.db.notifications.count()).toBe(0);
    await bruno.engine.pull();
    expect(await bruno.db.tasks.where('assignee_id').equals(BRUNO).count()).toBe(1);
    expect(await bruno.db.notifications.where('user_id').equals(BRUNO).toArray()).toMatchObject([
      {
        kind: 'task_assigned',
        record_table: 'tasks',
        record_id: theirs.id,
        actor_id: ALICE,
        excerpt: 'Relancer le garage',
      },
    ]);
    await alice.engine.updateRow('tasks', mine.id, { status: 'in_progress' });
    await alice.engine.push();
    await alice.engine.pull();
    expect((await alice.db.tasks.get(mine.id))?.completed_at).toBeNull();
    // Every table converges to the server's rows as the user may read them.
    for (const table of SYNC_TABLES) {
      if (table === 'notifications') continue;
      expect(await listReplicaRows(alice.db, table)).toEqual(server.listLiveRows(table));
    }
  });

  it('sets a contact last contacted by a call, not by a note', async () => {
    const server = new MemoryServer(TEST_TENANT, { userId: ALICE });
    const alice = open(server, ALICE);
    const { id } = await alice.engine.createRow('contacts', { last_name: 'Roux' });
    await alice.engine.createRow('activities', { kind: 'note', occurred_at: '2026-11-22T08:00:00Z', contact_id: id });
    await alice.engine.push();
    await alice.engine.pull();
    expect((await alice.db.contacts.get(id))?.last_contacted_at).toBeNull();
    await alice.engine.createRow('activities', {
      kind: 'call',
      outcome: 'reached',
      occurred_at: '2026-11-22T09:30:00Z',
      contact_id: id,
    });
    await alice.engine.push();
    await alice.engine.pull();
    expect((await alice.db.contacts.get(id))?.last_contacted_at).toBe('2026-11-22T09:30:00Z');
    const timeline = await alice.db.activities
      .where('[contact_id+occurred_at]')
      .between([id, ''], [id, '\uffff'])
      .toArray();
    expect(timeline.map((activity) => activity.kind)).toEqual(['note', 'call']);
  });

  it('follows the server on mentions added later, members, unknown stages and deletes', async () => {
    const CAMILLE = '019a8f00-1000-7000-8000-0000000000c3';
    const OUTSIDER = '019a8f00-1000-7000-8000-0000000000d4';
    const server = new MemoryServer(TEST_TENANT, { userId: ALICE, members: [ALICE, BRUNO, CAMILLE] });
    let now = Date.UTC(2026, 10, 22, 9);
    const alice = open(server, ALICE, () => now);
    const bruno = open(server, BRUNO);
    await alice.engine.pull();
    const prospect = await findStage(alice, 'prospect');
    const { id } = await alice.engine.createRow('opportunities', { title: 'Contrat annuel', stage_id: prospect.id });
    const comment = await alice.engine.createRow('comments', {
      record_table: 'opportunities',
      record_id: id,
      body: 'Premier contact',
      mentions: [BRUNO, OUTSIDER],
    });
    await alice.engine.push();
    // Bruno again (already notified), Camille newly: only Camille hears of the edit.
    await alice.engine.updateRow('comments', comment.id, { mentions: [BRUNO, CAMILLE], body: 'Relance' });
    await alice.engine.push();
    const notified = server.listLiveRows('notifications').map((row) => [row['user_id'], row['excerpt']]);
    expect(notified).toEqual(
      expect.arrayContaining([
        [BRUNO, 'Premier contact'],
        [CAMILLE, 'Relance'],
      ]),
    );
    expect(notified).toHaveLength(2);
    // A task for someone outside the tenant, an unknown stage: refused on the field.
    await alice.engine.createRow('tasks', { title: 'Pour un inconnu', assignee_id: OUTSIDER });
    await alice.engine.updateRow('opportunities', id, { stage_id: OUTSIDER });
    await alice.engine.push();
    const refused = await alice.db.rejections.toArray();
    expect(refused.map((rejection) => [rejection.table, rejection.code, rejection.offending])).toEqual([
      ['tasks', 'invalid', ['assignee_id']],
      ['opportunities', 'invalid', ['stage_id']],
    ]);
    // Deleting the opportunity takes its history out of every replica.
    await bruno.engine.pull();
    expect(await bruno.db.opportunity_stage_history.where('opportunity_id').equals(id).count()).toBe(1);
    await alice.engine.deleteRow('opportunities', id);
    now += UNDO_WINDOW_MS + 1;
    await alice.engine.push();
    await bruno.engine.pull();
    expect(await bruno.db.opportunities.get(id)).toBeUndefined();
    expect(await bruno.db.opportunity_stage_history.where('opportunity_id').equals(id).count()).toBe(0);
  });
});
