/**
 * `npm run bench`: measures the local stack and writes the figures as JSON under bench/results/
 * (one file per suite, with the machine they were measured on). The README quotes them. Tests
 * never assert timings; this is where performance is measured.
 *
 * Suites: `stack` (F1) — cold and warm start, RPC latency and throughput through supabase-js,
 * password sign-in, edge-function latency, database-broadcast delivery, storage round trip.
 * `sync` (F3, bench-sync.ts) — the local-first engine in headless Chromium over 100,000 contacts
 * (initial sync, edit on one device → visible on another, search, local writes) and the server's
 * sync_pull / sync_push throughput, each against its target.
 * `scoring` (V1, bench-scoring.ts) — ROC AUC of the lead score vs the stage probability alone.
 * `ocr` (V2, bench-ocr.ts) — carte grise reader accuracy per field and variant, MRZ checks, Node time.
 * Run one suite with `npm run bench -- stack` (or `-- sync`, `-- scoring`, `-- ocr`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import WebSocket from 'ws';
import { REPO_ROOT } from '../config.ts';
import { startStack, type RunningStack } from '../stack.ts';
import { summarise } from './bench-stats.ts';

async function time<T>(fn: () => PromiseLike<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gib: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

function writeResult(name: string, figures: Record<string, unknown>): string {
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ suite: name, measured_at: new Date().toISOString(), machine: machine(), figures }, null, 2)}\n`,
  );
  return file;
}

function clientFor(stack: RunningStack, key: string): SupabaseClient {
  return createClient(stack.apiUrl, key, {
    realtime: { transport: WebSocket as never },
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

const BENCH_SQL = `
create or replace function public.bench_echo(n int) returns int language sql immutable as 'select n';
grant execute on function public.bench_echo(int) to anon, authenticated;
insert into storage.buckets (id, name, public) values ('bench', 'bench', false) on conflict do nothing;
`;

async function benchStack(): Promise<Record<string, unknown>> {
  const quiet = (): void => undefined;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'comptoir-bench-'));
  try {
    const [coldMs, cold] = await time(() => startStack({ dataDir, mode: 'test', app: false, log: quiet }));
    await cold.stop();
    const [warmMs, stack] = await time(() => startStack({ dataDir, mode: 'test', app: false, log: quiet }));
    try {
      const db = new pg.Client({ connectionString: stack.dbUrl });
      await db.connect();
      await db.query(BENCH_SQL);
      const anon = clientFor(stack, stack.anonKey);
      const service = clientFor(stack, stack.serviceRoleKey);

      // RPC: sequential latency, then throughput with 32 callers in flight.
      for (let i = 0; i < 50; i += 1) await anon.rpc('bench_echo', { n: i });
      const rpcSamples: number[] = [];
      for (let i = 0; i < 1000; i += 1) {
        const [ms, res] = await time(() => anon.rpc('bench_echo', { n: i }));
        if (res.error) throw new Error(res.error.message);
        rpcSamples.push(ms);
      }
      let calls = 0;
      const until = performance.now() + 3000;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (performance.now() < until) {
            const res = await anon.rpc('bench_echo', { n: 1 });
            if (res.error) throw new Error(res.error.message);
            calls += 1;
          }
        }),
      );
      const rpcPerSecond = Math.round(calls / 3);

      // Auth: password sign-in (bcrypt cost 10 on the server).
      const email = `bench-${Date.now()}@example.test`;
      const password = 'Bench-password-2026';
      const created = await service.auth.admin.createUser({ email, password, email_confirm: true });
      if (created.error) throw new Error(created.error.message);
      const signInSamples: number[] = [];
      for (let i = 0; i < 30; i += 1) {
        const c = clientFor(stack, stack.anonKey);
        const [ms, res] = await time(() => c.auth.signInWithPassword({ email, password }));
        if (res.error) throw new Error(res.error.message);
        signInSamples.push(ms);
      }
      const user = clientFor(stack, stack.anonKey);
      await user.auth.signInWithPassword({ email, password });

      // Edge function: first call boots Deno, then warm calls.
      const [functionColdMs, first] = await time(() => user.functions.invoke('health'));
      if (first.error) throw new Error(String(first.error));
      const functionSamples: number[] = [];
      for (let i = 0; i < 200; i += 1) {
        const [ms, res] = await time(() => user.functions.invoke('health'));
        if (res.error) throw new Error(String(res.error));
        functionSamples.push(ms);
      }

      // Realtime: commit of realtime.send(...) → delivery to a subscribed supabase-js client.
      const topic = `bench:${Date.now()}`;
      const received = new Map<number, number>();
      const channel = service.channel(topic, { config: { private: false } });
      channel.on('broadcast', { event: 'tick' }, (message: { payload: { i: number } }) => {
        received.set(message.payload.i, performance.now());
      });
      await new Promise<void>((resolve, reject) => {
        channel.subscribe((status) => {
          if (status === 'SUBSCRIBED') resolve();
          if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(new Error(status));
        });
      });
      const broadcastSamples: number[] = [];
      for (let i = 0; i < 200; i += 1) {
        const sent = performance.now();
        await db.query(`select realtime.send(jsonb_build_object('i', $1::int), 'tick', $2, false)`, [i, topic]);
        const deadline = performance.now() + 2000;
        while (!received.has(i) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 0.2));
        const at = received.get(i);
        if (at !== undefined) broadcastSamples.push(at - sent);
      }
      await service.removeChannel(channel);

      // Storage: 1 MiB upload then download, as the service role.
      const payload = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
      const uploadSamples: number[] = [];
      const downloadSamples: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const key = `bench/${i}.bin`;
        const [up, upRes] = await time(() =>
          service.storage.from('bench').upload(key, payload, { contentType: 'application/octet-stream', upsert: true }),
        );
        if (upRes.error) throw new Error(upRes.error.message);
        uploadSamples.push(up);
        const [down, downRes] = await time(() => service.storage.from('bench').download(key));
        if (downRes.error) throw new Error(downRes.error.message);
        downloadSamples.push(down);
      }
      await db.end();

      return {
        start_cold_ms: Math.round(coldMs),
        start_warm_ms: Math.round(warmMs),
        rpc_roundtrip: summarise(rpcSamples),
        rpc_throughput_per_s_32_callers: rpcPerSecond,
        password_sign_in: summarise(signInSamples),
        function_health_cold_ms: Math.round(functionColdMs),
        function_health_warm: summarise(functionSamples),
        db_broadcast_commit_to_client: {
          ...summarise(broadcastSamples),
          delivered: broadcastSamples.length,
          sent: 200,
        },
        storage_upload_1mib: summarise(uploadSamples),
        storage_download_1mib: summarise(downloadSamples),
      };
    } finally {
      await stack.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Suite = {
  readonly run: () => Promise<Record<string, unknown>>;
  /** Prints the figures; the whole JSON when absent. */
  readonly print?: (figures: Record<string, unknown>) => Promise<void>;
};

const SUITES: Record<string, Suite> = {
  stack: { run: benchStack },
  // Loaded on demand: it pulls in Playwright and Vite, which `stack` does not need.
  sync: {
    run: async () => (await import('./bench-sync.ts')).benchSync(),
    print: async (figures) => (await import('./bench-sync.ts')).printSyncTable(figures),
  },
  // V1: the scoring calibration report (no stack; seconds).
  scoring: {
    run: async () => (await import('./bench-scoring.ts')).benchScoring(),
    print: async (figures) => (await import('./bench-scoring.ts')).printScoringReport(figures),
  },
  // V2: carte grise OCR on the synthetic set and the real SPECIMEN (no stack; minutes).
  ocr: {
    run: async () => (await import('./bench-ocr.ts')).benchOcr(),
    print: async (figures) => (await import('./bench-ocr.ts')).printOcrReport(figures),
  },
  // V2: the PWA's reader in headless Chromium, time per phone photo (bench-ocr-browser.ts).
  'ocr-browser': {
    run: async () => (await import('./bench-ocr-browser.ts')).benchOcrBrowser(),
    print: async (figures) => (await import('./bench-ocr-browser.ts')).printOcrBrowserReport(figures),
  },
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(SUITES);
  for (const name of names) {
    const suite = SUITES[name];
    if (!suite) throw new Error(`unknown suite "${name}" (known: ${Object.keys(SUITES).join(', ')})`);
    console.log(`bench: ${name}…`);
    const figures = await suite.run();
    const file = writeResult(name, figures);
    if (suite.print) await suite.print(figures);
    else console.log(JSON.stringify(figures, null, 2));
    console.log(`bench: wrote ${path.relative(REPO_ROOT, file)}`);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
