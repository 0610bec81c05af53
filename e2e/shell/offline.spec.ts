/**
 * Journeys offline. Acceptance criterion of F1: after one online visit the service worker
 * controls the page; with the network gone, a reload and a deep link still render the app
 * shell, which says it is offline. And a signed-in field user stays signed in offline — even
 * once their access token has expired — while server checks wait for the network.
 */
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail } from '../fixtures/mailbox.ts';
import { TEST_PASSWORD } from '../fixtures/users.ts';
import { createConfirmedUserWithTenant } from '../fixtures/tenancy.ts';
import type { Page } from '@playwright/test';
import { fr } from '../../web/src/i18n/locales/fr.ts';

async function signInAndWaitForServiceWorker(page: Page, email: string): Promise<void> {
  await page.goto('/auth/sign-in');
  await page.getByLabel(fr.auth.fields.email, { exact: true }).fill(email);
  await page.getByLabel(fr.auth.fields.password, { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: fr.auth.signIn.submit }).click();
  await expect(page.getByRole('region', { name: fr.home.health.title }).getByText(fr.home.health.ok)).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

test('the app shell opens offline after one visit', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: fr.auth.signIn.title })).toBeVisible();
  await expect(page.getByText(fr.network.offline)).toBeHidden();

  // Installed, precached and in control (the first install claims the open page).
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

  await context.setOffline(true);
  await page.reload();

  await expect(page.getByRole('heading', { level: 1, name: fr.auth.signIn.title })).toBeVisible();
  await expect(page.getByText(fr.network.offline)).toBeVisible();
  await expect(page.getByLabel(fr.auth.fields.email, { exact: true })).toBeEditable();

  // A page never visited before also opens: every screen is in the precache.
  await page.goto('/auth/sign-up');
  await expect(page.getByRole('heading', { level: 1, name: fr.auth.signUp.title })).toBeVisible();
  await expect(page.getByText(fr.network.offline)).toBeVisible();

  // Back online, the indication goes away by itself.
  await context.setOffline(false);
  await expect(page.getByText(fr.network.offline)).toBeHidden();
});

test('a signed-in user reopening the app offline keeps their session and sees what waits for the network', async ({
  page,
  context,
  stack,
}) => {
  const email = createUniqueEmail('tunnel');
  await createConfirmedUserWithTenant(stack, email);
  await signInAndWaitForServiceWorker(page, email);
  const health = page.getByRole('region', { name: fr.home.health.title });

  await context.setOffline(true);
  await page.reload();

  await expect(page.getByRole('heading', { level: 1, name: fr.home.greeting })).toBeVisible();
  await expect(page.getByRole('region', { name: fr.home.account.title }).getByText(email)).toBeVisible();
  await expect(page.getByText(fr.network.offline)).toBeVisible();
  // Server data is not invented offline: the check is paused, and says so.
  await expect(health.getByText(fr.home.health.paused)).toBeVisible();

  await context.setOffline(false);
  await expect(health.getByText(fr.home.health.ok)).toBeVisible();
  await expect(page.getByText(fr.network.offline)).toBeHidden();
});

test('an expired session reopened offline opens at once and is renewed back online', async ({
  page,
  context,
  stack,
}) => {
  const email = createUniqueEmail('matin');
  await createConfirmedUserWithTenant(stack, email);
  await signInAndWaitForServiceWorker(page, email);

  // An hour later the access token has expired (simulated in auth-js's stored session).
  await page.evaluate(() => {
    const raw = localStorage.getItem('comptoir.auth');
    if (!raw) throw new Error('no stored session');
    const session = JSON.parse(raw) as { expires_at: number };
    session.expires_at = Math.floor(Date.now() / 1000) - 600;
    localStorage.setItem('comptoir.auth', JSON.stringify(session));
  });
  await context.setOffline(true);
  await page.reload();

  // Not the sign-in page, and no long spinner while auth-js retries the refresh in the background.
  await expect(page.getByRole('heading', { level: 1, name: fr.home.greeting })).toBeVisible();
  await expect(page.getByRole('region', { name: fr.home.account.title }).getByText(email)).toBeVisible();
  const health = page.getByRole('region', { name: fr.home.health.title });
  await expect(health.getByText(fr.home.health.paused)).toBeVisible();

  await context.setOffline(false);
  // auth-js's next refresh attempt succeeds; the server check then runs with the renewed token.
  await expect(health.getByText(fr.home.health.ok)).toBeVisible({ timeout: 30_000 });
  await expect(health.getByText('authenticated', { exact: true })).toBeVisible();
});
