/**
 * `npm run check`: the single quality gate (STYLE §10) — TypeScript for each runtime, ESLint
 * with zero warnings, Prettier, and deno check / lint / fmt for the edge functions. Runs every
 * step, prints a summary, and fails if any step failed.
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../config.ts';

type Step = { name: string; command: string; args: string[] };

const steps: Step[] = [
  { name: 'tsc shared', command: 'tsc', args: ['--noEmit', '-p', 'shared'] },
  { name: 'tsc web', command: 'tsc', args: ['--noEmit', '-p', 'web'] },
  { name: 'tsc service worker', command: 'tsc', args: ['--noEmit', '-p', 'web/tsconfig.sw.json'] },
  { name: 'tsc node (local stack, e2e, config)', command: 'tsc', args: ['--noEmit', '-p', 'supabase/local'] },
  { name: 'tsc bench page', command: 'tsc', args: ['--noEmit', '-p', 'bench/browser'] },
  { name: 'eslint', command: 'eslint', args: ['.', '--max-warnings=0'] },
  { name: 'prettier', command: 'prettier', args: ['--check', '.', '--log-level', 'warn'] },
  { name: 'deno check', command: 'deno', args: ['check', 'edge-functions'] },
  { name: 'deno lint', command: 'deno', args: ['lint', 'edge-functions'] },
  { name: 'deno fmt', command: 'deno', args: ['fmt', '--check', 'edge-functions'] },
];

const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  const started = Date.now();
  console.log(`\n▶ ${step.name}`);
  const run = spawnSync(step.command, step.args, {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: process.env['NO_COLOR'] ?? '' },
  });
  results.push({ name: step.name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
}
console.log('\ncheck summary');
for (const r of results) console.log(`  ${r.ok ? '✓' : '✗'} ${r.name} (${r.seconds.toFixed(1)} s)`);
if (results.some((r) => !r.ok)) process.exit(1);
