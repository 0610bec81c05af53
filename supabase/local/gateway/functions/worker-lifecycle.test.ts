/**
 * Worker lifecycle outside the shared stack: a functions service of its own, over a temporary
 * functions directory, so the test can edit a function's source (dev-mode reload) and check that
 * close() leaves no Deno process behind.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_JWT_SECRET, loadProjectConfig } from '../../config.ts';
import type { PrefixService } from '../server.ts';
import { createFunctionsService } from './service.ts';

const FUNCTION_NAME = 'reload-probe';

let dir: string;
let service: PrefixService;
let server: http.Server;
let baseUrl: string;
const logs: string[] = [];

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

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'comptoir-functions-'));
  mkdirSync(path.join(dir, FUNCTION_NAME));
  writeFileSync(path.join(dir, FUNCTION_NAME, 'function.json'), '{ "verify_jwt": false }');
  writeProbe('v1');
  service = createFunctionsService({
    config: loadProjectConfig(),
    jwtSecret: LOCAL_JWT_SECRET,
    apiUrl: 'http://127.0.0.1:1',
    dbUrl: 'postgresql://postgres:postgres@127.0.0.1:1/postgres',
    functionSecrets: { FIXTURE_SECRET: 'visible', SUPABASE_URL: 'must-not-override' },
    functionsDirs: [dir],
    isDev: true,
    log: (line) => logs.push(line),
  });
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    service.handle(req, res, url, url.pathname.slice('/functions/v1'.length)).catch(() => {
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await service.close?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
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
