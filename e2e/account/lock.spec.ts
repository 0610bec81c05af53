/**
 * Journeys: the inactivity lock, in French and in English. After the company's timeout (30
 * minutes by default) without activity the app locks — the clock is fast-forwarded, nobody
 * waits — and stays locked across a reload; the password unlocks it online. Offline (a tunnel),
 * the PIN set on this device unlocks it; 5 wrong PINs turn PIN unlock off until the next online
 * unlock. Someone without a password asks for a sign-in link by email from the lock screen: the
 * link signs them in again and every tab unlocks, unsaved work intact; another person's link
 * signs the locked user out cleanly. Signing out works offline and leaves no lock behind.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail, findAuthLink, type Mailbox } from '../fixtures/mailbox.ts';
import { createConfirmedUser, TEST_PASSWORD } from '../fixtures/users.ts';
import {
  createOwnedTenant,
  isRefreshTokenAlive,
  letAnotherEmailGo,
  readStoredRefreshToken,
  requestSignInLink,
} from '../fixtures/account.ts';
import { startInLanguage } from '../fixtures/tenancy.ts';
import { fillIn, LANGUAGES, plain } from '../fixtures/text.ts';
import type { Messages } from '../../web/src/i18n/locales/fr.ts';

async function signIn(page: Page, text: Messages, email: string): Promise<void> {
  await page.goto('/auth/sign-in');
  await page.getByLabel(text.auth.fields.email, { exact: true }).fill(email);
  await page.getByLabel(text.auth.fields.password, { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: text.auth.signIn.submit }).click();
  // Home, or the page the user was sent away from.
  await expect(page).not.toHaveURL(/\/auth\//);
}

/** Signs in with an emailed link, as someone who never set a password would. */
async function signInWithLink(page: Page, mailbox: Mailbox, text: Messages, email: string): Promise<void> {
  await page.goto('/auth/magic-link');
  await page.getByLabel(text.auth.fields.email, { exact: true }).fill(email);
  await page.getByRole('button', { name: text.auth.magicLink.submit }).click();
  await expect(page.getByRole('heading', { level: 1, name: text.auth.magicLink.sentTitle })).toBeVisible();
  await page.goto(findAuthLink(await mailbox.waitFor(email)));
  await expect(page.getByRole('heading', { level: 1, name: text.home.greeting })).toBeVisible();
}

function getLockScreen(page: Page, text: Messages) {
  return page.getByRole('dialog', { name: text.account.lock.title });
}

for (const [language, text] of LANGUAGES) {
  const lock = text.account.lock;

  test.describe(`${language}: inactivity lock`, () => {
    test.beforeEach(async ({ page }) => {
      await startInLanguage(page, language);
    });

    test('locks after 30 minutes without activity, stays locked on reload, unlocks with the password', async ({
      page,
      stack,
    }) => {
      const email = createUniqueEmail(`verrou-${language}`);
      await createConfirmedUser(stack, email);
      await createOwnedTenant(stack, email, TEST_PASSWORD, 'Garage Martin');
      await page.clock.install();

      await signIn(page, text, email);
      await page.goto('/profil');
      await page.getByLabel(text.account.profile.fields.displayName).fill('Brouillon non enregistré');
      const lockScreen = getLockScreen(page, text);

      await page.clock.fastForward('29:00');
      await expect(lockScreen).toBeHidden();
      await page.clock.fastForward('01:30');
      await expect(lockScreen).toBeVisible();
      await expect(lockScreen).toContainText(plain(fillIn(lock.reason_other, { count: 30 })));
      await expect(lockScreen).toContainText(email);
      // The app behind is hidden from everyone: inert, and not in the accessibility tree.
      await expect(page.locator('#root')).toHaveAttribute('inert', '');
      await expect(page.getByRole('heading', { name: text.account.profile.title })).toHaveCount(0);
      await expect(lockScreen.getByLabel(lock.password, { exact: true })).toBeFocused();

      await page.reload();
      await expect(lockScreen).toBeVisible();

      await lockScreen.getByLabel(lock.password, { exact: true }).fill('pas-le-bon-1');
      await lockScreen.getByRole('button', { name: lock.unlock }).click();
      await expect(lockScreen.getByRole('alert')).toHaveText(text.auth.errors.invalid_credentials);

      await lockScreen.getByLabel(lock.password, { exact: true }).fill(TEST_PASSWORD);
      await lockScreen.getByRole('button', { name: lock.unlock }).click();
      await expect(lockScreen).toBeHidden();
      await expect(page.getByRole('heading', { level: 1, name: text.account.profile.title })).toBeVisible();
      await expect(page.locator('#root')).not.toHaveAttribute('inert');
    });

    test('offline, the device PIN unlocks; five wrong PINs turn it off until the password unlocks', async ({
      page,
      context,
      stack,
    }) => {
      const email = createUniqueEmail(`tunnel-pin-${language}`);
      await createConfirmedUser(stack, email);
      await createOwnedTenant(stack, email, TEST_PASSWORD, 'Garage Petit');
      await signIn(page, text, email);
      // Installed and in control: the app must reopen with the network off.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

      await page.goto('/profil');
      const pinSection = page.getByRole('region', { name: text.account.pin.title });
      await pinSection.getByRole('button', { name: text.account.pin.set }).click();
      await pinSection.getByLabel(text.account.pin.pinLabel, { exact: true }).fill('2468');
      await pinSection.getByLabel(text.account.pin.confirmLabel).fill('2468');
      await pinSection.getByRole('button', { name: text.account.pin.save }).click();
      await expect(pinSection.getByText(text.account.pin.saved)).toBeVisible();
      await expect(pinSection.getByText(text.account.pin.statusSet)).toBeVisible();

      await page.getByRole('button', { name: lock.lockNow }).click();
      const lockScreen = getLockScreen(page, text);
      await expect(lockScreen).toBeVisible();
      await expect(lockScreen).toContainText(lock.manualReason);

      // In the tunnel: the app reopens offline, still locked, and offers the PIN.
      await context.setOffline(true);
      await page.reload();
      await expect(lockScreen).toBeVisible();
      await expect(lockScreen.getByText(plain(lock.offlinePin))).toBeVisible();
      await expect(lockScreen.getByLabel(lock.password, { exact: true })).toHaveCount(0);
      // No email link either: it needs the network.
      await expect(lockScreen.getByRole('button', { name: lock.sendLink })).toHaveCount(0);
      const pin = lockScreen.getByLabel(lock.pin);

      await pin.fill('1357');
      await lockScreen.getByRole('button', { name: lock.unlock }).click();
      await expect(lockScreen.getByRole('alert')).toHaveText(plain(fillIn(lock.pinWrong_other, { count: 4 })));

      await pin.fill('2468');
      await lockScreen.getByRole('button', { name: lock.unlock }).click();
      await expect(lockScreen).toBeHidden();
      await expect(page.getByRole('heading', { level: 1, name: text.account.profile.title })).toBeVisible();

      // Locked again, five wrong PINs: PIN unlock is off.
      await page.getByRole('button', { name: lock.lockNow }).click();
      await expect(lockScreen).toBeVisible();
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        await pin.fill('0000');
        await lockScreen.getByRole('button', { name: lock.unlock }).click();
        const remaining = 5 - attempt;
        if (remaining > 0) {
          const message = remaining === 1 ? lock.pinWrong_one : lock.pinWrong_other;
          await expect(lockScreen.getByRole('alert')).toHaveText(plain(fillIn(message, { count: remaining })));
        }
      }
      await expect(lockScreen.getByText(plain(lock.pinBlocked))).toBeVisible();
      await expect(pin).toHaveCount(0);

      // Back online, the password unlocks — and turns the PIN back on.
      await context.setOffline(false);
      await lockScreen.getByLabel(lock.password, { exact: true }).fill(TEST_PASSWORD);
      await lockScreen.getByRole('button', { name: lock.unlock }).click();
      await expect(lockScreen).toBeHidden();
      await expect(pinSection.getByText(text.account.pin.statusSet)).toBeVisible();
    });

    test('without a password, a sign-in link by email unlocks every tab, unsaved work intact', async ({
      page,
      context,
      stack,
      mailbox,
    }) => {
      const email = createUniqueEmail(`verrou-lien-${language}`);
      await createConfirmedUser(stack, email);
      await createOwnedTenant(stack, email, TEST_PASSWORD, 'Atelier Leroy');
      await signInWithLink(page, mailbox, text, email);
      const firstLink = await mailbox.waitFor(email);

      await page.goto('/profil');
      await page.getByLabel(text.account.profile.fields.displayName).fill('Brouillon non enregistré');
      await page.getByRole('button', { name: lock.lockNow }).click();
      const lockScreen = getLockScreen(page, text);
      await expect(lockScreen).toBeVisible();

      await letAnotherEmailGo(stack, email);
      await lockScreen.getByRole('button', { name: lock.sendLink }).click();
      await expect(lockScreen.getByRole('status')).toContainText(
        plain(fillIn(lock.linkSent, { email }).replace(/<\/?strong>/g, '')),
      );
      await expect(lockScreen).toBeVisible();

      // The mail app opens the link in a new tab: it signs the same person in again…
      const message = await mailbox.waitFor(email, (candidate) => candidate.id !== firstLink.id);
      const mailTab = await context.newPage();
      await mailTab.goto(findAuthLink(message));
      // …comes back to the page that was under the lock, unlocked…
      await expect(mailTab).toHaveURL(/\/profil$/);
      await expect(mailTab.getByRole('heading', { level: 1, name: text.account.profile.title })).toBeVisible();
      await expect(getLockScreen(mailTab, text)).toHaveCount(0);
      // …and the first tab unlocks too, with what was typed still there.
      await expect(lockScreen).toBeHidden();
      await expect(page.getByLabel(text.account.profile.fields.displayName)).toHaveValue('Brouillon non enregistré');
    });

    test('another person’s sign-in link signs the locked user out cleanly', async ({
      page,
      stack,
      mailbox,
      baseURL,
    }) => {
      const owner = createUniqueEmail(`verrou-a-${language}`);
      const colleague = createUniqueEmail(`verrou-b-${language}`);
      await createConfirmedUser(stack, owner);
      await createOwnedTenant(stack, owner, TEST_PASSWORD, 'Garage Aubert');
      await createConfirmedUser(stack, colleague);
      await createOwnedTenant(stack, colleague, TEST_PASSWORD, 'Atelier Blanc');
      await signIn(page, text, owner);
      await expect(page.getByRole('banner').getByText('Garage Aubert')).toBeVisible();
      const ownerRefreshToken = await readStoredRefreshToken(page);
      await page.goto('/profil');
      await page.getByRole('button', { name: lock.lockNow }).click();
      await expect(getLockScreen(page, text)).toBeVisible();

      // The colleague opens their own sign-in link on this device.
      await requestSignInLink(stack, colleague, `${baseURL ?? ''}/auth/callback`);
      await page.goto(findAuthLink(await mailbox.waitFor(colleague)));

      await expect(getLockScreen(page, text)).toHaveCount(0);
      await expect(page.getByRole('region', { name: text.home.account.title }).getByText(colleague)).toBeVisible();
      await expect(page.getByRole('banner').getByText('Atelier Blanc')).toBeVisible();
      await expect(page.getByRole('banner').getByText('Garage Aubert')).toHaveCount(0);
      expect(await page.evaluate(() => localStorage.getItem('comptoir.lock'))).toBeNull();
      // The locked user's session no longer works anywhere.
      await expect.poll(() => isRefreshTokenAlive(stack, ownerRefreshToken)).toBe(false);
    });

    test('signing out from the lock screen works offline and leaves no lock behind', async ({
      page,
      context,
      stack,
    }) => {
      const email = createUniqueEmail(`sortie-${language}`);
      await createConfirmedUser(stack, email);
      await createOwnedTenant(stack, email, TEST_PASSWORD, 'Garage Renaud');
      await signIn(page, text, email);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
      const refreshToken = await readStoredRefreshToken(page);
      await page.goto('/profil');
      await page.getByRole('button', { name: lock.lockNow }).click();
      const lockScreen = getLockScreen(page, text);
      await expect(lockScreen).toBeVisible();

      await context.setOffline(true);
      await lockScreen.getByRole('button', { name: lock.signOut }).click();

      await expect(page).toHaveURL(/\/auth\/sign-in$/);
      await expect(page.getByRole('heading', { level: 1, name: text.auth.signIn.title })).toBeVisible();
      expect(
        await page.evaluate(() => [localStorage.getItem('comptoir.auth'), localStorage.getItem('comptoir.lock')]),
      ).toEqual([null, null]);

      // The network comes back while the page is open: the server forgets the session too.
      await context.setOffline(false);
      await expect.poll(() => isRefreshTokenAlive(stack, refreshToken)).toBe(false);

      // Reopened offline later: still signed out, nothing locked.
      await context.setOffline(true);
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: text.auth.signIn.title })).toBeVisible();
      await expect(lockScreen).toHaveCount(0);
      await context.setOffline(false);
    });
  });
}
