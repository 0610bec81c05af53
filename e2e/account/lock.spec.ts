/**
 * Journeys: the inactivity lock. After the company's timeout (30 minutes by default) without
 * activity the app locks — the clock is fast-forwarded, nobody waits — and stays locked across
 * a reload; the password unlocks it online. Offline (a tunnel), the PIN set on this device
 * unlocks it; 5 wrong PINs turn PIN unlock off until the next password unlock.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail } from '../fixtures/mailbox.ts';
import { createConfirmedUser, TEST_PASSWORD } from '../fixtures/users.ts';
import { createOwnedTenant } from '../fixtures/account.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';

/** The page shows U+00A0/U+202F where French typography wants them. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/auth/sign-in');
  await page.getByLabel(fr.auth.fields.email, { exact: true }).fill(email);
  await page.getByLabel(fr.auth.fields.password, { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: fr.auth.signIn.submit }).click();
  // Home, or the page the user was sent away from.
  await expect(page).not.toHaveURL(/\/auth\//);
}

function getLockScreen(page: Page) {
  return page.getByRole('dialog', { name: fr.account.lock.title });
}

test('locks after 30 minutes without activity, stays locked on reload, unlocks with the password', async ({
  page,
  stack,
}) => {
  const email = createUniqueEmail('verrou');
  await createConfirmedUser(stack, email);
  await createOwnedTenant(stack, email, TEST_PASSWORD, 'Garage Martin');
  await page.clock.install();

  await signIn(page, email);
  await page.goto('/profil');
  await page.getByLabel(fr.account.profile.fields.displayName).fill('Brouillon non enregistré');
  const lockScreen = getLockScreen(page);

  await page.clock.fastForward('29:00');
  await expect(lockScreen).toBeHidden();
  await page.clock.fastForward('01:30');
  await expect(lockScreen).toBeVisible();
  await expect(lockScreen).toContainText(plain('Après 30\u00a0minutes sans activité'));
  await expect(lockScreen).toContainText(email);
  // The app behind is hidden from everyone: inert, and not in the accessibility tree.
  await expect(page.locator('#root')).toHaveAttribute('inert', '');
  await expect(page.getByRole('heading', { name: fr.account.profile.title })).toHaveCount(0);
  await expect(lockScreen.getByLabel(fr.account.lock.password, { exact: true })).toBeFocused();

  await page.reload();
  await expect(lockScreen).toBeVisible();

  await lockScreen.getByLabel(fr.account.lock.password, { exact: true }).fill('pas-le-bon-1');
  await lockScreen.getByRole('button', { name: fr.account.lock.unlock }).click();
  await expect(lockScreen.getByRole('alert')).toHaveText(fr.auth.errors.invalid_credentials);

  await lockScreen.getByLabel(fr.account.lock.password, { exact: true }).fill(TEST_PASSWORD);
  await lockScreen.getByRole('button', { name: fr.account.lock.unlock }).click();
  await expect(lockScreen).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: fr.account.profile.title })).toBeVisible();
  await expect(page.locator('#root')).not.toHaveAttribute('inert');
});

test('offline, the device PIN unlocks; five wrong PINs turn it off until the password unlocks', async ({
  page,
  context,
  stack,
}) => {
  const email = createUniqueEmail('tunnel-pin');
  await createConfirmedUser(stack, email);
  await createOwnedTenant(stack, email, TEST_PASSWORD, 'Garage Petit');
  await signIn(page, email);
  // Installed and in control: the app must reopen with the network off.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

  await page.goto('/profil');
  const pinSection = page.getByRole('region', { name: fr.account.pin.title });
  await pinSection.getByRole('button', { name: fr.account.pin.set }).click();
  await pinSection.getByLabel(fr.account.pin.pinLabel, { exact: true }).fill('2468');
  await pinSection.getByLabel(fr.account.pin.confirmLabel).fill('2468');
  await pinSection.getByRole('button', { name: fr.account.pin.save }).click();
  await expect(pinSection.getByText(fr.account.pin.saved)).toBeVisible();
  await expect(pinSection.getByText(fr.account.pin.statusSet)).toBeVisible();

  await page.getByRole('button', { name: fr.account.lock.lockNow }).click();
  const lockScreen = getLockScreen(page);
  await expect(lockScreen).toBeVisible();
  await expect(lockScreen).toContainText(fr.account.lock.manualReason);

  // In the tunnel: the app reopens offline, still locked, and offers the PIN.
  await context.setOffline(true);
  await page.reload();
  await expect(lockScreen).toBeVisible();
  await expect(lockScreen.getByText(plain(fr.account.lock.offlinePin))).toBeVisible();
  await expect(lockScreen.getByLabel(fr.account.lock.password, { exact: true })).toHaveCount(0);
  const pin = lockScreen.getByLabel(fr.account.lock.pin);

  await pin.fill('1357');
  await lockScreen.getByRole('button', { name: fr.account.lock.unlock }).click();
  await expect(lockScreen.getByRole('alert')).toHaveText(
    plain('Code PIN incorrect. Encore 4 essais avant sa désactivation.'),
  );

  await pin.fill('2468');
  await lockScreen.getByRole('button', { name: fr.account.lock.unlock }).click();
  await expect(lockScreen).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: fr.account.profile.title })).toBeVisible();

  // Locked again, five wrong PINs: PIN unlock is off.
  await page.getByRole('button', { name: fr.account.lock.lockNow }).click();
  await expect(lockScreen).toBeVisible();
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await pin.fill('0000');
    await lockScreen.getByRole('button', { name: fr.account.lock.unlock }).click();
    if (attempt < 5) await expect(lockScreen.getByRole('alert')).toContainText(`Encore ${5 - attempt}`);
  }
  await expect(lockScreen.getByText(plain(fr.account.lock.pinBlocked))).toBeVisible();
  await expect(pin).toHaveCount(0);

  // Back online, the password unlocks — and turns the PIN back on.
  await context.setOffline(false);
  await lockScreen.getByLabel(fr.account.lock.password, { exact: true }).fill(TEST_PASSWORD);
  await lockScreen.getByRole('button', { name: fr.account.lock.unlock }).click();
  await expect(lockScreen).toBeHidden();
  await expect(pinSection.getByText(fr.account.pin.statusSet)).toBeVisible();
});
