/**
 * Journeys: two-factor authentication. An owner turns it on from their profile with the setup
 * key (typed, as someone who cannot scan would), their company then requires it, and a
 * sensitive change asks for a code and goes through after. Removing a device from a session
 * that has not shown a code asks for one first.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail } from '../fixtures/mailbox.ts';
import { createConfirmedUser, TEST_PASSWORD } from '../fixtures/users.ts';
import { computeTotpCode, createOwnedTenant, enrolTotpThroughApi, requireMfaForAdmins } from '../fixtures/account.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';

/** The page shows U+00A0/U+202F where French typography wants them; accessible names keep them. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/auth/sign-in');
  await page.getByLabel(fr.auth.fields.email, { exact: true }).fill(email);
  await page.getByLabel(fr.auth.fields.password, { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: fr.auth.signIn.submit }).click();
  // Home, or the page the user was sent away from.
  await expect(page).not.toHaveURL(/\/auth\//);
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: fr.auth.signOut.submit }).click();
  await expect(page).toHaveURL(/\/auth\/sign-in$/);
}

test('an owner turns on two-factor authentication with the setup key; a sensitive change then asks for the code', async ({
  page,
  stack,
}) => {
  const email = createUniqueEmail('double-auth');
  await createConfirmedUser(stack, email);
  const tenantId = await createOwnedTenant(stack, email, TEST_PASSWORD, 'Garage des Tilleuls');

  await signIn(page, email);
  await page.goto('/profil');
  await expect(page.getByRole('heading', { level: 1, name: fr.account.profile.title })).toBeVisible();
  const security = page.getByRole('region', { name: fr.account.security.title });
  await expect(security.getByText(fr.account.mfa.statusOff, { exact: true })).toBeVisible();

  await security.getByRole('button', { name: fr.account.mfa.add }).click();
  await security.getByLabel(fr.account.mfa.enrol.nameLabel).fill('Téléphone de Nadia');
  await security.getByRole('button', { name: fr.account.mfa.enrol.start }).click();
  await expect(security.getByRole('img', { name: fr.account.mfa.enrol.qrAlt })).toBeVisible();
  // Someone who cannot scan types the setup key into their app: the test's "app" is otpauth.
  const setupKey = await security.getByLabel(fr.account.mfa.enrol.secretLabel).inputValue();
  expect(setupKey.replace(/\s+/g, '')).toMatch(/^[A-Z2-7]{32}$/);
  await expect(security.getByText(plain(fr.account.mfa.recovery.keepKey))).toBeVisible();
  await security.getByLabel(plain(fr.account.code.label)).fill(computeTotpCode(setupKey));
  await security.getByRole('button', { name: fr.account.mfa.enrol.verify, exact: true }).click();

  await expect(security.getByText(fr.account.mfa.enrol.success)).toBeVisible();
  await expect(security.getByText(fr.account.mfa.statusOn, { exact: true })).toBeVisible();
  await expect(security.getByText('Téléphone de Nadia')).toBeVisible();

  // The company now requires it for owners and admins (set through the API, as another owner would).
  await requireMfaForAdmins(stack, email, TEST_PASSWORD, tenantId);

  // A new sign-in is aal1: the owner is asked for the code once, and may answer later.
  await signOut(page);
  await signIn(page, email);
  const prompt = page.getByRole('dialog', { name: fr.account.stepUp.title });
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('Garage des Tilleuls exige la double authentification');
  await prompt.getByRole('button', { name: fr.account.stepUp.later }).click();
  await expect(prompt).toBeHidden();
  await expect(page.getByRole('button', { name: fr.account.mfaBanner.verifyAction })).toBeVisible();

  // A sensitive change: the database refuses it without aal2, the code is asked, then it goes through.
  await page.goto('/parametres');
  const numbering = page.getByRole('region', { name: fr.tenancy.settings.numberingTitle });
  await numbering.getByLabel(fr.tenancy.settings.fields.numberingPrefix).fill('TIL');
  await numbering.getByRole('button', { name: fr.tenancy.common.save }).click();

  const stepUp = page.getByRole('dialog', { name: fr.account.stepUp.title });
  await expect(stepUp).toBeVisible();
  await expect(stepUp).toContainText(plain(fr.account.stepUp.actionBody));
  await stepUp.getByLabel(plain(fr.account.code.label)).fill(computeTotpCode(setupKey));
  await stepUp.getByRole('button', { name: fr.account.stepUp.submit }).click();
  await expect(stepUp.getByText(fr.account.stepUp.retryAction)).toBeVisible();
  await stepUp.getByRole('button', { name: fr.account.stepUp.continue }).click();
  await expect(stepUp).toBeHidden();

  await numbering.getByRole('button', { name: fr.tenancy.common.save }).click();
  await expect(numbering.getByText(fr.tenancy.common.saved)).toBeVisible();
  await expect(page.getByRole('button', { name: fr.account.mfaBanner.verifyAction })).toBeHidden();
});

test('removing a device from a session without a code asks for one first', async ({ page, stack }) => {
  const email = createUniqueEmail('retrait-appareil');
  await createConfirmedUser(stack, email);
  await createOwnedTenant(stack, email, TEST_PASSWORD, 'Atelier Moreau');
  const setupKey = await enrolTotpThroughApi(stack, email, TEST_PASSWORD);

  await signIn(page, email);
  await page.goto('/profil#securite');
  const security = page.getByRole('region', { name: fr.account.security.title });
  await expect(security.getByText(fr.account.mfa.statusOn, { exact: true })).toBeVisible();
  await security
    .getByRole('button', { name: plain(fr.account.mfa.removeLabel.replace('{{name}}', 'Téléphone de test')) })
    .click();

  const dialog = page.getByRole('dialog', { name: plain(fr.account.mfa.removeDialog.title) });
  await expect(dialog).toContainText(plain(fr.account.mfa.removeDialog.lastDevice));
  // This session has not shown a code (aal1): GoTrue needs one before it removes a verified device.
  await expect(dialog.getByLabel(plain(fr.account.code.label))).toBeFocused();

  // A wrong code is refused and nothing is removed.
  await dialog.getByLabel(plain(fr.account.code.label)).fill('000000');
  await dialog.getByRole('button', { name: fr.account.mfa.removeDialog.confirm }).click();
  await expect(dialog.getByRole('alert')).toHaveText(fr.auth.errors.mfa_verification_failed);

  await dialog.getByLabel(plain(fr.account.code.label)).fill(computeTotpCode(setupKey));
  await dialog.getByRole('button', { name: fr.account.mfa.removeDialog.confirm }).click();
  await expect(dialog).toBeHidden();
  await expect(security.getByText(fr.account.mfa.removeDialog.removed)).toBeVisible();
  await expect(security.getByText(fr.account.mfa.statusOff, { exact: true })).toBeVisible();
});
