/**
 * Journeys, in French and in English: deleting one's account from the profile. The only owner
 * of a company is refused and told which company needs another owner first, with a way to its
 * team page; someone who owns no company types their address, the account is deleted, the
 * session ends and the sign-in page says so — the old password no longer opens anything.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail } from '../fixtures/mailbox.ts';
import { createConfirmedUser, TEST_PASSWORD } from '../fixtures/users.ts';
import { createConfirmedUserWithTenant, signIn, startInLanguage } from '../fixtures/tenancy.ts';
import { fillIn, LANGUAGES, plain } from '../fixtures/text.ts';
import type { Messages } from '../../web/src/i18n/locales/fr.ts';

async function openDeletion(page: Page, text: Messages) {
  const deletion = text.account.deleteAccount;
  await page.goto('/profil');
  await page.getByRole('button', { name: deletion.open }).click();
  return page.getByRole('dialog', { name: plain(deletion.dialogTitle) });
}

for (const [language, text] of LANGUAGES) {
  const deletion = text.account.deleteAccount;

  test.describe(`${language}: deleting my account`, () => {
    test.beforeEach(async ({ page }) => {
      await startInLanguage(page, language);
    });

    test('the only owner of a company is told to make someone else owner first', async ({ page, stack }) => {
      const email = createUniqueEmail(`suppression-proprietaire-${language}`);
      await createConfirmedUserWithTenant(stack, email, TEST_PASSWORD, 'Atelier Solo');
      await signIn(page, text, email, TEST_PASSWORD);
      await expect(page).toHaveURL(/\/$/);

      const dialog = await openDeletion(page, text);
      await dialog.getByLabel(deletion.confirmLabel).fill(email);
      await dialog.getByRole('button', { name: deletion.confirm }).click();

      const refusal = dialog.getByRole('alert');
      await expect(refusal).toContainText(deletion.lastOwnerTitle_one);
      await refusal.getByRole('button', { name: fillIn(deletion.openTeam, { tenant: 'Atelier Solo' }) }).click();
      await expect(page).toHaveURL(/\/equipe$/);
      await expect(page.getByRole('heading', { level: 1, name: text.tenancy.team.title })).toBeVisible();
      // Nothing was deleted: still signed in, still the owner.
      await expect(page.getByRole('banner').getByText('Atelier Solo')).toBeVisible();
    });

    test('someone who owns no company deletes their account and is signed out', async ({ page, stack }) => {
      const email = createUniqueEmail(`suppression-${language}`);
      await createConfirmedUser(stack, email);
      await signIn(page, text, email, TEST_PASSWORD);
      // No company yet: the app proposes the onboarding; the profile stays reachable.
      await expect(page).toHaveURL(/\/demarrage$/);

      const dialog = await openDeletion(page, text);
      await dialog.getByLabel(deletion.confirmLabel).fill('quelqu-un@autre.test');
      await dialog.getByRole('button', { name: deletion.confirm }).click();
      await expect(dialog.getByText(deletion.mismatch)).toBeVisible();

      await dialog.getByLabel(deletion.confirmLabel).fill(email.toUpperCase());
      await dialog.getByRole('button', { name: deletion.confirm }).click();

      await expect(page).toHaveURL(/\/auth\/sign-in$/);
      await expect(page.getByRole('status').filter({ hasText: text.auth.signIn.accountDeleted })).toBeVisible();
      expect(await page.evaluate(() => localStorage.getItem('comptoir.auth'))).toBeNull();

      // The account is gone: its password opens nothing.
      await signIn(page, text, email, TEST_PASSWORD);
      await expect(page.getByRole('alert')).toHaveText(text.auth.errors.invalid_credentials);
    });
  });
}
