/**
 * Over the gateway with the official supabase-js client: sync_push and sync_pull as RPCs (answers
 * parsed with the protocol's zod schemas, errors with their codes), and the data-less poke on the
 * tenant's private channel `tenant:<id>:sync` — one per tenant and transaction, received by the
 * tenant's members who read some synced table (a client: their own notifications), refused to
 * outsiders. "Not delivered" is proven with a later marker.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema } from '../../shared/sync/protocol.ts';
import {
  createTestClient,
  mintUserToken,
  subscribeChannel,
  waitFor,
  type TestClient,
} from '../local/gateway/realtime/testing.ts';
import { getStack } from '../local/test/stack-info.ts';
import { createTeam, createUser, type Team } from './support/fixtures.ts';
import { buildRowId } from './support/sync.ts';

const stack = getStack();
let db: pg.Client;
let team: Team;
const clients: TestClient[] = [];

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.superuserUrl });
  await db.connect();
  team = await createTeam(db, { label: 'realtime' });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(async () => {
  await db.end();
});

async function openAs(userId: string): Promise<TestClient> {
  const client = await createTestClient('2.0.0', { userToken: mintUserToken(userId) });
  clients.push(client);
  return client;
}

const topicOf = (tenantId: string): string => `tenant:${tenantId}:sync`;

describe('sync RPCs through the gateway', () => {
  it('pushes and pulls with supabase-js', async () => {
    const { client } = await openAs(team.members.manager.id);
    const id = buildRowId();
    const pushed = await client.rpc('sync_push', {
      p_client_id: randomUUID(),
      p_tenant_id: team.tenantId,
      p_mutations: [{ mutation_id: 1, table: 'companies', op: 'insert', id, fields: { name: 'Carrosserie Rhône' } }],
    });
    expect(pushed.error).toBeNull();
    expect(pushResponseSchema.parse(pushed.data).results).toEqual([{ mutation_id: 1, status: 'applied' }]);

    const pulled = await client.rpc('sync_pull', { p_tenant_id: team.tenantId, p_cursor: null, p_limit: 100 });
    expect(pulled.error).toBeNull();
    const page = pullResponseSchema.parse(pulled.data);
    expect(page.changes.companies.map((r) => r.id)).toContain(id);

    const garbage = await client.rpc('sync_pull', { p_tenant_id: team.tenantId, p_cursor: 'garbage', p_limit: 100 });
    expect(garbage.status).toBe(400);
    expect(garbage.error).toMatchObject({
      code: 'PT400',
      message: 'sync_cursor_invalid',
      hint: 'errors.rpc.sync_cursor_invalid',
    });
  });
});

describe('realtime poke', () => {
  it('pokes the tenant’s private channel once per transaction, without data', async () => {
    const listener = await openAs(team.members.owner.id);
    const pokes: { event: string; payload: Record<string, unknown> }[] = [];
    const channel = listener.client
      .channel(topicOf(team.tenantId), { config: { private: true } })
      .on('broadcast', { event: 'poke' }, (message) => pokes.push(message as never));
    expect(await subscribeChannel(channel)).toEqual({ status: 'SUBSCRIBED', error: undefined });

    const { client } = await openAs(team.members.sales.id);
    const clientId = randomUUID();
    const batch = [1, 2, 3].map((n) => ({
      mutation_id: n,
      table: 'contacts',
      op: 'insert',
      id: buildRowId(),
      fields: { last_name: `Poke ${n}`, owner_id: team.members.sales.id },
    }));
    const first = await client.rpc('sync_push', {
      p_client_id: clientId,
      p_tenant_id: team.tenantId,
      p_mutations: batch,
    });
    expect(first.error).toBeNull();
    await waitFor(() => pokes.length >= 1, 'the first poke');
    // A second push is the marker: if the first had poked three times, we would see four.
    const second = await client.rpc('sync_push', {
      p_client_id: clientId,
      p_tenant_id: team.tenantId,
      p_mutations: [{ ...batch[0], mutation_id: 4, id: buildRowId() }],
    });
    expect(second.error).toBeNull();
    await waitFor(() => pokes.length >= 2, 'the second poke');
    expect(pokes).toHaveLength(2);
    for (const poke of pokes) {
      expect(poke.event).toBe('poke');
      expect(Object.keys(poke.payload).filter((key) => key !== 'id')).toEqual([]);
    }
  });

  it('refuses the private channel to outsiders', async () => {
    const outsider = await createUser(db, { label: 'realtime-outsider' });
    const { client } = await openAs(outsider.id);
    const result = await subscribeChannel(client.channel(topicOf(team.tenantId), { config: { private: true } }));
    expect(result.status).toBe('CHANNEL_ERROR');
  });

  it('opens it to a client exactly when the matrix lets clients read some synced table', async () => {
    const { rows } = await db.query<{ reads: boolean }>(
      `select exists (select 1 from private.permission_grants g join private.sync_tables s on s.name = g.resource
                       where g.role = 'client' and g.action = 'read' and g.grant_kind <> 'deny') as reads`,
    );
    const { client } = await openAs(team.members.client.id);
    const result = await subscribeChannel(client.channel(topicOf(team.tenantId), { config: { private: true } }));
    expect(result.status).toBe(rows[0]?.reads ? 'SUBSCRIBED' : 'CHANNEL_ERROR');
  });
});
