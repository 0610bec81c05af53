/**
 * Issue F1 acceptance for Broadcast from the database: a write inside a transaction that calls
 * `realtime.send` reaches a subscribed supabase-js client after commit and not at all after
 * rollback; a client without access to a private topic gets nothing. Transactions are driven
 * with `pg` on the stack's database; absence is proven with later committed markers.
 */
import type { RealtimeChannel } from '@supabase/supabase-js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MEMBER_A,
  VSNS,
  createTestClient,
  mintUserToken,
  subscribeChannel,
  createUniqueName,
  waitFor,
  runInDatabase,
  type TestClient,
} from './testing.ts';

type Broadcast = { event: string; payload: Record<string, unknown>; meta?: { id?: string } | undefined };

describe.each(VSNS)('broadcast from the database (vsn %s)', (vsn) => {
  const clients: TestClient[] = [];

  async function listen(
    name: string,
    options: { isPrivate?: boolean; userToken?: string } = {},
  ): Promise<{ channel: RealtimeChannel; received: Broadcast[] }> {
    const client = await createTestClient(vsn, options.userToken ? { userToken: options.userToken } : {});
    clients.push(client);
    const received: Broadcast[] = [];
    const channel = client.client
      .channel(name, { config: { private: options.isPrivate ?? false } })
      .on('broadcast', { event: '*' }, (message) => received.push(message as unknown as Broadcast));
    expect(await subscribeChannel(channel)).toEqual({ status: 'SUBSCRIBED', error: undefined });
    return { channel, received };
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  it('delivers realtime.send only once its transaction commits, in commit order', async () => {
    const name = createUniqueName('orders');
    const subscriber = await listen(name);
    await runInDatabase(async (writer) => {
      await runInDatabase(async (other) => {
        await writer.query('begin');
        await writer.query(`select realtime.send('{"step": "inside"}'::jsonb, 'inside', $1, false)`, [name]);
        // Another transaction commits while the first is still open: it is delivered first.
        await other.query(`select realtime.send('{"step": "meanwhile"}'::jsonb, 'meanwhile', $1, false)`, [name]);
        await waitFor(() => subscriber.received[0], 'the concurrent commit');
        expect(subscriber.received.map((message) => message.event)).toEqual(['meanwhile']);
        await writer.query('commit');
      });
    });
    await waitFor(() => subscriber.received[1], 'the committed message');
    expect(subscriber.received.map((message) => message.event)).toEqual(['meanwhile', 'inside']);
    expect(subscriber.received[1]?.payload).toMatchObject({ step: 'inside' });
  });

  it('delivers nothing for a rolled-back realtime.send', async () => {
    const name = createUniqueName('orders');
    const subscriber = await listen(name);
    await runInDatabase(async (db) => {
      await db.query('begin');
      await db.query(`select realtime.send('{"secret": true}'::jsonb, 'rolled-back', $1, false)`, [name]);
      await db.query('rollback');
      await db.query(`select realtime.send('{}'::jsonb, 'marker', $1, false)`, [name]);
    });
    await waitFor(() => subscriber.received[0], 'the marker');
    expect(subscriber.received.map((message) => message.event)).toEqual(['marker']);
  });

  it('gives nothing to clients without access to a private topic', async () => {
    const topic = 'room:1';
    const member = await listen(topic, { isPrivate: true, userToken: mintUserToken(MEMBER_A) });
    const publicSide = await listen(topic);
    const anonClient = await createTestClient(vsn);
    clients.push(anonClient);
    const anonReceived: Broadcast[] = [];
    const anonPrivate = anonClient.client
      .channel(topic, { config: { private: true } })
      .on('broadcast', { event: '*' }, (message) => anonReceived.push(message as unknown as Broadcast));
    const refused = await subscribeChannel(anonPrivate);
    expect(refused.status).toBe('CHANNEL_ERROR');
    const secret = createUniqueName('secret');
    const marker = createUniqueName('marker');
    await runInDatabase(async (db) => {
      await db.query(`select realtime.send('{"private": true}'::jsonb, $1, $2, true)`, [secret, topic]);
      await db.query(`select realtime.send('{}'::jsonb, $1, $2, false)`, [marker, topic]);
    });
    await waitFor(() => member.received.some((message) => message.event === secret), 'the private message');
    await waitFor(() => publicSide.received.some((message) => message.event === marker), 'the public marker');
    expect(member.received.map((message) => message.event)).toEqual([secret]);
    expect(publicSide.received.map((message) => message.event)).toEqual([marker]);
    expect(anonReceived).toEqual([]);
  });

  it('delivers payloads larger than the 8000-byte NOTIFY limit', async () => {
    const name = createUniqueName('big');
    const subscriber = await listen(name);
    const text = 'é'.repeat(20_000);
    await runInDatabase((db) =>
      db.query(`select realtime.send(jsonb_build_object('text', $1::text), 'big', $2, false)`, [text, name]),
    );
    const got = await waitFor(() => subscriber.received[0], 'the large message');
    expect(got.payload['text']).toBe(text);
  });

  it('replays stored private messages on join when asked, marked as replayed', async () => {
    const topic = `notes:${createUniqueName('replay')}`;
    const since = Date.now() - 60_000;
    await runInDatabase(async (db) => {
      await db.query(`select realtime.send('{"n": 1}'::jsonb, 'first', $1, true)`, [topic]);
      await db.query(`select realtime.send('{"n": 2}'::jsonb, 'second', $1, true)`, [topic]);
    });
    const client = await createTestClient(vsn, { userToken: mintUserToken(MEMBER_A) });
    clients.push(client);
    const received: Broadcast[] = [];
    const channel = client.client
      .channel(topic, { config: { private: true, broadcast: { replay: { since, limit: 10 } } } })
      .on('broadcast', { event: '*' }, (message) => received.push(message as unknown as Broadcast));
    expect(await subscribeChannel(channel)).toEqual({ status: 'SUBSCRIBED', error: undefined });
    await runInDatabase((db) => db.query(`select realtime.send('{"n": 3}'::jsonb, 'third', $1, true)`, [topic]));
    await waitFor(() => received.length >= 3, 'the replayed and the live messages');
    expect(
      received.map((message) => [message.event, (message.meta as { replayed?: boolean }).replayed ?? false]),
    ).toEqual([
      ['first', true],
      ['second', true],
      ['third', false],
    ]);
  });

  it('does not deliver realtime.send from a role the INSERT policy refuses', async () => {
    const name = createUniqueName('denied');
    const subscriber = await listen(name);
    await runInDatabase(async (db) => {
      await db.query('begin');
      await db.query(`select set_config('role', 'anon', true)`);
      // realtime.send swallows the RLS error as a warning, as upstream does.
      await db.query(`select realtime.send('{}'::jsonb, 'as-anon', $1, false)`, [name]);
      await db.query('commit');
      await db.query(`select realtime.send('{}'::jsonb, 'marker', $1, false)`, [name]);
    });
    await waitFor(() => subscriber.received[0], 'the marker');
    expect(subscriber.received.map((message) => message.event)).toEqual(['marker']);
  });
});
