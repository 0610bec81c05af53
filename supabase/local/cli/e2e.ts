/**
 * `npm run test:e2e [-- <playwright args>]`: finds Chromium (CHROMIUM_PATH, Debian's
 * /usr/bin/chromium, or Playwright's own browser; as root on Debian it installs the `chromium`
 * package), builds the PWA once into dist/e2e-web (never dist/web, which `npm start` may be
 * serving), then runs `playwright test -c e2e/playwright.config.ts`.
 * Every Playwright worker starts its own local stack (e2e/fixtures/test.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.ts';
import { buildWeb } from '../app-server.ts';
import { findChromium } from '../../../e2e/fixtures/chromium.ts';
import { E2E_WEB_DIST_DIR } from '../../../e2e/fixtures/app-build.ts';

const INSTALL_HINT =
  'Chromium not found. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH=/path/to/chromium.';

function runApt(args: readonly string[]): boolean {
  console.log(`e2e: running apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/** Installs Debian's chromium when we may (root on Debian); undefined when we may not or it failed. */
function installChromium(): string | undefined {
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync('/etc/debian_version');
  if (!isRoot || !isDebian) return undefined;
  console.log('e2e: Chromium is missing; installing the Debian package "chromium" (this runs once).');
  // A fresh machine may have no package lists yet: refresh them and try again once.
  const isInstalled =
    runApt(['install', '-y', 'chromium']) || (runApt(['update']) && runApt(['install', '-y', 'chromium']));
  return isInstalled ? findChromium() : undefined;
}

async function main(): Promise<number> {
  let chromium: string | undefined;
  try {
    chromium = findChromium() ?? installChromium();
  } catch (error) {
    console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  if (!chromium) {
    console.error(`e2e: ${INSTALL_HINT}`);
    return 1;
  }
  console.log(`e2e: using Chromium at ${chromium}`);

  // Built once here, so no worker pays for (or races on) a build.
  await buildWeb((line) => console.log(line), E2E_WEB_DIST_DIR);

  const playwright = path.join(REPO_ROOT, 'node_modules', '.bin', 'playwright');
  const args = ['test', '-c', path.join('e2e', 'playwright.config.ts'), ...process.argv.slice(2)];
  console.log(`e2e: playwright ${args.join(' ')}`);
  const child = spawn(playwright, args, {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromium },
  });
  // Ctrl-C reaches Playwright through the terminal; a TERM from a CI runner must be passed on
  // so every worker stops its stack.
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGINT', () => undefined);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(`e2e: could not start Playwright: ${error.message}`);
      resolve(1);
    });
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
