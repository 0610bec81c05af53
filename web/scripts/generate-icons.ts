/**
 * Generates the PWA icons under web/public/icons/ from the Comptoir mark (same drawing as
 * web/public/favicon.svg). Run once after changing the mark, then commit the PNGs:
 *
 *   npx tsx web/scripts/generate-icons.ts
 *
 * Renders with headless Chromium (CHROMIUM_PATH, else /usr/bin/chromium) through playwright-core.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const OUT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

const BRAND = '#a8471f';
const CREAM = '#fdf6ee';
const COUNTER = '#f2c7a5';

/** The mark on a 64-unit grid, without its tile. */
const MARK = `
  <path d="M42.5 20.5A13 13 0 1 0 42.5 39.5" fill="none" stroke="${CREAM}" stroke-width="7" stroke-linecap="round"/>
  <rect x="14" y="48" width="36" height="4" rx="2" fill="${COUNTER}"/>`;

type IconSpec = {
  readonly file: string;
  readonly size: number;
  /** Rounded tile on transparency ("any"), or full bleed (maskable, Apple — the OS shapes it). */
  readonly isFullBleed: boolean;
  /** Scale of the mark inside the square: maskable icons keep it in the 80 % safe zone. */
  readonly markScale: number;
};

const ICONS: readonly IconSpec[] = [
  { file: 'icon-192.png', size: 192, isFullBleed: false, markScale: 1 },
  { file: 'icon-512.png', size: 512, isFullBleed: false, markScale: 1 },
  { file: 'maskable-512.png', size: 512, isFullBleed: true, markScale: 0.72 },
  { file: 'apple-touch-icon.png', size: 180, isFullBleed: true, markScale: 0.86 },
];

function buildSvg(spec: IconSpec): string {
  const offset = (64 - 64 * spec.markScale) / 2;
  const tile = spec.isFullBleed
    ? `<rect width="64" height="64" fill="${BRAND}"/>`
    : `<rect width="64" height="64" rx="14" fill="${BRAND}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="${spec.size}" height="${spec.size}">
  ${tile}
  <g transform="translate(${offset} ${offset}) scale(${spec.markScale})">${MARK}</g>
</svg>`;
}

function findChromium(): string {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate)));
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
  return found;
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    for (const spec of ICONS) {
      const page = await browser.newPage({ viewport: { width: spec.size, height: spec.size } });
      await page.setContent(`<html><body style="margin:0;background:transparent">${buildSvg(spec)}</body></html>`);
      const png = await page.locator('svg').screenshot({ omitBackground: true });
      writeFileSync(path.join(OUT_DIR, spec.file), png);
      console.log(`wrote web/public/icons/${spec.file} (${spec.size}×${spec.size})`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
