/**
 * Worker lifecycle outside the shared stack: functions services of their own, over a temporary
 * functions directory, so the test can edit a function's source (dev-mode reload), shorten the
 * read timeout, and check that close() leaves no Deno process behind.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_JWT_SECRET, loadProjectConfig } from '../../config.ts';
import type { PrefixService } from '../server.ts';
import { createFunctionsService, type FunctionsServiceOptions } from './service.ts';

const FUNCTION_NAME = 'reload-probe';
/** Answers its pid; `?spin` writes a marker file, then never yields again (a runaway loop). */
const RUNAWAY_NAME = 'runaway';

let dir: string;
/** Outside `dir`, so the markers do not look like source changes to the dev-mode watcher. */
let markerDir: string;
let service: PrefixService;
let baseUrl: string;
const logs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

function writeProbe(version: string): void {
  writeFileSync(
    path.join(dir, FUNCTION_NAME, 'index.ts'),
    `declare const Deno: { pid: number; env: { get(name: string): string | undefined };\n` +
      `  serve(handler: () => Response): unknown };\n` +
      `const env = { secret: Deno.env.get('FIXTURE_SECRET'), url: Deno.env.get('SUPABASE_URL') };\n` +
      `Deno.serve(() => Response.json({ version: '${version}', pid: Deno.pid, env }));\n`,
  );
}

type Probe = { version: string; pid: number; env: { secret?: string; url?: string } };

async function callProbe(): Promise<Probe> {
  const res = await fetch(`${baseUrl}/functions/v1/${FUNCTION_NAME}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Probe;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Serves one functions service over HTTP on a free loopback port; stopped in afterAll. */
async function serveFunctions(isDev: boolean, options: FunctionsServiceOptions = {}): Promise<[PrefixService, string]> {
  const functions = createFunctionsService(
    {
      config: loadProjectConfig(),
      jwtSecret: LOCAL_JWT_SECRET,
      apiUrl: 'http://127.0.0.1:1',
      siteUrl: 'http://127.0.0.1:2',
      dbUrl: 'postgresql://postgres:postgres@127.0.0.1:1/postgres',
      functionSecrets: { FIXTURE_SECRET: 'visible', SUPABASE_URL: 'must-not-override' },
      functionsDirs: [dir],
      isDev,
      log: (line) => logs.push(line),
    },
    options,
  );
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    functions.handle(req, res, url, url.pathname.slice('/functions/v1'.length)).catch(() => {
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    await functions.close?.();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return [functions, `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'comptoir-functions-'));
  markerDir = mkdtempSync(path.join(tmpdir(), 'comptoir-markers-'));
  mkdirSync(path.join(dir, FUNCTION_NAME));
  writeFileSync(path.join(dir, FUNCTION_NAME, 'function.json'), '{ "verify_jwt": false }');
  writeProbe('v1');
  mkdirSync(path.join(dir, RUNAWAY_NAME));
  writeFileSync(path.join(dir, RUNAWAY_NAME, 'function.json'), '{ "verify_jwt": false }');
  writeFileSync(
    path.join(dir, RUNAWAY_NAME, 'index.ts'),
    `declare const Deno: { pid: number; writeTextFileSync(path: string, text: string): void;\n` +
      `  serve(handler: (req: Request) => Response): unknown };\n` +
      `Deno.serve((req) => {\n` +
      `  const marker = new URL(req.url).searchParams.get('spin');\n` +
      `  if (marker) {\n` +
      `    Deno.writeTextFileSync(marker, String(Deno.pid));\n` +
      `    for (;;) { /* runaway */ }\n` +
      `  }\n` +
      `  return Response.json({ pid: Deno.pid });\n` +
      `});\n`,
  );
  [service, baseUrl] = await serveFunctions(true);
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  rmSync(dir, { recursive: true, force: true });
  rmSync(markerDir, { recursive: true, force: true });
});

describe('worker lifecycle', () => {
  it('keeps a worker warm between requests', async () => {
    const first = await callProbe();
    const second = await callProbe();
    expect(first.version).toBe('v1');
    expect(second.pid).toBe(first.pid);
  });

  it('boots a fresh worker with the new code after a source change in dev mode', async () => {
    const before = await callProbe();
    writeProbe('v2');
    const deadline = Date.now() + 20_000;
    let after = before;
    while (after.version !== 'v2' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await callProbe();
    }
    expect(after.version).toBe('v2');
    expect(after.pid).not.toBe(before.pid);
    expect(logs).toContain('functions: source changed, restarting workers');
  });

  it('passes user secrets on, but never lets them shadow SUPABASE_* variables', async () => {
    const { env } = await callProbe();
    expect(env).toEqual({ secret: 'visible', url: 'http://127.0.0.1:1' });
    expect(logs).toContain('functions: ignoring secrets that start with SUPABASE_ (reserved): SUPABASE_URL');
  });

  it('kills every Deno worker on close', async () => {
    const { pid } = await callProbe();
    expect(isProcessAlive(pid)).toBe(true);
    await service.close?.();
    expect(isProcessAlive(pid)).toBe(false);
  });
});

describe('a worker that stops answering', () => {
  async function callRunaway(url: string): Promise<number> {
    // A deadline, so a call stuck on the runaway worker fails the test instead of hanging it.
    const res = await fetch(`${url}/functions/v1/${RUNAWAY_NAME}`, { signal: AbortSignal.timeout(20_000) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { pid: number }).pid;
  }

  async function waitForExit(pid: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (isProcessAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isProcessAlive(pid)).toBe(false);
  }

  it('is replaced after the read timeout (504), so the next call boots a fresh worker', async () => {
    const [, url] = await serveFunctions(false, { readTimeoutMs: 1_000 });
    const stuckPid = await callRunaway(url);
    const marker = path.join(markerDir, `spin-${Date.now()}`);
    const res = await fetch(`${url}/functions/v1/${RUNAWAY_NAME}?spin=${encodeURIComponent(marker)}`);
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({ message: 'The upstream server is timing out' });
    const freshPid = await callRunaway(url);
    expect(freshPid).not.toBe(stuckPid);
    await waitForExit(stuckPid);
  });

  it('is replaced when its caller gives up before any answer', async () => {
    const [, url] = await serveFunctions(false);
    const stuckPid = await callRunaway(url);
    const marker = path.join(markerDir, `spin-${Date.now()}`);
    const abort = new AbortController();
    const call = fetch(`${url}/functions/v1/${RUNAWAY_NAME}?spin=${encodeURIComponent(marker)}`, {
      signal: abort.signal,
    });
    // The worker has the request (and is spinning) once it wrote the marker.
    const deadline = Date.now() + 15_000;
    while (!existsSync(marker) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(marker)).toBe(true);
    abort.abort();
    await expect(call).rejects.toThrow();
    // The gateway learns of the disconnect a moment later; the stuck worker then goes.
    await waitForExit(stuckPid);
    const freshPid = await callRunaway(url);
    expect(freshPid).not.toBe(stuckPid);
  });
});
