/**
 * Journeys: two-factor authentication, in French and in English. An owner turns it on from their
 * profile with the setup key (typed, as someone who cannot scan would) — the database is told at
 * once (reconcile_my_mfa) — their company then requires it, and a sensitive change asks for a
 * code and goes through after. Removing a device from a session that has not shown a code asks
 * for one first, and the database is told too.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail } from '../fixtures/mailbox.ts';
import { createConfirmedUser, TEST_PASSWORD } from '../fixtures/users.ts';
import { computeTotpCode, createOwnedTenant, enrolTotpThroughApi, requireMfaForAdmins } from '../fixtures/account.ts';
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

async function signOut(page: Page, text: Messages): Promise<void> {
  await page.getByRole('button', { name: text.auth.signOut.submit }).click();
  await expect(page).toHaveURL(/\/auth\/sign-in$/);
}

/** Resolves with the status of the next reconcile_my_mfa call the page makes. */
function waitForReconcile(page: Page): Promise<number> {
  return page
    .waitForResponse((response) => response.url().endsWith('/rest/v1/rpc/reconcile_my_mfa'))
    .then((response) => response.status());
}

for (const [language, text] of LANGUAGES) {
  const mfa = text.account.mfa;

  test.describe(`${language}: two-factor authentication`, () => {
    test.beforeEach(async ({ page }) => {
      await startInLanguage(page, language);
    });

    test('an owner turns it on with the setup key; a sensitive change then asks for the code', async ({
      page,
      stack,
    }) => {
      const email = createUniqueEmail(`double-auth-${language}`);
      const company = language === 'fr' ? 'Garage des Tilleuls' : 'Linden Garage';
      await createConfirmedUser(stack, email);
      const tenantId = await createOwnedTenant(stack, email, TEST_PASSWORD, company);

      await signIn(page, text, email);
      await page.goto('/profil');
      await expect(page.getByRole('heading', { level: 1, name: text.account.profile.title })).toBeVisible();
      const security = page.getByRole('region', { name: text.account.security.title });
      await expect(security.getByText(mfa.statusOff, { exact: true })).toBeVisible();

      await security.getByRole('button', { name: mfa.add }).click();
      await security.getByLabel(mfa.enrol.nameLabel).fill('Téléphone de Nadia');
      await security.getByRole('button', { name: mfa.enrol.start }).click();
      await expect(security.getByRole('img', { name: mfa.enrol.qrAlt })).toBeVisible();
      // Someone who cannot scan types the setup key into their app: the test's "app" is otpauth.
      const setupKey = await security.getByLabel(mfa.enrol.secretLabel).inputValue();
      expect(setupKey.replace(/\s+/g, '')).toMatch(/^[A-Z2-7]{32}$/);
      await expect(security.getByText(plain(mfa.recovery.keepKey))).toBeVisible();
      await security.getByLabel(plain(text.account.code.label)).fill(computeTotpCode(setupKey));
      const reconciled = waitForReconcile(page);
      await security.getByRole('button', { name: mfa.enrol.verify, exact: true }).click();

      await expect(security.getByText(mfa.enrol.success)).toBeVisible();
      await expect(security.getByText(mfa.statusOn, { exact: true })).toBeVisible();
      await expect(security.getByText('Téléphone de Nadia')).toBeVisible();
      expect(await reconciled).toBe(200);

      // The company now requires it for owners and admins (set through the API, as another owner would).
      await requireMfaForAdmins(stack, email, TEST_PASSWORD, tenantId);

      // A new sign-in is aal1: the owner is asked for the code once, and may answer later.
      await signOut(page, text);
      await signIn(page, text, email);
      const prompt = page.getByRole('dialog', { name: text.account.stepUp.title });
      await expect(prompt).toBeVisible();
      await expect(prompt).toContainText(plain(fillIn(text.account.stepUp.signInBody, { tenant: company })));
      await prompt.getByRole('button', { name: text.account.stepUp.later }).click();
      await expect(prompt).toBeHidden();
      await expect(page.getByRole('button', { name: text.account.mfaBanner.verifyAction })).toBeVisible();

      // A sensitive change: the database refuses it without aal2, the code is asked, then it goes through.
      await page.goto('/parametres');
      const numbering = page.getByRole('region', { name: text.tenancy.settings.numberingTitle });
      await numbering.getByLabel(text.tenancy.settings.fields.numberingPrefix).fill('TIL');
      await numbering.getByRole('button', { name: text.tenancy.common.save }).click();

      const stepUp = page.getByRole('dialog', { name: text.account.stepUp.title });
      await expect(stepUp).toBeVisible();
      await expect(stepUp).toContainText(plain(text.account.stepUp.actionBody));
      await stepUp.getByLabel(plain(text.account.code.label)).fill(computeTotpCode(setupKey));
      await stepUp.getByRole('button', { name: text.account.stepUp.submit }).click();
      await expect(stepUp.getByText(text.account.stepUp.retryAction)).toBeVisible();
      await stepUp.getByRole('button', { name: text.account.stepUp.continue }).click();
      await expect(stepUp).toBeHidden();

      await numbering.getByRole('button', { name: text.tenancy.common.save }).click();
      await expect(numbering.getByText(text.tenancy.common.saved)).toBeVisible();
      await expect(page.getByRole('button', { name: text.account.mfaBanner.verifyAction })).toBeHidden();
    });

    test('removing a device from a session without a code asks for one first', async ({ page, stack }) => {
      const email = createUniqueEmail(`retrait-appareil-${language}`);
      await createConfirmedUser(stack, email);
      await createOwnedTenant(stack, email, TEST_PASSWORD, 'Atelier Moreau');
      const setupKey = await enrolTotpThroughApi(stack, email, TEST_PASSWORD);

      await signIn(page, text, email);
      await page.goto('/profil#securite');
      const security = page.getByRole('region', { name: text.account.security.title });
      await expect(security.getByText(mfa.statusOn, { exact: true })).toBeVisible();
      await security
        .getByRole('button', { name: plain(fillIn(mfa.removeLabel, { name: 'Téléphone de test' })) })
        .click();

      const dialog = page.getByRole('dialog', { name: plain(mfa.removeDialog.title) });
      await expect(dialog).toContainText(plain(mfa.removeDialog.lastDevice));
      // This session has not shown a code (aal1): GoTrue needs one before it removes a verified device.
      await expect(dialog.getByLabel(plain(text.account.code.label))).toBeFocused();

      // A wrong code is refused and nothing is removed.
      await dialog.getByLabel(plain(text.account.code.label)).fill('000000');
      await dialog.getByRole('button', { name: mfa.removeDialog.confirm }).click();
      await expect(dialog.getByRole('alert')).toHaveText(text.auth.errors.mfa_verification_failed);

      await dialog.getByLabel(plain(text.account.code.label)).fill(computeTotpCode(setupKey));
      const reconciled = waitForReconcile(page);
      await dialog.getByRole('button', { name: mfa.removeDialog.confirm }).click();
      await expect(dialog).toBeHidden();
      await expect(security.getByText(mfa.removeDialog.removed)).toBeVisible();
      await expect(security.getByText(mfa.statusOff, { exact: true })).toBeVisible();
      expect(await reconciled).toBe(200);
    });
  });
}
