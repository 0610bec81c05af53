/**
 * One shared LISTEN connection for the stack's services (realtime delivery, the pg_net worker,
 * the cron scheduler). NOTIFY is transactional, so a listener only ever hears about committed
 * work. If the connection drops, it reconnects and tells every subscriber to resynchronise
 * (`onReconnect`), because notifications sent while disconnected are lost.
 */
import pg from 'pg';

export type NotificationHandler = (payload: string) => void;

export type Notifications = {
  listen(channel: string, handler: NotificationHandler, onReconnect?: () => void): Promise<() => void>;
  close(): Promise<void>;
};

export function createNotifications(connectionString: string, log: (line: string) => void): Notifications {
  const handlers = new Map<string, Set<NotificationHandler>>();
  const reconnectHooks = new Set<() => void>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let isClosed = false;
  let pending: Promise<void> = Promise.resolve();

  async function connect(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString });
    c.on('notification', (message) => {
      const set = handlers.get(message.channel);
      if (!set) return;
      for (const handler of set) {
        try {
          handler(message.payload ?? '');
        } catch (error) {
          log(
            `notifications: handler for ${message.channel} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    });
    c.on('error', (error) => {
      log(`notifications: connection error: ${error.message}`);
    });
    c.on('end', () => {
      if (client === c) client = undefined;
      if (isClosed) return;
      setTimeout(() => {
        void ensure()
          .then(() => {
            for (const hook of reconnectHooks) hook();
          })
          .catch((error: unknown) => log(`notifications: reconnect failed: ${String(error)}`));
      }, 500);
    });
    await c.connect();
    for (const channel of handlers.keys()) await c.query(`listen ${pg.escapeIdentifier(channel)}`);
    return c;
  }

  async function ensure(): Promise<pg.Client> {
    if (client) return client;
    connecting ??= connect().then(
      (c) => {
        client = c;
        connecting = undefined;
        return c;
      },
      (error: unknown) => {
        connecting = undefined;
        throw error;
      },
    );
    return connecting;
  }

  return {
    async listen(channel, handler, onReconnect) {
      let set = handlers.get(channel);
      const isNew = !set;
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(handler);
      if (onReconnect) reconnectHooks.add(onReconnect);
      const c = await ensure();
      if (isNew) {
        // Services subscribe concurrently at start-up; pg wants one query at a time per client.
        const listening = pending.then(() => c.query(`listen ${pg.escapeIdentifier(channel)}`));
        pending = listening.then(
          () => undefined,
          () => undefined,
        );
        await listening;
      }
      return () => {
        set.delete(handler);
        if (onReconnect) reconnectHooks.delete(onReconnect);
      };
    },
    async close() {
      isClosed = true;
      const c = client ?? (connecting ? await connecting.catch(() => undefined) : undefined);
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
