/**
 * In-process pub/sub between joined channels, the stand-in for Realtime's tenant PubSub and
 * `MessageDispatcher`. A public and a private channel of the same name are different topics
 * (upstream `tenant:<t>` vs `tenant-private:<t>`). Each message is encoded once per protocol
 * version and the same frame is written to every subscriber using that version.
 */
import { encodeBroadcast, encodeUserBroadcast, type Frame, type UserBroadcast, type Vsn } from './serializer.ts';

/** Which read permission a subscriber needs to receive a message on a private channel. */
export type Audience = 'broadcast' | 'presence';

export type BrokerMessage =
  /** A Phoenix broadcast: always a text frame, payload sent as is. */
  | { readonly kind: 'phoenix'; readonly event: string; readonly payload: unknown; readonly audience: Audience }
  /** A user broadcast: kind 4 for 2.0.0, converted JSON (or nothing) for 1.0.0. */
  | { readonly kind: 'user'; readonly broadcast: UserBroadcast };

export type Subscriber = {
  readonly id: number;
  readonly vsn: Vsn;
  /** The topic the client joined (`realtime:<name>`), which every frame carries. */
  readonly joinTopic: string;
  canReceive(audience: Audience): boolean;
  /** Messages replayed at join are not delivered a second time (upstream `already_replayed?`). */
  hasReplayed(messageId: string): boolean;
  deliver(frame: Frame): void;
};

export type Broker = {
  subscribe(key: string, subscriber: Subscriber): () => void;
  /** Sends to every subscriber of `key` but `excludeId`; returns how many frames were written. */
  publish(key: string, message: BrokerMessage, options?: { excludeId?: number | undefined }): number;
};

/** The pub/sub key of a channel: privacy is part of the topic. */
export function buildTopicKey(subTopic: string, isPrivate: boolean): string {
  return `${isPrivate ? 'private' : 'public'}:${subTopic}`;
}

function getMessageId(message: BrokerMessage): string | undefined {
  const meta = message.kind === 'user' ? message.broadcast.metadata : readMeta(message.payload);
  const id = meta?.['id'];
  return typeof id === 'string' ? id : undefined;
}

function readMeta(payload: unknown): Readonly<Record<string, unknown>> | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const meta = (payload as { meta?: unknown }).meta;
  return meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>) : undefined;
}

function encodeFor(vsn: Vsn, joinTopic: string, message: BrokerMessage): Frame | undefined {
  try {
    if (message.kind === 'phoenix') return encodeBroadcast(vsn, joinTopic, message.event, message.payload);
    return encodeUserBroadcast(vsn, joinTopic, message.broadcast);
  } catch {
    // Payloads are size-checked before publishing; a value JSON cannot serialise is dropped.
    return undefined;
  }
}

export function createBroker(log: (line: string) => void): Broker {
  const topics = new Map<string, Map<number, Subscriber>>();

  return {
    subscribe(key, subscriber) {
      let subscribers = topics.get(key);
      if (!subscribers) {
        subscribers = new Map();
        topics.set(key, subscribers);
      }
      subscribers.set(subscriber.id, subscriber);
      return () => {
        const current = topics.get(key);
        if (!current) return;
        current.delete(subscriber.id);
        if (current.size === 0) topics.delete(key);
      };
    },
    publish(key, message, options = {}) {
      const subscribers = topics.get(key);
      if (!subscribers) return 0;
      const audience: Audience = message.kind === 'phoenix' ? message.audience : 'broadcast';
      const messageId = getMessageId(message);
      const cache = new Map<string, Frame | undefined>();
      let delivered = 0;
      // Copy first: delivering may close a slow socket, which unsubscribes during iteration.
      for (const subscriber of [...subscribers.values()]) {
        if (subscriber.id === options.excludeId) continue;
        if (!subscriber.canReceive(audience)) continue;
        if (messageId !== undefined && subscriber.hasReplayed(messageId)) continue;
        const cacheKey = `${subscriber.vsn}\u0000${subscriber.joinTopic}`;
        let frame: Frame | undefined;
        if (cache.has(cacheKey)) {
          frame = cache.get(cacheKey);
        } else {
          frame = encodeFor(subscriber.vsn, subscriber.joinTopic, message);
          cache.set(cacheKey, frame);
          // 1.0.0 sockets cannot carry binary payloads (expected); for 2.0.0 a header field
          // longer than 255 bytes is the only reason, which deserves a log line.
          if (frame === undefined && subscriber.vsn === '2.0.0') {
            log(`realtime: a broadcast on ${subscriber.joinTopic} has a header field over 255 bytes; skipped`);
          }
        }
        if (frame === undefined) continue;
        subscriber.deliver(frame);
        delivered += 1;
      }
      return delivered;
    },
  };
}
