/**
 * Broadcast from the database: rows committed into realtime.messages reach the subscribers of
 * their topic, the stand-in for Realtime's replication connection
 * (`lib/realtime/tenants/replication_connection.ex`).
 *
 * An AFTER INSERT trigger NOTIFYs `realtime_messages` with the row id. NOTIFY is transactional
 * and Postgres delivers notifications in commit order, so a rolled-back `realtime.send` is never
 * announced and committed rows arrive in commit order. The row is read back by id because
 * payloads may exceed NOTIFY's 8000-byte limit; one pump reads and delivers in arrival order,
 * which keeps commit order per topic (and globally).
 *
 * Notifications sent while the LISTEN connection is down are lost; on reconnect the rows
 * inserted since shortly before the last one seen are re-read and the ones not yet delivered
 * are sent (a transaction open for more than that margin across an outage can still be missed).
 */
import type pg from 'pg';
import type { Notifications } from '../notifications.ts';
import { buildTopicKey, type Broker } from './broker.ts';
import { MAX_PAYLOAD_BYTES } from './channel.ts';

export const REALTIME_MESSAGES_CHANNEL = 'realtime_messages';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BATCH_SIZE = 500;
const FETCH_ATTEMPTS = 3;
const RETRY_DELAY_MS = 250;
/** How many delivered ids are remembered to de-duplicate a resynchronisation. */
const REMEMBERED_IDS = 10_000;
/** Upstream's janitor drops messages older than 72 hours; the stand-in deletes them hourly. */
const JANITOR_INTERVAL_MS = 60 * 60 * 1000;

type MessageRow = {
  id: string;
  topic: string;
  extension: string;
  event: string | null;
  private: boolean | null;
  payload: string | null;
  binary_payload: Buffer | null;
  seen_at: string;
};

export type DatabaseBroadcast = {
  /**
   * Resolves once LISTEN is active (rows committed before that point may be missed); channels
   * joined with `replication_ready` are told only then. Also resolves when closed first.
   */
  readonly ready: Promise<void>;
  close(): void;
};

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function startDatabaseBroadcast(options: {
  notifications: Notifications;
  pool: pg.Pool;
  broker: Broker;
  log: (line: string) => void;
}): DatabaseBroadcast {
  const { notifications, pool, broker, log } = options;
  const pending: string[] = [];
  const delivered = new Set<string>();
  let isPumping = false;
  let isClosed = false;
  let unlisten: (() => void) | undefined;
  let startedAt: string | undefined;
  let lastSeenAt: string | undefined;

  function remember(id: string): void {
    delivered.add(id);
    if (delivered.size > REMEMBERED_IDS) {
      const oldest = delivered.values().next().value;
      if (oldest !== undefined) delivered.delete(oldest);
    }
  }

  function deliver(row: MessageRow): void {
    if (delivered.has(row.id)) return;
    remember(row.id);
    // Upstream skips rows missing any of these (probe rows never commit, so never get here).
    if (row.extension !== 'broadcast' || row.event === null || row.private === null) return;
    let body: Buffer;
    let encoding: 'json' | 'binary';
    if (row.binary_payload !== null) {
      body = row.binary_payload;
      encoding = 'binary';
    } else if (row.payload !== null) {
      body = Buffer.from(row.payload, 'utf8');
      encoding = 'json';
    } else {
      return;
    }
    if (body.length > MAX_PAYLOAD_BYTES) {
      log(`realtime: message ${row.id} on ${row.topic} exceeds the payload size limit; not broadcast`);
      return;
    }
    broker.publish(buildTopicKey(row.topic, row.private), {
      kind: 'user',
      broadcast: { event: row.event, encoding, body, metadata: { id: row.id } },
    });
  }

  async function fetchRows(ids: string[]): Promise<MessageRow[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { rows } = await pool.query<MessageRow>(
          `select id::text as id, topic, extension, event, private, payload::text as payload, binary_payload,
                  localtimestamp::text as seen_at
             from realtime.messages
            where id = any($1::uuid[])`,
          [ids],
        );
        return rows;
      } catch (error) {
        if (attempt >= FETCH_ATTEMPTS || isClosed) {
          log(`realtime: could not read ${ids.length} broadcast message(s): ${describeError(error)}`);
          return [];
        }
        await wait(RETRY_DELAY_MS * attempt);
      }
    }
  }

  async function pump(): Promise<void> {
    if (isPumping) return;
    isPumping = true;
    try {
      while (pending.length > 0 && !isClosed) {
        const batch = pending.splice(0, BATCH_SIZE);
        const rows = await fetchRows(batch);
        if (isClosed) return;
        const byId = new Map(rows.map((row) => [row.id, row]));
        for (const id of batch) {
          const row = byId.get(id);
          if (row) deliver(row);
        }
        const seenAt = rows[0]?.seen_at;
        if (seenAt !== undefined) lastSeenAt = seenAt;
      }
    } finally {
      isPumping = false;
    }
  }

  function enqueue(ids: readonly string[]): void {
    for (const id of ids) pending.push(id.toLowerCase());
    pump().catch((error: unknown) => log(`realtime: broadcast delivery failed: ${describeError(error)}`));
  }

  function handleNotification(payload: string): void {
    if (isClosed) return;
    const id = payload.split(':')[0] ?? '';
    if (!UUID_PATTERN.test(id)) {
      log(`realtime: ignoring a ${REALTIME_MESSAGES_CHANNEL} notification that is not a message id`);
      return;
    }
    enqueue([id]);
  }

  async function resynchronise(): Promise<void> {
    const since = lastSeenAt ?? startedAt;
    if (since === undefined || isClosed) return;
    try {
      const { rows } = await pool.query<{ id: string }>(
        `select id::text as id from realtime.messages
          where extension = 'broadcast'
            and inserted_at >= greatest($1::timestamp - interval '1 minute', $2::timestamp)
          order by inserted_at, id`,
        [since, startedAt ?? since],
      );
      enqueue(rows.map((row) => row.id).filter((id) => !delivered.has(id)));
    } catch (error) {
      log(`realtime: broadcast resynchronisation failed: ${describeError(error)}`);
    }
  }

  async function subscribe(): Promise<void> {
    for (let attempt = 1; !isClosed; attempt += 1) {
      try {
        const stop = await notifications.listen(REALTIME_MESSAGES_CHANNEL, handleNotification, () => {
          void resynchronise();
        });
        if (isClosed) {
          stop();
          return;
        }
        unlisten = stop;
        try {
          const { rows } = await pool.query<{ now: string }>('select localtimestamp::text as now');
          startedAt = rows[0]?.now;
        } catch (error) {
          log(`realtime: could not read the database clock: ${describeError(error)}`);
        }
        return;
      } catch (error) {
        log(`realtime: LISTEN ${REALTIME_MESSAGES_CHANNEL} failed (attempt ${attempt}): ${describeError(error)}`);
        await wait(Math.min(5_000, 250 * attempt));
      }
    }
  }

  async function deleteOldMessages(): Promise<void> {
    try {
      await pool.query(
        `delete from realtime.messages where inserted_at < (now() at time zone 'UTC') - interval '72 hours'`,
      );
    } catch (error) {
      log(`realtime: could not delete old messages: ${describeError(error)}`);
    }
  }

  const ready = subscribe();
  void deleteOldMessages();
  const janitor = setInterval(() => void deleteOldMessages(), JANITOR_INTERVAL_MS);
  janitor.unref();

  return {
    ready,
    close() {
      isClosed = true;
      clearInterval(janitor);
      pending.length = 0;
      unlisten?.();
      unlisten = undefined;
    },
  };
}
