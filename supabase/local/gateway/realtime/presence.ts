/**
 * In-memory presence, the single-node stand-in for Phoenix.Tracker/Phoenix.Presence: one entry
 * per (topic, channel), grouped by presence key into `{key: {metas: [...]}}`, with diffs shaped
 * `{joins, leaves}` as phoenix.js's Presence expects. Entries vanish with their channel.
 */
import { randomBytes } from 'node:crypto';

export type PresenceMeta = Readonly<Record<string, unknown>> & { readonly phx_ref: string };

export type PresenceState = Record<string, { metas: PresenceMeta[] }>;

export type PresenceDiff = { joins: PresenceState; leaves: PresenceState };

type Entry = { presenceKey: string; meta: PresenceMeta };

export type PresenceTracker = {
  /** Tracks or updates a channel's presence; returns the diff to broadcast. */
  track(topicKey: string, channelId: number, presenceKey: string, payload: Record<string, unknown>): PresenceDiff;
  /** Removes a channel's presence; returns the diff, or undefined when it was not tracked. */
  untrack(topicKey: string, channelId: number): PresenceDiff | undefined;
  list(topicKey: string): PresenceState;
};

function createRef(): string {
  return randomBytes(8).toString('base64');
}

function addMeta(state: PresenceState, presenceKey: string, meta: PresenceMeta): void {
  const group = state[presenceKey] ?? { metas: [] };
  group.metas.push(meta);
  state[presenceKey] = group;
}

export function createPresenceTracker(): PresenceTracker {
  const topics = new Map<string, Map<number, Entry>>();

  return {
    track(topicKey, channelId, presenceKey, payload) {
      let entries = topics.get(topicKey);
      if (!entries) {
        entries = new Map();
        topics.set(topicKey, entries);
      }
      const previous = entries.get(channelId);
      const diff: PresenceDiff = { joins: {}, leaves: {} };
      const meta: PresenceMeta = previous
        ? { ...payload, phx_ref: createRef(), phx_ref_prev: previous.meta.phx_ref }
        : { ...payload, phx_ref: createRef() };
      if (previous) addMeta(diff.leaves, previous.presenceKey, previous.meta);
      addMeta(diff.joins, presenceKey, meta);
      entries.set(channelId, { presenceKey, meta });
      return diff;
    },
    untrack(topicKey, channelId) {
      const entries = topics.get(topicKey);
      const previous = entries?.get(channelId);
      if (!entries || !previous) return undefined;
      entries.delete(channelId);
      if (entries.size === 0) topics.delete(topicKey);
      const diff: PresenceDiff = { joins: {}, leaves: {} };
      addMeta(diff.leaves, previous.presenceKey, previous.meta);
      return diff;
    },
    list(topicKey) {
      const state: PresenceState = {};
      for (const entry of topics.get(topicKey)?.values() ?? []) addMeta(state, entry.presenceKey, entry.meta);
      return state;
    },
  };
}
