/**
 * One joined `realtime:<name>` channel: Realtime's `RealtimeChannel` (join validation, token
 * lifecycle, private-channel RLS policies) with its `BroadcastHandler` and `PresenceHandler`.
 *
 * Semantics kept from upstream because clients observe them:
 * - a private join needs broadcast or presence read permission (RLS probe at join and on every
 *   `access_token`); write permission is probed lazily on the first broadcast / track and a
 *   denied broadcast is dropped without any reply, even with `ack: true`;
 * - the token is re-checked every min(5 min, exp − now); expiry, a refused new token or lost
 *   read permission push a `system` error and close the channel (`phx_close`);
 * - unknown events are ignored (no reply), like upstream's catch-all `handle_in`.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { JwtClaims } from '../jwt.ts';
import {
  buildAuthorizationContext,
  createPolicies,
  getReadAuthorizations,
  getWriteAuthorizations,
  type AuthorizationContext,
  type AuthorizationResult,
  type Policies,
} from './authorization.ts';
import { buildTopicKey, type Audience, type Broker } from './broker.ts';
import type { PresenceDiff, PresenceTracker } from './presence.ts';
import { createSerialQueue } from './serial-queue.ts';
import {
  encodeMessage,
  encodeReply,
  encodeUserBroadcast,
  measureJson,
  type ClientMessage,
  type Frame,
  type ReplyStatus,
  type Vsn,
} from './serializer.ts';
import { checkRealtimeToken, describeJoinFailure, describeShutdownFailure } from './token.ts';

/** Tenant default `max_payload_size_in_kb` (3000) plus upstream's 500-byte padding. */
export const MAX_PAYLOAD_BYTES = 3000 * 1000 + 500;
/** Tenant default `max_channels_per_client`. */
export const MAX_CHANNELS_PER_SOCKET = 100;
/** Upstream re-confirms tokens at least this often. */
const CONFIRM_TOKEN_INTERVAL_MS = 5 * 60 * 1000;
/** Client presence rate limit defaults: 5 track/untrack calls per 30 s window per channel. */
const PRESENCE_CALLS_PER_WINDOW = 5;
const PRESENCE_WINDOW_MS = 30_000;
/** Replay returns at most this many messages (`Realtime.Messages` @hard_limit). */
const REPLAY_HARD_LIMIT = 25;

/** What every channel shares: configuration, the privileged pool and the in-process pub/sub. */
export type RealtimeRuntime = {
  readonly jwtSecret: string;
  readonly pool: pg.Pool;
  readonly broker: Broker;
  /** Settles once broadcast from the database is listening (rows committed later are delivered). */
  readonly databaseReady: Promise<void>;
  readonly presence: PresenceTracker;
  readonly log: (line: string) => void;
  nextId(): number;
};

/** The socket a channel lives on. */
export type ChannelHost = {
  readonly vsn: Vsn;
  /** The socket's (already mapped) apikey JWT, used when the join carries no usable token. */
  readonly socketToken: string;
  /** x-* headers of the WebSocket upgrade, exposed to RLS as `request.headers`. */
  readonly headers: Readonly<Record<string, string>>;
  send(frame: Frame): void;
  countChannels(): number;
  /** The channel ended (leave, shutdown, duplicate join): the socket forgets it. */
  release(channel: Channel): void;
};

export type Channel = {
  readonly id: number;
  readonly topic: string;
  readonly joinRef: string | null;
  /** Queues a message addressed to this channel (after join_ref matching). */
  handleIn(message: ClientMessage): void;
  /** Ends the channel now; `isCloseSent` pushes `phx_close` to the client first. */
  stop(options: { isCloseSent: boolean }): void;
};

type JoinConfig = {
  isPrivate: boolean;
  isSelfBroadcast: boolean;
  isAckBroadcast: boolean;
  isReplicationReadyWanted: boolean;
  isPresenceEnabled: boolean;
  presenceKey: string;
  postgresChanges: Record<string, unknown>[];
  replay: { since: unknown; limit: unknown } | undefined;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Ecto FlexibleBoolean: booleans and "true"/"false" in any case; anything else is ignored. */
function parseFlexibleBoolean(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return fallback;
}

/** Upstream logs invalid join payloads and keeps every field that did parse. */
function parseJoinConfig(params: Record<string, unknown>): JoinConfig {
  const config = isRecord(params['config']) ? params['config'] : {};
  const broadcast = isRecord(config['broadcast']) ? config['broadcast'] : {};
  const presence = isRecord(config['presence']) ? config['presence'] : {};
  const key = presence['key'];
  const replay = isRecord(broadcast['replay']) ? broadcast['replay'] : undefined;
  const postgresChanges = Array.isArray(config['postgres_changes'])
    ? config['postgres_changes'].filter((entry): entry is Record<string, unknown> => isRecord(entry))
    : [];
  return {
    isPrivate: parseFlexibleBoolean(config['private'], false),
    isSelfBroadcast: parseFlexibleBoolean(broadcast['self'], false),
    isAckBroadcast: parseFlexibleBoolean(broadcast['ack'], false),
    isReplicationReadyWanted: parseFlexibleBoolean(broadcast['replication_ready'], false),
    isPresenceEnabled: parseFlexibleBoolean(presence['enabled'], false),
    presenceKey: key === undefined || key === null || key === '' ? randomUUID() : String(key),
    postgresChanges,
    replay: replay ? { since: replay['since'], limit: replay['limit'] } : undefined,
  };
}

/** `access_token` (or `user_token`) from the join; `sb_…` keys mean "use the socket's token". */
function resolveJoinToken(params: Record<string, unknown>, socketToken: string): string {
  const accessToken = params['access_token'];
  const userToken = params['user_token'];
  const candidate =
    accessToken !== undefined && accessToken !== null && accessToken !== false ? accessToken : userToken;
  if (typeof candidate === 'string' && candidate.startsWith('sb_')) return socketToken;
  if (typeof userToken === 'string') return userToken;
  if (typeof accessToken === 'string') return accessToken;
  return socketToken;
}

function describeUnauthorized(subTopic: string): string {
  return `You do not have permissions to read from this Channel topic: ${subTopic}`;
}

function describeAuthorizationError(result: Exclude<AuthorizationResult, { ok: true }>, subTopic: string): string {
  return result.kind === 'rls_policy_error'
    ? `Unauthorized: ${describeUnauthorized(subTopic)}`
    : 'UnableToConnectToProject: Realtime was unable to connect to the project database';
}

function isSameJson(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

type ReplayRow = { id: string; event: string | null; payload: string | null; binary_payload: Buffer | null };

async function loadReplayMessages(pool: pg.Pool, subTopic: string, since: number, limit: number): Promise<ReplayRow[]> {
  const { rows } = await pool.query<ReplayRow>(
    `select id::text as id, event, payload::text as payload, binary_payload
       from realtime.messages
      where topic = $1 and private is true and extension = 'broadcast'
        and inserted_at >= (to_timestamp($2::double precision / 1000) at time zone 'UTC')
        and inserted_at < (now() at time zone 'UTC') + interval '1 minute'
      order by inserted_at desc
      limit $3`,
    [subTopic, since, limit],
  );
  return rows.reverse();
}

type JoinOutcome = { ok: true; channel: Channel } | { ok: false };

/**
 * Validates and performs a `phx_join`, answering the client itself (ok or error reply, then the
 * initial pushes). Returns the live channel on success.
 */
export async function joinChannel(
  runtime: RealtimeRuntime,
  host: ChannelHost,
  message: ClientMessage,
): Promise<JoinOutcome> {
  const topic = message.topic;
  const joinRef = message.joinRef;
  const sendReply = (ref: string | null, status: ReplyStatus, response: unknown): void => {
    host.send(encodeReply(host.vsn, { joinRef, ref, topic, status, response }));
  };
  const refuse = (reason: string): JoinOutcome => {
    sendReply(message.ref, 'error', { reason });
    return { ok: false };
  };

  if (topic === 'realtime:') return refuse('TopicNameRequired: You must provide a topic name');
  const subTopic = topic.slice('realtime:'.length);
  const params = message.payload.kind === 'json' && isRecord(message.payload.value) ? message.payload.value : {};
  const config = parseJoinConfig(params);
  if (host.countChannels() >= MAX_CHANNELS_PER_SOCKET) return refuse('ChannelRateLimitReached: Too many channels');

  let accessToken = resolveJoinToken(params, host.socketToken);
  const tokenCheck = checkRealtimeToken(accessToken, runtime.jwtSecret);
  if (!tokenCheck.ok) return refuse(describeJoinFailure(tokenCheck.failure));
  let claims: JwtClaims = tokenCheck.claims;
  let authorization: AuthorizationContext = buildAuthorizationContext(subTopic, claims, host.headers);

  let policies: Policies | undefined;
  if (config.isPrivate) {
    const result = await getReadAuthorizations(runtime.pool, createPolicies(), authorization, {
      isPresenceEnabled: config.isPresenceEnabled,
    });
    if (!result.ok) {
      runtime.log(`realtime: read authorization for ${subTopic} failed: ${result.message}`);
      return refuse(describeAuthorizationError(result, subTopic));
    }
    if (!result.policies.broadcast.read && !result.policies.presence.read) {
      return refuse(`Unauthorized: ${describeUnauthorized(subTopic)}`);
    }
    policies = result.policies;
  }

  let replayRows: ReplayRow[] = [];
  if (config.replay) {
    if (!config.isPrivate) return refuse('UnableToReplayMessages: Replay is not allowed for public channels');
    if (policies?.broadcast.read === false) return refuse(`Unauthorized: ${describeUnauthorized(subTopic)}`);
    const { since, limit } = config.replay;
    const requestedLimit = limit === undefined || limit === null || limit === false ? REPLAY_HARD_LIMIT : limit;
    if (!Number.isInteger(since) || !Number.isInteger(requestedLimit)) {
      return refuse('UnableToReplayMessages: Replay params are not valid');
    }
    try {
      replayRows = await loadReplayMessages(
        runtime.pool,
        subTopic,
        since as number,
        Math.max(Math.min(requestedLimit as number, REPLAY_HARD_LIMIT), 1),
      );
    } catch (error) {
      runtime.log(`realtime: replay for ${subTopic} failed: ${error instanceof Error ? error.message : String(error)}`);
      return refuse('UnableToReplayMessages: Realtime was unable to replay messages');
    }
  }

  // --- joined: from here on the channel exists -------------------------------------------
  const id = runtime.nextId();
  const topicKey = buildTopicKey(subTopic, config.isPrivate);
  const enqueue = createSerialQueue((error) => {
    runtime.log(
      `realtime: channel ${topic} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  });
  let isPresenceEnabled = config.isPresenceEnabled;
  let trackedPayload: Record<string, unknown> | undefined;
  let presenceWindow = { count: 0, resetAt: 0 };
  let confirmTimer: NodeJS.Timeout | undefined;
  let isStopped = false;
  const replayedIds = new Set(replayRows.map((row) => row.id));

  const push = (event: string, payload: unknown): void => {
    if (isStopped) return;
    host.send(encodeMessage(host.vsn, { joinRef, ref: null, topic, event, payload }));
  };
  const reply = (ref: string | null, status: ReplyStatus, response: unknown = {}): void => {
    if (isStopped) return;
    sendReply(ref, status, response);
  };
  const canRead = (audience: Audience): boolean => !policies || policies[audience].read === true;

  const publishPresenceDiff = (diff: PresenceDiff): void => {
    runtime.broker.publish(topicKey, { kind: 'phoenix', event: 'presence_diff', payload: diff, audience: 'presence' });
  };

  const stop = (options: { isCloseSent: boolean }): void => {
    if (isStopped) return;
    if (options.isCloseSent)
      host.send(encodeMessage(host.vsn, { joinRef, ref: joinRef, topic, event: 'phx_close', payload: {} }));
    isStopped = true;
    clearTimeout(confirmTimer);
    unsubscribe();
    const diff = runtime.presence.untrack(topicKey, id);
    if (diff) publishPresenceDiff(diff);
    host.release(channel);
  };

  /** Upstream `shutdown_response`: a `system` error push, then the channel closes. */
  const shutdown = (text: string): void => {
    push('system', { extension: 'system', status: 'error', message: text, channel: subTopic });
    stop({ isCloseSent: true });
  };

  const scheduleTokenCheck = (exp: number): void => {
    clearTimeout(confirmTimer);
    const remainingMs = Math.max(0, exp - Math.floor(Date.now() / 1000)) * 1000;
    confirmTimer = setTimeout(
      () => {
        enqueue(() => {
          if (isStopped) return;
          const check = checkRealtimeToken(accessToken, runtime.jwtSecret);
          if (!check.ok) {
            shutdown(describeShutdownFailure(check.failure));
            return;
          }
          scheduleTokenCheck(check.exp);
        });
      },
      Math.min(CONFIRM_TOKEN_INTERVAL_MS, remainingMs),
    );
    confirmTimer.unref();
  };

  const ensureWritePolicies = async (isPresenceRequested: boolean): Promise<Policies | undefined> => {
    if (!policies) return undefined;
    let current = policies;
    if (isPresenceRequested && current.presence.read === undefined) {
      const read = await getReadAuthorizations(runtime.pool, current, authorization, { isPresenceEnabled: true });
      if (!read.ok) {
        runtime.log(`realtime: presence read authorization for ${subTopic} failed: ${read.message}`);
        return undefined;
      }
      current = read.policies;
    }
    const write = await getWriteAuthorizations(runtime.pool, current, authorization);
    if (!write.ok) {
      runtime.log(`realtime: write authorization for ${subTopic} failed: ${write.message}`);
      return undefined;
    }
    policies = write.policies;
    return policies;
  };

  const handleBroadcast = async (message: ClientMessage): Promise<void> => {
    if (policies && policies.broadcast.write === undefined) await ensureWritePolicies(false);
    if (isStopped) return;
    // A private sender without write permission is ignored: no delivery and no reply.
    if (policies && policies.broadcast.write !== true) return;
    const payload = message.payload;
    const size = payload.kind === 'json' ? measureJson(payload.value) : payload.broadcast.body.length;
    const isTooLarge = size > MAX_PAYLOAD_BYTES;
    if (!isTooLarge) {
      const excludeId = config.isSelfBroadcast ? undefined : id;
      if (payload.kind === 'user-broadcast') {
        // Client metadata is not forwarded (upstream builds the broadcast without it).
        const { event, encoding, body } = payload.broadcast;
        runtime.broker.publish(topicKey, { kind: 'user', broadcast: { event, encoding, body } }, { excludeId });
      } else if (isRecord(payload.value)) {
        runtime.broker.publish(
          topicKey,
          { kind: 'phoenix', event: 'broadcast', payload: payload.value, audience: 'broadcast' },
          { excludeId },
        );
      }
    }
    if (config.isAckBroadcast) {
      if (isTooLarge) reply(message.ref, 'error', { reason: 'payload_size_exceeded' });
      else reply(message.ref, 'ok');
    }
  };

  const handlePresence = async (message: ClientMessage): Promise<void> => {
    const value = message.payload.kind === 'json' ? message.payload.value : undefined;
    if (!isRecord(value) || !('event' in value)) {
      reply(message.ref, 'ok');
      return;
    }
    if (typeof value['event'] !== 'string') {
      reply(message.ref, 'error');
      return;
    }
    const now = Date.now();
    if (now > presenceWindow.resetAt) {
      presenceWindow = { count: 1, resetAt: now + PRESENCE_WINDOW_MS };
    } else if (presenceWindow.count >= PRESENCE_CALLS_PER_WINDOW) {
      shutdown('Client presence rate limit exceeded');
      return;
    } else {
      presenceWindow.count += 1;
    }
    const event = value['event'].toLowerCase();
    if (event === 'untrack') {
      const diff = runtime.presence.untrack(topicKey, id);
      if (diff) publishPresenceDiff(diff);
      trackedPayload = undefined;
      reply(message.ref, 'ok');
      return;
    }
    if (event !== 'track') {
      reply(message.ref, 'error');
      return;
    }
    if (policies && policies.presence.write === undefined) {
      const updated = await ensureWritePolicies(true);
      if (isStopped) return;
      if (!updated) {
        reply(message.ref, 'error');
        return;
      }
    }
    if (policies && policies.presence.write !== true) {
      reply(message.ref, 'error');
      return;
    }
    const trackPayload = 'payload' in value ? value['payload'] : {};
    if (!isRecord(trackPayload)) {
      reply(message.ref, 'error', { reason: 'Presence track payload must be a map' });
      return;
    }
    if (trackedPayload !== undefined && isSameJson(trackedPayload, trackPayload)) {
      reply(message.ref, 'ok');
      return;
    }
    if (measureJson(trackPayload) > MAX_PAYLOAD_BYTES) {
      shutdown('Track message size exceeded');
      return;
    }
    publishPresenceDiff(runtime.presence.track(topicKey, id, config.presenceKey, trackPayload));
    isPresenceEnabled = true;
    trackedPayload = trackPayload;
    reply(message.ref, 'ok');
  };

  const handleAccessToken = async (message: ClientMessage): Promise<void> => {
    const value = message.payload.kind === 'json' ? message.payload.value : undefined;
    const next = isRecord(value) ? value['access_token'] : undefined;
    if (typeof next !== 'string' || next.startsWith('sb_') || next === accessToken) return;
    const previousPolicies = policies;
    accessToken = next;
    const check = checkRealtimeToken(next, runtime.jwtSecret);
    if (!check.ok) {
      shutdown(describeShutdownFailure(check.failure));
      return;
    }
    claims = check.claims;
    authorization = buildAuthorizationContext(subTopic, claims, host.headers);
    scheduleTokenCheck(check.exp);
    if (!previousPolicies) return;
    policies = createPolicies();
    const result = await getReadAuthorizations(runtime.pool, policies, authorization, { isPresenceEnabled });
    if (isStopped) return;
    if (!result.ok) {
      runtime.log(`realtime: read authorization for ${subTopic} failed: ${result.message}`);
      shutdown(
        result.kind === 'rls_policy_error'
          ? describeUnauthorized(subTopic)
          : 'Realtime was unable to connect to the project database',
      );
      return;
    }
    policies = result.policies;
    if (!policies.broadcast.read && !policies.presence.read) {
      shutdown(describeUnauthorized(subTopic));
      return;
    }
    const isRevoked = (extension: 'broadcast' | 'presence'): boolean =>
      previousPolicies[extension].read === true && policies?.[extension].read === false;
    if (isRevoked('broadcast') || isRevoked('presence')) {
      shutdown(`You no longer have permission to read from this Channel topic: ${subTopic}`);
    }
  };

  const handleLeave = (message: ClientMessage): void => {
    reply(message.ref, 'ok');
    stop({ isCloseSent: true });
  };

  const channel: Channel = {
    id,
    topic,
    joinRef,
    handleIn(message) {
      enqueue(async () => {
        if (isStopped) return;
        switch (message.event) {
          case 'broadcast':
            await handleBroadcast(message);
            return;
          case 'presence':
            await handlePresence(message);
            return;
          case 'access_token':
            await handleAccessToken(message);
            return;
          case 'phx_leave':
            handleLeave(message);
            return;
          default:
            // Upstream logs "Unexpected message from client" and sends nothing back.
            return;
        }
      });
    },
    stop,
  };

  const unsubscribe = runtime.broker.subscribe(topicKey, {
    id,
    vsn: host.vsn,
    joinTopic: topic,
    canReceive: (audience) => !isStopped && canRead(audience),
    deliver: (frame) => {
      if (!isStopped) host.send(frame);
    },
    hasReplayed: (messageId) => replayedIds.has(messageId),
  });
  scheduleTokenCheck(tokenCheck.exp);

  // Join reply: the postgres_changes bindings come back with ids so realtime-js accepts them.
  const postgresChanges = config.postgresChanges.map((binding, index) => ({ ...binding, id: index + 1 }));
  sendReply(message.ref, 'ok', { postgres_changes: postgresChanges });

  for (const row of replayRows) {
    const meta = { replayed: true, id: row.id };
    if (row.binary_payload) {
      const frame = encodeUserBroadcast(host.vsn, topic, {
        event: row.event ?? '',
        encoding: 'binary',
        body: row.binary_payload,
        metadata: meta,
      });
      if (frame !== undefined) host.send(frame);
    } else {
      push('broadcast', {
        payload: JSON.parse(row.payload ?? 'null') as unknown,
        event: row.event,
        type: 'broadcast',
        meta,
      });
    }
  }
  if (isPresenceEnabled && canRead('presence')) push('presence_state', runtime.presence.list(topicKey));
  if (config.isReplicationReadyWanted) {
    // Upstream sends this once its replication connection is up, which can be after the join
    // reply at start-up; here that point is the LISTEN behind database broadcasts being active.
    void runtime.databaseReady.then(() =>
      push('system', {
        extension: 'system',
        status: 'ok',
        message: 'Replication connection established',
        channel: subTopic,
      }),
    );
  }
  if (postgresChanges.length > 0) {
    push('system', {
      extension: 'postgres_changes',
      status: 'error',
      message: 'postgres_changes is not available in the local Supabase stand-in; use Broadcast from the database',
      channel: subTopic,
    });
  }
  return { ok: true, channel };
}
