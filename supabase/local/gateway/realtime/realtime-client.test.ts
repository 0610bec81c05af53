/**
 * Realtime conformance with the official supabase-js 2.119.1 client (spec §4.6), each case run
 * for protocol 1.0.0 and 2.0.0. Signed-in users are simulated with JWTs minted like GoTrue's.
 * "Not delivered" is always proven with a later marker on the same topic, never by sleeping.
 */
import type { RealtimeChannel } from '@supabase/supabase-js';
import { afterEach, describe, expect, it } from 'vitest';
import { getStack } from '../../test/stack-info.ts';
import {
  MEMBER_A,
  OUTSIDER_B,
  VSNS,
  createTestClient,
  mintUserToken,
  subscribeChannel,
  createUniqueName,
  waitFor,
  runInDatabase,
  type TestClient,
} from './testing.ts';

const stack = getStack();

type Broadcast = { type: string; event: string; payload: Record<string, unknown>; meta?: { id?: string } };

describe.each(VSNS)('realtime with supabase-js (vsn %s)', (vsn) => {
  const clients: TestClient[] = [];

  async function openClient(options: { key?: string; userToken?: string } = {}): Promise<TestClient> {
    const client = await createTestClient(vsn, options);
    clients.push(client);
    return client;
  }

  /** Joins `name` and records every broadcast it receives. */
  async function listen(
    client: TestClient,
    name: string,
    config: { isPrivate?: boolean; self?: boolean; ack?: boolean } = {},
  ): Promise<{ channel: RealtimeChannel; received: Broadcast[] }> {
    const received: Broadcast[] = [];
    const channel = client.client
      .channel(name, {
        config: {
          private: config.isPrivate ?? false,
          broadcast: { self: config.self ?? false, ack: config.ack ?? false },
        },
      })
      .on('broadcast', { event: '*' }, (message) => received.push(message as unknown as Broadcast));
    const result = await subscribeChannel(channel);
    expect(result).toEqual({ status: 'SUBSCRIBED', error: undefined });
    return { channel, received };
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  it('answers heartbeats (case 1)', async () => {
    const { client } = await openClient();
    const statuses: string[] = [];
    client.realtime.onHeartbeat((status) => statuses.push(status));
    client.realtime.connect();
    await waitFor(() => client.realtime.isConnected(), 'the socket to open');
    await client.realtime.sendHeartbeat();
    await waitFor(() => statuses.includes('ok'), 'a heartbeat reply');
    expect(statuses).toContain('sent');
  });

  it('connects with the publishable key and treats an sb_ access_token as the socket token (keys case 3)', async () => {
    const client = await openClient({ key: stack.publishableKey });
    const { channel } = await listen(client, createUniqueName('public'));
    expect(channel.state).toBe('joined');
  });

  it('delivers public broadcasts to other subscribers but not to the sender without self (case 2)', async () => {
    const name = createUniqueName('room');
    const a = await listen(await openClient(), name);
    const b = await listen(await openClient(), name);
    expect(await a.channel.send({ type: 'broadcast', event: 'x', payload: { n: 1 } })).toBe('ok');
    const got = await waitFor(() => b.received[0], 'B to receive x');
    expect(got).toMatchObject({ type: 'broadcast', event: 'x', payload: { n: 1 } });
    // B answers after seeing x: had A received its own x, it would precede this marker.
    await b.channel.send({ type: 'broadcast', event: 'marker', payload: {} });
    await waitFor(() => a.received.length > 0, 'A to receive the marker');
    expect(a.received.map((message) => message.event)).toEqual(['marker']);
  });

  it('echoes to the sender with self and acknowledges with ack (case 2)', async () => {
    const name = createUniqueName('room');
    const a = await listen(await openClient(), name, { self: true, ack: true });
    const b = await listen(await openClient(), name);
    expect(await a.channel.send({ type: 'broadcast', event: 'x', payload: { n: 2 } })).toBe('ok');
    await waitFor(() => a.received[0], 'the echo to A');
    await waitFor(() => b.received[0], 'B to receive x');
    expect(a.received[0]).toMatchObject({ event: 'x', payload: { n: 2 } });
    expect(b.received[0]).toMatchObject({ event: 'x', payload: { n: 2 } });
  });

  it('dispatches broadcasts by event name, "*" receiving all (case 3)', async () => {
    const name = createUniqueName('room');
    const sender = await listen(await openClient(), name);
    const onlyY: Broadcast[] = [];
    const all: Broadcast[] = [];
    const receiver = (await openClient()).client
      .channel(name)
      .on('broadcast', { event: 'y' }, (message) => onlyY.push(message as unknown as Broadcast))
      .on('broadcast', { event: '*' }, (message) => all.push(message as unknown as Broadcast));
    expect((await subscribeChannel(receiver)).status).toBe('SUBSCRIBED');
    await sender.channel.send({ type: 'broadcast', event: 'x', payload: {} });
    await sender.channel.send({ type: 'broadcast', event: 'y', payload: {} });
    await waitFor(() => onlyY.length > 0 && all.length > 1, 'both broadcasts');
    expect(onlyY.map((message) => message.event)).toEqual(['y']);
    expect(all.map((message) => message.event)).toEqual(['x', 'y']);
  });

  it('refuses a private channel without any RLS policy (case 4)', async () => {
    const client = await openClient({ userToken: mintUserToken(MEMBER_A) });
    const channel = client.client.channel('nopolicy:1', { config: { private: true } });
    const result = await subscribeChannel(channel);
    expect(result.status).toBe('CHANNEL_ERROR');
    expect(result.error?.message).toBe(
      'Unauthorized: You do not have permissions to read from this Channel topic: nopolicy:1',
    );
  });

  it('authorizes private joins through the SELECT policy on realtime.messages (case 5)', async () => {
    const user = await openClient({ userToken: mintUserToken(MEMBER_A) });
    const allowed = await subscribeChannel(user.client.channel('room:1', { config: { private: true } }));
    expect(allowed).toEqual({ status: 'SUBSCRIBED', error: undefined });
    const refused = await subscribeChannel(user.client.channel('room:2', { config: { private: true } }));
    expect(refused.status).toBe('CHANNEL_ERROR');
    expect(refused.error?.message).toBe(
      'Unauthorized: You do not have permissions to read from this Channel topic: room:2',
    );
    const anon = await openClient();
    const anonymous = await subscribeChannel(anon.client.channel('room:1', { config: { private: true } }));
    expect(anonymous.status).toBe('CHANNEL_ERROR');
    expect(anonymous.error?.message).toMatch(/^Unauthorized: /);
  });

  it('delivers a broadcast_changes row to private subscribers only, and nothing for a rollback (case 6)', async () => {
    const room = createUniqueName('r');
    const topic = `notes:${room}`;
    const privateSide = await listen(await openClient({ userToken: mintUserToken(MEMBER_A) }), topic, {
      isPrivate: true,
    });
    const publicSide = await listen(await openClient(), topic);
    await runInDatabase(async (db) => {
      await db.query('begin');
      await db.query('insert into public.t_realtime_notes (room, body) values ($1, $2)', [room, 'rolled back']);
      await db.query('rollback');
      await db.query('insert into public.t_realtime_notes (room, body) values ($1, $2)', [room, 'kept']);
      // A committed public message on the same name: the public side's only delivery.
      await db.query(`select realtime.send('{"marker": true}'::jsonb, 'marker', $1, false)`, [topic]);
    });
    await waitFor(() => privateSide.received[0], 'the INSERT broadcast');
    await waitFor(() => publicSide.received[0], 'the public marker');
    expect(privateSide.received).toHaveLength(1);
    const insert = privateSide.received[0] as Broadcast;
    expect(insert.event).toBe('INSERT');
    expect(insert.payload).toMatchObject({
      operation: 'INSERT',
      table: 't_realtime_notes',
      schema: 'public',
      record: { room, body: 'kept' },
      old_record: null,
    });
    expect(insert.payload['id']).toEqual(expect.any(String));
    expect(insert.meta?.id).toBe(insert.payload['id']);
    expect(publicSide.received.map((message) => message.event)).toEqual(['marker']);
  });

  it('delivers realtime.send(..., private := false) to public subscribers (case 7)', async () => {
    const name = createUniqueName('room');
    const subscriber = await listen(await openClient(), name);
    await runInDatabase((db) => db.query(`select realtime.send('{"n": 7}'::jsonb, 'ev', $1, false)`, [name]));
    const got = await waitFor(() => subscriber.received[0], 'the database broadcast');
    expect(got).toMatchObject({ type: 'broadcast', event: 'ev', payload: { n: 7 } });
    expect(got.meta?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(got.payload['id']).toBe(got.meta?.id);
  });

  it('drops a private broadcast from a client without INSERT permission and delivers with it (case 8)', async () => {
    const token = mintUserToken(MEMBER_A);
    for (const [topic, isAllowed] of [
      ['room:1', false],
      ['room:rw', true],
    ] as const) {
      const sender = await listen(await openClient({ userToken: token }), topic, { isPrivate: true });
      const receiver = await listen(await openClient({ userToken: token }), topic, { isPrivate: true });
      const event = createUniqueName('x');
      await sender.channel.send({ type: 'broadcast', event, payload: { n: 8 } });
      // A reply on the same channel is processed after the broadcast (and its write check).
      expect(await sender.channel.untrack()).toBe('ok');
      const marker = createUniqueName('marker');
      const response = await fetch(`${stack.apiUrl}/realtime/v1/api/broadcast`, {
        method: 'POST',
        headers: {
          apikey: stack.serviceRoleKey,
          authorization: `Bearer ${stack.serviceRoleKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ messages: [{ topic, event: marker, payload: {}, private: true }] }),
      });
      expect(response.status).toBe(202);
      await waitFor(() => receiver.received.some((message) => message.event === marker), 'the marker');
      const events = receiver.received
        .map((message) => message.event)
        .filter((name) => name === event || name === marker);
      expect(events).toEqual(isAllowed ? [event, marker] : [marker]);
    }
  });

  it('closes a private channel with a system error when a new token loses read access (case 9)', async () => {
    const client = await openClient({ userToken: mintUserToken(MEMBER_A) });
    const systemMessages: unknown[] = [];
    const statuses: string[] = [];
    const channel = client.client
      .channel('team:1', { config: { private: true } })
      .on('system', {}, (payload) => systemMessages.push(payload));
    await new Promise<void>((resolve) => {
      channel.subscribe((status) => {
        statuses.push(status);
        if (status === 'SUBSCRIBED') resolve();
      });
    });
    await client.setToken(mintUserToken(OUTSIDER_B));
    await waitFor(() => statuses.includes('CLOSED'), 'the channel to close');
    expect(systemMessages).toEqual([
      {
        extension: 'system',
        status: 'error',
        message: 'You do not have permissions to read from this Channel topic: team:1',
        channel: 'team:1',
      },
    ]);
  });

  it('keeps a private channel open when the new token still grants access (case 9)', async () => {
    const client = await openClient({ userToken: mintUserToken(MEMBER_A) });
    const { channel, received } = await listen(client, 'team:1', { isPrivate: true, self: true, ack: true });
    await client.setToken(mintUserToken(MEMBER_A));
    expect(await channel.send({ type: 'broadcast', event: 'still-here', payload: {} })).toBe('ok');
    await waitFor(() => received[0], 'the echo');
    expect(channel.state).toBe('joined');
  });

  it('refuses a join whose access token has expired (case 10)', async () => {
    const client = await openClient({ userToken: mintUserToken(MEMBER_A, { expiresInSeconds: -10 }) });
    const result = await subscribeChannel(client.client.channel(createUniqueName('room')));
    expect(result.status).toBe('CHANNEL_ERROR');
    expect(result.error?.message).toMatch(/^InvalidJWTToken: Token has expired \d+ seconds ago$/);
  });

  it('refuses a join whose token is signed with another secret (keys case 5)', async () => {
    const forged = mintUserToken(MEMBER_A, { secret: 'another-secret-that-is-long-enough-to-sign' });
    const client = await openClient({ userToken: forged });
    const result = await subscribeChannel(client.client.channel(createUniqueName('room')));
    expect(result.status).toBe('CHANNEL_ERROR');
    expect(result.error?.message).toBe('JwtSignatureError: Failed to validate JWT signature');
  });

  it('closes the channel with a system error when the token expires (token lifecycle)', async () => {
    const client = await openClient({ userToken: mintUserToken(MEMBER_A, { expiresInSeconds: 2 }) });
    const systemMessages: { message?: string; status?: string }[] = [];
    const statuses: string[] = [];
    const channel = client.client
      .channel(createUniqueName('room'))
      .on('system', {}, (payload) => systemMessages.push(payload));
    channel.subscribe((status) => statuses.push(status));
    await waitFor(() => statuses.includes('SUBSCRIBED'), 'the join');
    await waitFor(() => statuses.includes('CLOSED'), 'the expiry', 8_000);
    expect(systemMessages).toHaveLength(1);
    expect(systemMessages[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^Token has expired \d+ seconds ago$/),
    });
  });

  it('leaves with removeChannel (case 11)', async () => {
    const client = await openClient();
    const { channel } = await listen(client, createUniqueName('room'));
    expect(await client.client.removeChannel(channel)).toBe('ok');
    expect(client.client.getChannels()).toHaveLength(0);
  });

  it('falls back to the REST API for send() before subscribing, and httpSend() reaches subscribers (case 12)', async () => {
    const name = createUniqueName('room');
    const subscriber = await listen(await openClient(), name);
    const sender = await openClient();
    const unjoined = sender.client.channel(name);
    expect(await unjoined.send({ type: 'broadcast', event: 'rest', payload: { n: 12 } })).toBe('ok');
    expect(await unjoined.httpSend('single', { n: 13 })).toEqual({ success: true });
    await waitFor(() => subscriber.received.length >= 2, 'both REST broadcasts');
    expect(subscriber.received[0]).toMatchObject({ type: 'broadcast', event: 'rest', payload: { n: 12 } });
    expect(subscriber.received[1]).toMatchObject({ type: 'broadcast', event: 'single', payload: { n: 13 } });
  });

  it('round-trips multi-byte UTF-8 topics, events and payloads (case 13)', async () => {
    const name = `salle:été-☕-${createUniqueName('x')}`;
    const a = await listen(await openClient(), name);
    const b = await listen(await openClient(), name);
    await a.channel.send({ type: 'broadcast', event: 'café-🎉', payload: { texte: 'déjà vu — ✓' } });
    const got = await waitFor(() => b.received[0], 'the UTF-8 broadcast');
    expect(got).toMatchObject({ type: 'broadcast', event: 'café-🎉', payload: { texte: 'déjà vu — ✓' } });
  });

  it('shares presence between subscribers (track, sync, untrack)', async () => {
    const name = createUniqueName('lobby');
    const watcher = (await openClient()).client.channel(name, { config: { presence: { key: 'watcher' } } });
    const leaves: string[] = [];
    watcher.on('presence', { event: 'leave' }, ({ key }) => leaves.push(key));
    watcher.on('presence', { event: 'sync' }, () => undefined);
    expect((await subscribeChannel(watcher)).status).toBe('SUBSCRIBED');
    const tracker = (await openClient()).client.channel(name, { config: { presence: { key: 'alice' } } });
    expect((await subscribeChannel(tracker)).status).toBe('SUBSCRIBED');
    expect(await tracker.track({ online_at: 'now' })).toBe('ok');
    await waitFor(() => watcher.presenceState()['alice'], 'alice in the presence state');
    expect(watcher.presenceState()['alice']).toEqual([
      expect.objectContaining({ online_at: 'now', presence_ref: expect.any(String) }),
    ]);
    expect(await tracker.untrack()).toBe('ok');
    await waitFor(() => leaves.includes('alice'), 'alice to leave');
    expect(watcher.presenceState()['alice']).toBeUndefined();
  });
});
