/**
 * Journey: a new version is deployed while the app is open. The new service worker waits; the
 * page offers "new version — reload" and reloads only when the user asks (never under them).
 * The "deploy" rewrites sw.js in e2e's own build (a byte change is a new version for the
 * browser), never dist/web, and is undone afterwards; with several workers another test's page
 * might notice it, harmlessly.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures/test.ts';
import { E2E_WEB_DIST_DIR } from '../fixtures/app-build.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';

const SW_FILE = path.join(E2E_WEB_DIST_DIR, 'sw.js');

test('a new version waits for the user to choose to reload', async ({ page }) => {
  await page.goto('/auth/sign-in');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  const firstWorker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '');
  expect(firstWorker).toMatch(/\/sw\.js$/);

  const original = readFileSync(SW_FILE, 'utf8');
  try {
    writeFileSync(SW_FILE, `${original}\n// deployed ${Date.now()}\n`);
    await page.evaluate(() => Object.assign(window, { comptoirNoReloadMarker: true }));
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });

    const prompt = page.getByText(fr.update.available);
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    // Offered, not imposed: the page has not reloaded by itself.
    expect(await page.evaluate(() => 'comptoirNoReloadMarker' in window)).toBe(true);

    await page.getByRole('button', { name: fr.update.reload }).click();
    await page.waitForFunction(() => !('comptoirNoReloadMarker' in window), undefined, { timeout: 30_000 });
    await expect(page.getByRole('heading', { level: 1, name: fr.auth.signIn.title })).toBeVisible();
    await expect(prompt).toBeHidden();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  } finally {
    writeFileSync(SW_FILE, original);
  }
});
