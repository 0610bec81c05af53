/**
 * One Deno process per edge function, as the edge runtime's `per_worker` policy keeps one warm
 * isolate per function: booted lazily by the first request, reused while it lives, replaced
 * when it dies. Requests that arrive while a worker boots wait for that same boot.
 *
 * Each process runs worker-main.ts with cwd = repository root, so the root deno.json workspace
 * and edge-functions/deno.json (import map, node_modules resolution) apply exactly as in
 * `deno test`. Its environment is the Supabase one (§6.3 of the subset spec) and nothing else
 * from ours, except PATH, HOME and DENO_* which Deno itself needs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  LOCAL_ANON_KEY,
  LOCAL_PUBLISHABLE_KEY,
  LOCAL_SECRET_KEY,
  LOCAL_SERVICE_ROLE_KEY,
  REPO_ROOT,
} from '../../config.ts';
import type { GatewayContext } from '../context.ts';

export const DENO_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'deno');
const WORKER_MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker-main.ts');

/** First boot compiles TypeScript and links npm packages; later boots hit Deno's cache. */
const BOOT_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 2_000;
/** The edge runtime's per-worker memory limit (serve/templates/main.ts). */
const MEMORY_LIMIT_MB = 256;
const MAX_LOG_LINE = 8_000;

export type FunctionTarget = {
  readonly name: string;
  /** Absolute path of the module to run. */
  readonly entrypoint: string;
};

/** A worker reserved for one request; release it when the response is done. */
export type WorkerLease = {
  readonly port: number;
  /** Settles when the process has exited. */
  readonly exited: Promise<void>;
  release(): void;
  /**
   * Routes no further request to this worker and stops it once its requests are over: for a
   * worker that stopped answering (a runaway loop would otherwise catch every later call).
   */
  retire(): void;
};

export class WorkerBootError extends Error {}

export type WorkerPool = {
  acquire(target: FunctionTarget): Promise<WorkerLease>;
  /** Workers booted from now on see fresh code; running ones finish their requests first. */
  retireAll(): void;
  close(): Promise<void>;
};

type Worker = {
  readonly name: string;
  readonly child: ChildProcess;
  readonly ready: Promise<number>;
  readonly exited: Promise<void>;
  hasExited: boolean;
  isRetired: boolean;
  inFlight: number;
};

/** The environment a function sees: Supabase's variables, user secrets, and what Deno needs. */
export function buildFunctionEnv(
  ctx: Pick<GatewayContext, 'apiUrl' | 'siteUrl' | 'dbUrl' | 'functionSecrets'>,
  parentEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parentEnv)) {
    if (value !== undefined && (name === 'PATH' || name === 'HOME' || name.startsWith('DENO_'))) env[name] = value;
  }
  for (const [name, value] of Object.entries(ctx.functionSecrets)) {
    // The CLI refuses user secrets that would shadow the platform's own variables.
    if (!name.startsWith('SUPABASE_')) env[name] = value;
  }
  return {
    // Where links in emails lead (the PWA). In production: `supabase secrets set COMPTOIR_APP_URL=…`.
    COMPTOIR_APP_URL: ctx.siteUrl,
    ...env,
    SUPABASE_URL: ctx.apiUrl,
    SUPABASE_ANON_KEY: LOCAL_ANON_KEY,
    SUPABASE_SERVICE_ROLE_KEY: LOCAL_SERVICE_ROLE_KEY,
    SUPABASE_DB_URL: ctx.dbUrl,
    // HS256 only locally: the JWKS lists no public keys (auth's jwks.json never lists HMAC keys).
    SUPABASE_JWKS: JSON.stringify({ keys: [] }),
    SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: LOCAL_PUBLISHABLE_KEY }),
    SUPABASE_SECRET_KEYS: JSON.stringify({ default: LOCAL_SECRET_KEY }),
    DENO_NO_UPDATE_CHECK: '1',
  };
}

function parseWorkerMessage(line: string): { port: number } | undefined {
  if (!line.startsWith('{"comptoirWorker"')) return undefined;
  try {
    const message = JSON.parse(line) as { comptoirWorker?: unknown; port?: unknown };
    if (message.comptoirWorker === 'listening' && typeof message.port === 'number') return { port: message.port };
  } catch {
    // A function printing something that merely looks like our message.
  }
  return undefined;
}

export function createWorkerPool(
  ctx: Pick<GatewayContext, 'apiUrl' | 'siteUrl' | 'dbUrl' | 'functionSecrets' | 'log'>,
): WorkerPool {
  const workers = new Map<string, Worker>();
  const everyWorker = new Set<Worker>();
  const env = buildFunctionEnv(ctx);
  let isClosed = false;

  const skipped = Object.keys(ctx.functionSecrets).filter((name) => name.startsWith('SUPABASE_'));
  if (skipped.length > 0) {
    ctx.log(`functions: ignoring secrets that start with SUPABASE_ (reserved): ${skipped.join(', ')}`);
  }

  function logLine(name: string, line: string): void {
    ctx.log(`functions/${name}: ${line.length > MAX_LOG_LINE ? `${line.slice(0, MAX_LOG_LINE)}…` : line}`);
  }

  function kill(worker: Worker): void {
    if (worker.hasExited) return;
    // Closing stdin asks worker-main to exit; the signals make sure it does.
    worker.child.stdin?.destroy();
    worker.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (!worker.hasExited) worker.child.kill('SIGKILL');
    }, KILL_GRACE_MS);
    timer.unref();
  }

  function spawnWorker(target: FunctionTarget): Worker {
    const child = spawn(
      DENO_BIN,
      [
        'run',
        '--allow-all',
        '--no-prompt',
        // Never write a deno.lock into the repository from a local run.
        '--no-lock',
        `--v8-flags=--max-old-space-size=${MEMORY_LIMIT_MB}`,
        WORKER_MAIN,
        pathToFileURL(target.entrypoint).href,
      ],
      { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let resolveReady: (port: number) => void = () => undefined;
    let rejectReady: (error: Error) => void = () => undefined;
    const ready = new Promise<number>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    // Nobody may be waiting (e.g. a retired worker); the rejection is still observed.
    ready.catch(() => undefined);
    let resolveExited: () => void = () => undefined;
    const exited = new Promise<void>((resolve) => {
      resolveExited = resolve;
    });
    const worker: Worker = {
      name: target.name,
      child,
      ready,
      exited,
      hasExited: false,
      isRetired: false,
      inFlight: 0,
    };
    everyWorker.add(worker);
    let isListening = false;

    const bootTimer = setTimeout(() => {
      rejectReady(new WorkerBootError(`did not start serving within ${BOOT_TIMEOUT_MS / 1000} s`));
      kill(worker);
    }, BOOT_TIMEOUT_MS);
    bootTimer.unref();

    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = isListening ? undefined : parseWorkerMessage(line);
      if (message) {
        isListening = true;
        clearTimeout(bootTimer);
        resolveReady(message.port);
        return;
      }
      logLine(target.name, line);
    });
    createInterface({ input: child.stderr }).on('line', (line) => logLine(target.name, line));
    child.stdin.on('error', () => undefined);

    const onGone = (reason: string): void => {
      if (worker.hasExited) return;
      worker.hasExited = true;
      clearTimeout(bootTimer);
      everyWorker.delete(worker);
      if (workers.get(target.name) === worker) workers.delete(target.name);
      rejectReady(new WorkerBootError(reason));
      resolveExited();
    };
    child.on('error', (error) => {
      logLine(target.name, `could not start Deno (${DENO_BIN}): ${error.message}`);
      onGone(`could not start Deno: ${error.message}`);
    });
    child.on('exit', (code, signal) => {
      if (!worker.isRetired && !isClosed) {
        logLine(target.name, `worker exited (${signal ?? `code ${code ?? '?'}`})`);
      }
      onGone(`worker exited before serving (${signal ?? `code ${code ?? '?'}`})`);
    });
    return worker;
  }

  function releaseOne(worker: Worker): void {
    worker.inFlight -= 1;
    if (worker.isRetired && worker.inFlight === 0) kill(worker);
  }

  function retire(worker: Worker): void {
    worker.isRetired = true;
    if (workers.get(worker.name) === worker) workers.delete(worker.name);
    if (worker.inFlight === 0) kill(worker);
  }

  return {
    async acquire(target) {
      if (isClosed) throw new WorkerBootError('the gateway is shutting down');
      let worker = workers.get(target.name);
      if (!worker || worker.hasExited) {
        worker = spawnWorker(target);
        workers.set(target.name, worker);
      }
      worker.inFlight += 1;
      let port: number;
      try {
        port = await worker.ready;
      } catch (error) {
        releaseOne(worker);
        throw error;
      }
      const leased = worker;
      let isReleased = false;
      return {
        port,
        exited: leased.exited,
        release() {
          if (isReleased) return;
          isReleased = true;
          releaseOne(leased);
        },
        retire() {
          if (!leased.isRetired) ctx.log(`functions/${leased.name}: worker stopped answering; booting a fresh one`);
          retire(leased);
        },
      };
    },
    retireAll() {
      for (const worker of [...workers.values()]) retire(worker);
    },
    async close() {
      isClosed = true;
      workers.clear();
      const all = [...everyWorker];
      for (const worker of all) {
        worker.isRetired = true;
        kill(worker);
      }
      await Promise.all(all.map((worker) => worker.exited));
    },
  };
}
