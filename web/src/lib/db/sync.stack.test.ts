/**
 * The engine against the real local stack (sync_pull / sync_push under RLS, Realtime pokes):
 * device A writes offline and syncs, device B receives the change on the poke; concurrent edits
 * of different fields merge; a write the server refuses lands in "needs attention"; an
 * opportunity moved offline reaches a manager with its server-written stage history and system
 * activities; and a few random schedules (with lost answers) converge on the real server.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { getStack } from '../../../../supabase/local/test/stack-info.ts';
import { createSyncTransport } from '../supabase/sync-api.ts';
import { subscribeToSyncPokes } from '../supabase/realtime.ts';
import { SyncEngine, UNDO_WINDOW_MS } from './engine.ts';
import { SyncTransportError, type SyncTransport } from './transport.ts';
import { listReplicaRows, openTestDb } from './testing/harness.ts';
import type { ReplicaDb } from './schema.ts';

const stack = getStack();
const GARAGE = '019a8f00-1000-7000-8000-000000000001';
const PASSWORD = 'Comptoir-demo-2026';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function signIn(email: string): Promise<SupabaseClient> {
  const client = createClient(stack.apiUrl, stack.anonKey, {
    realtime: { transport: WebSocket as never },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
  if (error) throw error;
  cleanups.push(async () => {
    await client.removeAllChannels();
    await client.auth.signOut();
  });
  return client;
}

type Device = { db: ReplicaDb; engine: SyncEngine; client: SupabaseClient };

async function openDevice(
  email: string,
  options: { now?: () => number; wrap?: (transport: SyncTransport) => SyncTransport } = {},
): Promise<Device> {
  const client = await signIn(email);
  const db = openTestDb('stack');
  cleanups.push(() => db.delete());
  const transport = createSyncTransport(client);
  // As the app's runtime: the signed-in user (caller defaults such as owner_id show at once).
  const userId = (await client.auth.getUser()).data.user?.id;
  const engine = new SyncEngine({
    db,
    tenantId: GARAGE,
    ...(userId ? { userId } : {}),
    transport: options.wrap ? options.wrap(transport) : transport,
    ...(options.now ? { now: options.now } : {}),
  });
  return { db, engine, client };
}

async function syncUntilQuiet(device: Device): Promise<void> {
  for (;;) {
    const outcome = await device.engine.push();
    if (!outcome.hasMore && outcome.sent === 0) break;
  }
  await device.engine.pull();
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('sync engine on the local stack', () => {
  it('brings a contact written offline on device A to device B on the poke', async () => {
    const a = await openDevice('marc.durand@garage-du-centre.test');
    const b = await openDevice('sophie.martin@garage-du-centre.test');
    await a.engine.pull();
    await b.engine.pull();
    // B pulls whenever the tenant's private channel pokes it.
    let pulls = Promise.resolve();
    const unsubscribe = await subscribeToSyncPokes(
      GARAGE,
      () => {
        pulls = pulls.then(() => b.engine.pull());
      },
      b.client,
    );
    cleanups.push(async () => unsubscribe());
    // A is offline: the contact lives in A's replica and outbox only.
    const { id } = await a.engine.createRow('contacts', {
      first_name: 'Hélène',
      last_name: 'Faure',
      phone: '06 11 22 33 44',
    });
    await a.engine.updateRow('contacts', id, { job_title: 'Gérante' });
    expect(await a.engine.countPending()).toBe(1);
    // A comes online.
    await syncUntilQuiet(a);
    expect(await a.db.outbox.count()).toBe(0);
    await waitFor(async () => (await b.db.contacts.get(id)) !== undefined, 'the poke to reach B');
    await pulls;
    expect(await b.db.contacts.get(id)).toMatchObject({
      first_name: 'Hélène',
      last_name: 'Faure',
      phone: '+33611223344',
      job_title: 'Gérante',
      tenant_id: GARAGE,
    });
  });

  it('merges concurrent edits of different fields from two devices', async () => {
    const a = await openDevice('marc.durand@garage-du-centre.test');
    const b = await openDevice('julien.bernard@garage-du-centre.test');
    const { id } = await a.engine.createRow('companies', { name: 'Boulangerie Martin' });
    await syncUntilQuiet(a);
    await b.engine.pull();
    await a.engine.updateRow('companies', id, { city: 'Tours' });
    await b.engine.updateRow('companies', id, { sector: 'Alimentation' });
    await syncUntilQuiet(a);
    await syncUntilQuiet(b);
    await a.engine.pull();
    for (const device of [a, b]) {
      expect(await device.db.companies.get(id)).toMatchObject({
        name: 'Boulangerie Martin',
        city: 'Tours',
        sector: 'Alimentation',
      });
      expect(await device.db.outbox.count()).toBe(0);
    }
  });

  it('puts a write the server refuses in "needs attention" with its data', async () => {
    // A technician may read contacts but not create them (permission matrix).
    const karim = await openDevice('karim.haddad@garage-du-centre.test');
    const { id } = await karim.engine.createRow('contacts', { last_name: 'Refusé', notes: 'à garder' });
    await syncUntilQuiet(karim);
    const rejections = await karim.db.rejections.toArray();
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({
      rowId: id,
      op: 'insert',
      code: 'forbidden',
      fields: { last_name: 'Refusé', notes: 'à garder' },
    });
    expect(await karim.db.contacts.get(id)).toBeUndefined();
    expect(await karim.db.outbox.count()).toBe(0);
  });

  it('evicts a contact reassigned away from a sales user from her replica on the next pull', async () => {
    // Claire (sales) reads only the contacts she owns; Julien (manager) reassigns hers to Marc.
    const claire = await openDevice('claire.petit@garage-du-centre.test');
    const julien = await openDevice('julien.bernard@garage-du-centre.test');
    const { id } = await claire.engine.createRow('contacts', { last_name: 'Réaffecté', first_name: 'Paul' });
    await syncUntilQuiet(claire);
    expect(await claire.db.contacts.get(id)).toMatchObject({ last_name: 'Réaffecté' });
    const marcId = '019a8f00-0000-7000-8000-000000000001'; // the garage's owner (supabase/seed.sql)
    await julien.engine.pull();
    await julien.engine.updateRow('contacts', id, { owner_id: marcId });
    await syncUntilQuiet(julien);
    expect(await julien.db.contacts.get(id)).toMatchObject({ owner_id: marcId });

    await claire.engine.pull();
    expect(await claire.db.contacts.get(id)).toBeUndefined();
    expect(await claire.db.outbox.count()).toBe(0);
    expect(await claire.db.rejections.count()).toBe(0);
  });

  it('brings an opportunity created and moved offline to a manager, with its stage history and activities', async () => {
    // Claire (sales) works offline; Julien (manager) reads every opportunity of the garage.
    const claire = await openDevice('claire.petit@garage-du-centre.test');
    const julien = await openDevice('julien.bernard@garage-du-centre.test');
    await claire.engine.pull();
    const stages = await claire.db.pipeline_stages.toArray();
    const prospect = stages.find((stage) => stage.key === 'prospect');
    const demo = stages.find((stage) => stage.key === 'demo');
    if (!prospect || !demo) throw new Error('the default stages did not reach the replica');
    const { id } = await claire.engine.createRow('opportunities', {
      title: 'Entretien de la flotte Transports Roux',
      amount_cents: 480_000,
      stage_id: prospect.id,
    });
    await claire.engine.updateRow('opportunities', id, { stage_id: demo.id, next_step: 'Démo jeudi' });
    // The move stays its own mutation (the server records it), the edit after it joins it.
    expect((await claire.db.outbox.toArray()).map((entry) => entry.op)).toEqual(['insert', 'update']);
    const claireId = claire.engine.userId;
    expect(claireId).toEqual(expect.any(String));
    expect(await claire.db.opportunities.get(id)).toMatchObject({ stage_id: demo.id, owner_id: claireId });
    // Claire comes online.
    await syncUntilQuiet(claire);
    expect(await claire.db.outbox.count()).toBe(0);
    expect(await claire.db.rejections.count()).toBe(0);

    await julien.engine.pull();
    const opportunity = await julien.db.opportunities.get(id);
    expect(opportunity).toMatchObject({
      title: 'Entretien de la flotte Transports Roux',
      amount_cents: 480_000,
      stage_id: demo.id,
      next_step: 'Démo jeudi',
      owner_id: claireId,
      closed_at: null,
      score: null,
    });
    // One push is one transaction: both entries carry the same server time (now()), so order
    // them by the chain of stages rather than by time.
    const history = (await julien.db.opportunity_stage_history.where('opportunity_id').equals(id).toArray()).sort(
      (a, b) => (a.from_stage_id === null ? -1 : b.from_stage_id === null ? 1 : 0),
    );
    expect(history.map((entry) => [entry.from_stage_id, entry.to_stage_id, entry.changed_by])).toEqual([
      [null, prospect.id, claireId],
      [prospect.id, demo.id, claireId],
    ]);
    // stage_entered_at is the server's clock when the move was applied: the history's.
    expect(Date.parse(opportunity?.stage_entered_at ?? '')).toBe(Date.parse(history[1]?.changed_at ?? ''));
    const activities = await julien.db.activities
      .where('[opportunity_id+occurred_at]')
      .between([id, ''], [id, '\uffff'])
      .toArray();
    activities.sort((a, b) => a.kind.localeCompare(b.kind));
    expect(activities.map((activity) => [activity.kind, activity.owner_id, activity.details])).toEqual([
      ['created', claireId, { to_stage_id: prospect.id }],
      ['stage_change', claireId, { from_stage_id: prospect.id, to_stage_id: demo.id }],
    ]);
    // The history is the server's alone: the client refuses to queue a write to it.
    await expect(
      julien.engine.createRow('opportunity_stage_history', { opportunity_id: id, to_stage_id: demo.id }),
    ).rejects.toMatchObject({ name: 'ReadOnlyTableError' });
  });

  it('converges on random schedules with lost answers (real server)', async () => {
    let now = Date.now();
    const emails = [
      'marc.durand@garage-du-centre.test',
      'sophie.martin@garage-du-centre.test',
      'julien.bernard@garage-du-centre.test',
    ];
    const loseNext = [false, false, false];
    const devices: Device[] = [];
    for (const [index, email] of emails.entries()) {
      devices.push(
        await openDevice(email, {
          now: () => now,
          wrap: (transport) => ({
            pull: transport.pull,
            push: async (request) => {
              const response = await transport.push(request);
              if (loseNext[index]) {
                loseNext[index] = false;
                throw new SyncTransportError('transient', 'network');
              }
              return response;
            },
          }),
        }),
      );
    }
    for (const device of devices) await device.engine.pull();
    const touched = new Set<string>();
    const step = fc.record({
      kind: fc.constantFrom('create', 'update', 'update', 'delete', 'push', 'push-lost', 'pull', 'tick'),
      device: fc.nat(devices.length - 1),
      pick: fc.nat(100),
      field: fc.constantFrom('first_name', 'last_name', 'job_title', 'notes'),
      value: fc.constantFrom('Alpha', 'Bravo', 'Charlie', 'Delta', 'Écho'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        for (const s of steps) {
          const device = devices[s.device] as Device;
          const mine = [...touched];
          const pickId = async () => {
            for (let i = 0; i < mine.length; i += 1) {
              const id = mine[(s.pick + i) % mine.length] as string;
              if (await device.db.contacts.get(id)) return id;
            }
            return undefined;
          };
          if (s.kind === 'create') {
            const { id } = await device.engine.createRow('contacts', { last_name: s.value });
            touched.add(id);
          } else if (s.kind === 'update') {
            const id = await pickId();
            if (id) await device.engine.updateRow('contacts', id, { [s.field]: `${s.value} ${s.pick}` });
          } else if (s.kind === 'delete') {
            const id = await pickId();
            if (id) await device.engine.deleteRow('contacts', id);
          } else if (s.kind === 'push' || s.kind === 'push-lost') {
            loseNext[s.device] = s.kind === 'push-lost';
            await device.engine.push().catch((error: unknown) => {
              if (!(error instanceof SyncTransportError) || error.kind !== 'transient') throw error;
            });
            loseNext[s.device] = false;
          } else if (s.kind === 'pull') {
            await device.engine.pull();
          } else {
            now += UNDO_WINDOW_MS + 1;
          }
        }
        now += UNDO_WINDOW_MS + 1;
        for (let round = 0; round < 2; round += 1) for (const device of devices) await syncUntilQuiet(device);
        // The truth: a fresh device's initial sync.
        const fresh = await openDevice(emails[0] as string);
        await fresh.engine.pull();
        const pick = (rows: Record<string, unknown>[]) => rows.filter((row) => touched.has(String(row['id'])));
        const truth = pick(await listReplicaRows(fresh.db, 'contacts'));
        for (const device of devices) {
          expect(pick(await listReplicaRows(device.db, 'contacts'))).toEqual(truth);
          expect(await device.db.outbox.count()).toBe(0);
          // Only concurrent deletes may refuse a write here (everyone may edit every contact).
          for (const rejection of await device.db.rejections.toArray()) {
            expect(['deleted', 'not_found']).toContain(rejection.code);
            expect(rejection.op).not.toBe('insert');
          }
        }
      }),
      { numRuns: 12 },
    );
  });
});
