/**
 * Playwright journeys (STYLE §8): what a person does, online and offline, in Debian's Chromium.
 * Run with `npm run test:e2e` (supabase/local/cli/e2e.ts finds Chromium and builds the PWA first).
 * Each worker starts its own local stack (e2e/fixtures/test.ts); one worker by default because
 * a stack (PostgreSQL + gateway + Deno) is heavy for a 2-core machine — E2E_WORKERS raises it.
 */
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './fixtures/chromium.ts';

const executablePath = findChromium();

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../test-results',
  fullyParallel: false,
  workers: Number(process.env['E2E_WORKERS'] ?? 1),
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: '../playwright-report', open: 'never' }]],
  use: {
    ...devices['Desktop Chrome'],
    // French users in France: the app's default language and time zone.
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [...CHROMIUM_ARGS],
    },
  },
  projects: [{ name: 'chromium' }],
});
