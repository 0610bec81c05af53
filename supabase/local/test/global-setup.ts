/**
 * Vitest global set-up for the `local` and `db` projects: one isolated stack per test run (its
 * own temporary data directory and free ports), so tests run beside a developer's `npm start`.
 * Conformance fixtures (test-only SQL functions, policies and edge functions) are installed
 * here, never in supabase/migrations.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startStack, type RunningStack } from '../stack.ts';
import type { StackInfo } from './stack-info.ts';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');

let stack: RunningStack | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dataDir = mkdtempSync(path.join(tmpdir(), 'comptoir-test-'));
  const logs: string[] = [];
  stack = await startStack({
    dataDir,
    mode: 'test',
    app: false,
    extraFunctionsDirs: [path.join(FIXTURES, 'functions')],
    log: (line) => {
      logs.push(line);
      if (process.env['COMPTOIR_TEST_LOG']) console.log(line);
    },
  });
  const client = new pg.Client({ connectionString: stack.dbUrl });
  try {
    await client.connect();
    // One fixture file per area (10-rpc.sql, 20-auth.sql, …), applied in name order as `postgres`.
    for (const file of readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.sql'))
      .sort()) {
      try {
        await client.query(readFileSync(path.join(FIXTURES, file), 'utf8'));
      } catch (error) {
        throw new Error(`fixture ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
  } catch (error) {
    // A broken fixture must not leave this stack's PostgreSQL running.
    await stack.stop();
    stack = undefined;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
  const info: StackInfo = {
    apiUrl: stack.apiUrl,
    dbUrl: stack.dbUrl,
    superuserUrl: stack.superuserUrl,
    anonKey: stack.anonKey,
    serviceRoleKey: stack.serviceRoleKey,
    publishableKey: stack.publishableKey,
    secretKey: stack.secretKey,
    jwtSecret: stack.jwtSecret,
  };
  project.provide('stack', info);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
