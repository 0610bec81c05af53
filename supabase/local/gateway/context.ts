/**
 * What every gateway service receives: configuration, database pools and cross-service hooks.
 * Services never open their own pools; the stack owns connections and closes them on stop.
 */
import type pg from 'pg';
import type { ProjectConfig } from '../config.ts';
import type { Mailbox } from './mailbox.ts';
import type { Notifications } from './notifications.ts';

export type GatewayContext = {
  readonly config: ProjectConfig;
  readonly jwtSecret: string;
  /** Public URL of the gateway, e.g. http://127.0.0.1:54321 (no trailing slash). */
  readonly apiUrl: string;
  /** URL of the PWA; email links land there when no redirect_to is given. */
  readonly siteUrl: string;
  /** Connects as `authenticator` and switches role per request, as PostgREST does. */
  readonly apiPool: pg.Pool;
  /** Privileged pool for the services' own bookkeeping (auth tables, storage rows, probes). */
  readonly adminPool: pg.Pool;
  /** Connection string functions receive as SUPABASE_DB_URL (role postgres). */
  readonly dbUrl: string;
  /**
   * Superuser connection string, for background workers that need their own small pool (the
   * scheduler and the pg_net worker must not starve request handling on adminPool).
   */
  readonly adminUrl: string;
  /** Directory for storage objects on disk. */
  readonly storageDir: string;
  readonly mailbox: Mailbox;
  /** Shared LISTEN connection (realtime delivery, pg_net worker, scheduler). */
  readonly notifications: Notifications;
  /** Extra environment for edge functions: secrets from the ignored edge-functions/.env. */
  readonly functionSecrets: Readonly<Record<string, string>>;
  /** Directories searched for edge functions, in order (edge-functions/ first; tests add fixtures). */
  readonly functionsDirs: readonly string[];
  /** Whether edge functions reload on file change (npm run dev). */
  readonly isDev: boolean;
  readonly log: (line: string) => void;
};
