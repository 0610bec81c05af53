/**
 * Serves the PWA next to the local Supabase stand-in.
 *
 *   build (npm start, e2e): rebuilds the output directory with Vite when any source is newer
 *         than its last build, then serves it with node:http the way a static host should:
 *         long immutable caching for hashed assets, `no-cache` for the files that name them
 *         (index.html, sw.js, the manifest, runtime-config.json), SPA fallback for navigations,
 *         404 for missing assets, no directory traversal. The output directory is dist/web;
 *         e2e builds its own (dist/e2e-web) so a test run never rewrites what `npm start` serves.
 *   dev   (npm run dev): the Vite dev server with HMR on the same port.
 *
 * Both answer `/runtime-config.json` from `runtimeConfig`: the ports are picked at start-up, so
 * they cannot be baked into the build (web/src/app/runtime-config.ts reads it at boot).
 */
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import mime from 'mime-types';
import { REPO_ROOT } from './config.ts';

export type RuntimeConfig = { readonly supabaseUrl: string; readonly supabaseAnonKey: string };
export type AppServer = { readonly url: string; close(): Promise<void> };
export type AppServerOptions = {
  readonly mode: 'build' | 'dev';
  readonly port: number;
  /** 'build' mode: where the PWA is built and served from (default dist/web). */
  readonly distDir?: string;
  readonly runtimeConfig: RuntimeConfig;
  readonly log: (line: string) => void;
};

export const WEB_DIST_DIR = path.join(REPO_ROOT, 'dist', 'web');
const VITE_CONFIG = path.join(REPO_ROOT, 'vite.config.ts');
const RUNTIME_CONFIG_PATH = '/runtime-config.json';

/** Written after a successful build into `outDir`, beside it: when it started (dist/web-build.json). */
function getBuildStampPath(outDir: string): string {
  return path.join(path.dirname(outDir), `${path.basename(outDir)}-build.json`);
}

/** A directory, because mkdir is atomic: two processes never build into one `outDir` at once. */
function getBuildLockPath(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}-build.lock`);
}

/** What the build reads. Tests and scripts do not end up in the bundle, so they do not count. */
const SOURCE_ROOTS = [path.join(REPO_ROOT, 'web'), path.join(REPO_ROOT, 'shared')];
const SOURCE_FILES = [VITE_CONFIG, path.join(REPO_ROOT, 'package-lock.json')];
const IGNORED_SOURCE = /(^|\/)(node_modules|scripts|test)(\/|$)|\.test\.tsx?$/;

/** Files that name the current hashed assets: browsers must revalidate them on every load. */
const REVALIDATE_ALWAYS = new Set(['/index.html', '/sw.js', '/manifest.webmanifest', RUNTIME_CONFIG_PATH]);
const IMMUTABLE = 'public, max-age=31536000, immutable';

// ── Build freshness ────────────────────────────────────────────────────────────────────────

function findNewestSourceMtime(): number {
  let newest = 0;
  const visit = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (IGNORED_SOURCE.test(path.relative(REPO_ROOT, full))) continue;
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const root of SOURCE_ROOTS) visit(root);
  for (const file of SOURCE_FILES) {
    if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function readBuildStartedAt(outDir: string): number | undefined {
  try {
    const stamp = JSON.parse(readFileSync(getBuildStampPath(outDir), 'utf8')) as { startedAt?: unknown };
    return typeof stamp.startedAt === 'number' ? stamp.startedAt : undefined;
  } catch {
    return undefined;
  }
}

/** Why `outDir` must be rebuilt, or undefined when it is up to date. */
export function findStaleWebBuildReason(outDir: string = WEB_DIST_DIR): string | undefined {
  if (!existsSync(path.join(outDir, 'index.html')) || !existsSync(path.join(outDir, 'sw.js'))) {
    return 'no build yet';
  }
  const startedAt = readBuildStartedAt(outDir);
  if (startedAt === undefined) return 'no build stamp';
  // Compared with the build's start: a file saved during a build triggers the next one.
  if (findNewestSourceMtime() > startedAt) return 'sources changed';
  return undefined;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the cross-process build lock, waiting for another builder or clearing a dead one's lock. */
async function acquireBuildLock(outDir: string, log: (line: string) => void): Promise<() => void> {
  const lock = getBuildLockPath(outDir);
  mkdirSync(path.dirname(lock), { recursive: true });
  let hasAnnounced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let ownerPid = NaN;
    try {
      ownerPid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
    } catch {
      // The owner has created the directory but not yet written its pid: wait a little.
    }
    const lockAgeMs = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if ((Number.isInteger(ownerPid) && !isProcessAlive(ownerPid)) || (Number.isNaN(ownerPid) && lockAgeMs > 10_000)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!hasAnnounced) {
      log(`app: another process (pid ${ownerPid}) is building the PWA — waiting`);
      hasAnnounced = true;
    }
    await sleep(250);
  }
}

async function runViteBuild(outDir: string, log: (line: string) => void): Promise<void> {
  const startedAt = Date.now();
  log('app: building the PWA with Vite…');
  const { build } = await import('vite');
  await build({
    configFile: VITE_CONFIG,
    mode: 'production',
    logLevel: 'warn',
    clearScreen: false,
    // Merged over vite.config.ts; vite-plugin-pwa writes sw.js into the resolved outDir too.
    build: { outDir, emptyOutDir: true },
  });
  if (!existsSync(path.join(outDir, 'sw.js'))) throw new Error('the build produced no service worker (sw.js)');
  writeFileSync(getBuildStampPath(outDir), `${JSON.stringify({ startedAt, builtAt: Date.now() })}\n`);
  log(`app: PWA built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s → ${path.relative(REPO_ROOT, outDir)}`);
}

/** Builds the PWA into `outDir` (default dist/web) with Vite's JS API, always. */
export async function buildWeb(log: (line: string) => void, outDir: string = WEB_DIST_DIR): Promise<void> {
  const resolvedOutDir = path.resolve(outDir);
  const release = await acquireBuildLock(resolvedOutDir, log);
  try {
    await runViteBuild(resolvedOutDir, log);
  } finally {
    release();
  }
}

/** One build per output directory at a time within this process. */
const pendingBuilds = new Map<string, Promise<void>>();

/** Rebuilds `outDir` when missing or older than its sources; concurrent callers share one build. */
export function ensureWebBuild(log: (line: string) => void, outDir: string = WEB_DIST_DIR): Promise<void> {
  const resolvedOutDir = path.resolve(outDir);
  if (!findStaleWebBuildReason(resolvedOutDir)) return Promise.resolve();
  const pending = pendingBuilds.get(resolvedOutDir);
  if (pending) return pending;
  const build = (async () => {
    const release = await acquireBuildLock(resolvedOutDir, log);
    try {
      // Checked again under the lock: another process may have just built the same sources.
      const reason = findStaleWebBuildReason(resolvedOutDir);
      if (!reason) return;
      log(`app: ${path.relative(REPO_ROOT, resolvedOutDir)} is out of date (${reason})`);
      await runViteBuild(resolvedOutDir, log);
    } finally {
      release();
    }
  })().finally(() => {
    pendingBuilds.delete(resolvedOutDir);
  });
  pendingBuilds.set(resolvedOutDir, build);
  return build;
}

// ── Static server ──────────────────────────────────────────────────────────────────────────

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // Invitation and email sign-in links carry a credential in their URL: never pass it on.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** A browser navigation (address bar, link, reload) rather than a script, image or fetch. */
function isNavigationRequest(req: IncomingMessage, pathname: string): boolean {
  const mode = req.headers['sec-fetch-mode'];
  if (mode === 'navigate') return true;
  if (mode !== undefined && mode !== 'navigate') return false;
  const hasExtension = /\.[a-z0-9]+$/i.test(path.posix.basename(pathname));
  return !hasExtension && (req.headers.accept ?? '').includes('text/html');
}

/** Maps a URL path to a file inside root, or undefined when it would escape root or hit a dotfile. */
export function resolveStaticPath(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((segment) => segment.startsWith('.'))) return undefined;
  const file = path.resolve(root, ...segments);
  return file === root || file.startsWith(`${root}${path.sep}`) ? file : undefined;
}

function getCacheControl(urlPath: string): string {
  if (REVALIDATE_ALWAYS.has(urlPath)) return 'no-cache';
  // Vite puts content-hashed files under /assets/: their URL changes when their content does.
  if (urlPath.startsWith('/assets/')) return IMMUTABLE;
  return 'no-cache';
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, stats: Stats, urlPath: string): void {
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'Content-Type': mime.contentType(path.extname(file)) || 'application/octet-stream',
    'Cache-Control': getCacheControl(urlPath),
    ETag: etag,
    'Last-Modified': stats.mtime.toUTCString(),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': stats.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function statFile(file: string): Stats | undefined {
  try {
    const stats = statSync(file);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}

/** Request handler for a built PWA in `root` (exported for tests). */
export function createStaticHandler(
  root: string,
  runtimeConfig: RuntimeConfig,
): (req: IncomingMessage, res: ServerResponse) => void {
  const runtimeConfigBody = `${JSON.stringify({
    supabaseUrl: runtimeConfig.supabaseUrl,
    supabaseAnonKey: runtimeConfig.supabaseAnonKey,
  })}\n`;
  const resolvedRoot = path.resolve(root);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://app.local').pathname;
    } catch {
      sendText(res, 400, 'Bad Request\n');
      return;
    }
    if (pathname === RUNTIME_CONFIG_PATH) {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(runtimeConfigBody),
        'Cache-Control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : runtimeConfigBody);
      return;
    }
    const urlPath = pathname === '/' ? '/index.html' : pathname;
    // Traversal attempts, dotfiles and undecodable paths resolve to nothing: treated as missing.
    const file = resolveStaticPath(resolvedRoot, urlPath);
    const stats = file === undefined ? undefined : statFile(file);
    if (file !== undefined && stats) {
      sendFile(req, res, file, stats, urlPath);
      return;
    }
    if (isNavigationRequest(req, pathname)) {
      // SPA: the client router decides what this path shows (including "page not found").
      const index = path.join(resolvedRoot, 'index.html');
      const indexStats = statFile(index);
      if (indexStats) {
        sendFile(req, res, index, indexStats, '/index.html');
        return;
      }
    }
    sendText(res, 404, 'Not Found\n');
  };
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function startStaticServer(options: AppServerOptions): Promise<AppServer> {
  const distDir = path.resolve(options.distDir ?? WEB_DIST_DIR);
  await ensureWebBuild(options.log, distDir);
  const handle = createStaticHandler(distDir, options.runtimeConfig);
  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      options.log(
        `app: ${req.method ?? '?'} ${req.url ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error\n');
      else res.destroy();
    }
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.keepAliveTimeout = 5_000;
  await listen(server, options.port);
  const url = `http://127.0.0.1:${options.port}`;
  options.log(`app: serving the production build (${path.relative(REPO_ROOT, distDir)}) on ${url}`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ── Dev server ─────────────────────────────────────────────────────────────────────────────

async function startDevServer(options: AppServerOptions): Promise<AppServer> {
  const { createServer } = await import('vite');
  const body = `${JSON.stringify(options.runtimeConfig)}\n`;
  const server = await createServer({
    configFile: VITE_CONFIG,
    mode: 'development',
    clearScreen: false,
    logLevel: 'warn',
    server: {
      host: '127.0.0.1',
      port: options.port,
      strictPort: true,
      headers: { 'Referrer-Policy': SECURITY_HEADERS['Referrer-Policy'] ?? 'no-referrer' },
    },
    plugins: [
      {
        name: 'comptoir-runtime-config',
        configureServer(dev) {
          // Registered before Vite's own middlewares, so it wins over the SPA fallback.
          dev.middlewares.use(RUNTIME_CONFIG_PATH, (_req, res) => {
            res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
            res.end(body);
          });
        },
      },
    ],
  });
  await server.listen();
  const url = `http://127.0.0.1:${options.port}`;
  options.log(`app: Vite dev server (hot reload) on ${url}`);
  return { url, close: () => server.close() };
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  return options.mode === 'dev' ? startDevServer(options) : startStaticServer(options);
}
