/**
 * `npm run bench -- ocr-browser` (V2): time per photo of the PWA's on-device reader in headless
 * Chromium (Debian's, or CHROMIUM_PATH) on this machine. The bench page (bench/browser/ocr) is
 * built here with Vite's build() like the app — the same worker, tesseract core, French data and
 * pdf.js, emitted as hashed same-origin assets — and served with the app server's static handler
 * together with synthetic phone photos (carte-grise-synth.ts, seed 1). Each photo is fetched as a
 * Blob and read by readCarteGrise (all fields, as the app); the time is taken in the page, from
 * the call to the fields. The engine start (once per page) is reported apart. Target: ≤ 2.5 s.
 * OCR_BROWSER_COUNT (default 10) sets how many photos.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { KEY_FIELDS } from '../../../shared/carte-grise/index.ts';
import { CHROMIUM_ARGS, findChromium } from '../../../e2e/fixtures/chromium.ts';
import { OCR_BENCH_GLOBAL, type OcrBenchApi, type OcrBenchRead } from '../../../bench/browser/ocr/api.ts';
import { createStaticHandler } from '../app-server.ts';
import { REPO_ROOT } from '../config.ts';
import { findFreePort } from '../ports.ts';
import { round, summarise } from './bench-stats.ts';
import { renderSynthetic, type SyntheticTruth } from './carte-grise-synth.ts';

const PAGE_DIR = path.join(REPO_ROOT, 'bench', 'browser', 'ocr');
const SEED = 1;
const TARGET_MS = 2500;

function log(line: string): void {
  console.log(`bench ocr-browser: ${line}`);
}

/** Builds the bench page as production (minified), with the app's aliases. */
async function buildPage(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: PAGE_DIR,
    envDir: REPO_ROOT,
    mode: 'production',
    logLevel: 'warn',
    clearScreen: false,
    resolve: {
      alias: { '@shared': path.join(REPO_ROOT, 'shared'), '@web': path.join(REPO_ROOT, 'web', 'src') },
    },
    build: { outDir, emptyOutDir: true, sourcemap: false, reportCompressedSize: false, chunkSizeWarningLimit: 10_000 },
  });
}

function describeChromium(executablePath: string): string {
  try {
    return execFileSync(executablePath, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return executablePath;
  }
}

/** Bytes of every emitted asset the reader needs offline (what the service worker precaches). */
function listAssets(dir: string): Record<string, number> {
  const assets = path.join(dir, 'assets');
  const out: Record<string, number> = {};
  for (const name of execFileSync('ls', [assets], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
    out[name] = readFileSync(path.join(assets, name)).length;
  }
  return out;
}

export async function benchOcrBrowser(): Promise<Record<string, unknown>> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
  const count = Number(process.env.OCR_BROWSER_COUNT ?? 10);
  const loadAtStart = os.loadavg().map((x) => round(x));
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'comptoir-bench-ocr-browser-'));
  let browser: Browser | undefined;
  let server: http.Server | undefined;
  try {
    const pageDir = path.join(tmpRoot, 'page');
    log('building the bench page…');
    await buildPage(pageDir);
    const assets = listAssets(pageDir);
    log(`rendering ${count} synthetic phone photos…`);
    const imagesDir = path.join(pageDir, 'images');
    mkdirSync(imagesDir, { recursive: true });
    const truths: SyntheticTruth[] = [];
    for (let i = 0; i < count; i += 1) {
      const { bytes, truth } = renderSynthetic(SEED, i, 'phone');
      writeFileSync(path.join(imagesDir, `${truth.name}.jpg`), bytes);
      truths.push(truth);
    }

    const handle = createStaticHandler(pageDir, { supabaseUrl: 'http://127.0.0.1:9', supabaseAnonKey: 'unused' });
    const httpServer = http.createServer(handle);
    server = httpServer;
    const port = await findFreePort();
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, '127.0.0.1', () => resolve());
    });

    browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
    const page = await browser.newPage();
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction((name) => name in window, OCR_BENCH_GLOBAL);
    const bench = (fn: (api: OcrBenchApi, arg: unknown) => unknown, arg?: unknown) =>
      page.evaluate(
        ([name, source, value]) =>
          (new Function('api', 'arg', `return (${source})(api, arg)`) as (a: unknown, b: unknown) => unknown)(
            (window as unknown as Record<string, unknown>)[name],
            value,
          ),
        [OCR_BENCH_GLOBAL, fn.toString(), arg] as const,
      );

    log('starting the engine…');
    const warm = (await bench((api) => api.warm())) as { core: string; ms: number };
    const samples: { name: string; read: OcrBenchRead; right: number }[] = [];
    for (const truth of truths) {
      const read = (await bench(
        (api, url) => api.read(url as string, true),
        `/images/${truth.name}.jpg`,
      )) as OcrBenchRead;
      const right = KEY_FIELDS.filter((code) => read.fields[code] === truth.fields[code]).length;
      samples.push({ name: truth.name, read, right });
      log(`${truth.name}: ${Math.round(read.ms)} ms, ${right}/${KEY_FIELDS.length} key fields right`);
    }
    const times = samples.map((s) => s.read.ms);
    const stats = summarise(times);
    const keyChecks = samples.length * KEY_FIELDS.length;
    return {
      engine: `tesseract.js 7 in a Web Worker (${warm.core}), fra 4.0.0_best_int, PSM 7 per region, all fields`,
      browser: describeChromium(executablePath),
      load_average_at_start: loadAtStart,
      photos: { variant: 'phone', seed: SEED, count: samples.length },
      engine_start_ms: Math.round(warm.ms),
      time_per_photo: stats,
      first_photo_ms: Math.round(times[0] ?? Number.NaN),
      target_ms: TARGET_MS,
      meets_target_p50: stats.p50_ms <= TARGET_MS,
      meets_target_p95: stats.p95_ms <= TARGET_MS,
      key_field_accuracy_pct: round((100 * samples.reduce((s, x) => s + x.right, 0)) / Math.max(1, keyChecks), 1),
      assets_bytes: assets,
      per_photo: samples.map((s) => ({ name: s.name, ms: Math.round(s.read.ms), key_fields_right: s.right })),
    };
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) {
      const closing = server;
      await new Promise<void>((resolve) => {
        closing.close(() => resolve());
        closing.closeAllConnections();
      });
    }
    rmSync(tmpRoot, { recursive: true, force: true });
  }
}

/** One line per figure that matters. */
export function printOcrBrowserReport(figures: Record<string, unknown>): Promise<void> {
  const t = figures.time_per_photo as { p50_ms: number; p95_ms: number; mean_ms: number; max_ms: number };
  console.log(`browser:  ${String(figures.browser)}`);
  console.log(`engine:   ${String(figures.engine)} — start ${String(figures.engine_start_ms)} ms`);
  console.log(
    `per photo: p50 ${t.p50_ms} ms, p95 ${t.p95_ms} ms, mean ${t.mean_ms} ms, max ${t.max_ms} ms (target ≤ ${String(figures.target_ms)} ms: ${figures.meets_target_p95 ? 'met' : 'NOT met'} at p95)`,
  );
  console.log(`key fields right: ${String(figures.key_field_accuracy_pct)}%`);
  return Promise.resolve();
}
