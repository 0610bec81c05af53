/**
 * Journey: a new user signs up in French, confirms their address from the email, is taken
 * through the company onboarding (the shortest path: name and vertical, skipping the optional
 * steps), lands on home (their address, the health answer with the database time in Paris time),
 * signs out, signs in again with the password — and a wrong password is explained without losing
 * the email.
 */
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail, findAuthLink } from '../fixtures/mailbox.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';

const PASSWORD = 'Comptoir2026';

test('sign up, confirm by email, sign out, sign in again; a wrong password is explained', async ({ page, mailbox }) => {
  const email = createUniqueEmail('inscription');

  await page.goto('/');
  await expect(page).toHaveURL(/\/auth\/sign-in$/);
  await page.getByRole('link', { name: fr.auth.signIn.createAccount }).click();

  await expect(page.getByRole('heading', { level: 1, name: fr.auth.signUp.title })).toBeVisible();
  await page.getByLabel(fr.auth.fields.email, { exact: true }).fill(email);
  await page.getByLabel(fr.auth.fields.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: fr.auth.signUp.submit }).click();

  await expect(page.getByRole('heading', { level: 1, name: fr.auth.checkMailbox.title })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  // The confirmation email, opened as the user would (GET /auth/v1/verify → 303 → /auth/callback#…).
  const confirmation = await mailbox.waitFor(email);
  await page.goto(findAuthLink(confirmation));

  // A new user has no company yet: home sends them to the onboarding wizard.
  const t = fr.tenancy;
  await expect(page).toHaveURL(/\/demarrage$/);
  await page.getByLabel(t.identity.fields.name, { exact: true }).fill('Garage de l’inscription');
  await page.getByRole('button', { name: t.onboarding.next }).click();
  await page.getByRole('radio', { name: new RegExp(`^${t.verticals.garage}`) }).check();
  await page.getByRole('button', { name: t.onboarding.next }).click();
  await expect(page.getByRole('heading', { level: 2, name: t.onboarding.team.title })).toBeVisible();
  await page.getByRole('button', { name: t.onboarding.skip }).click();
  await expect(page.getByRole('heading', { level: 2, name: t.onboarding.import.title })).toBeVisible();
  await page.getByRole('button', { name: t.onboarding.skip }).click();
  await page.getByRole('button', { name: t.onboarding.done.goHome }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: fr.home.greeting })).toBeVisible();
  const account = page.getByRole('region', { name: fr.home.account.title });
  await expect(account.getByText(email)).toBeVisible();

  const health = page.getByRole('region', { name: fr.home.health.title });
  await expect(health.getByText(fr.home.health.ok)).toBeVisible();
  const time = health.locator('time');
  const iso = await time.getAttribute('datetime');
  expect(iso).toBeTruthy();
  // Formatted by the browser's own ICU: Node's may word or space a full date differently.
  const expected = await page.evaluate(
    (value) =>
      new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'long', timeZone: 'Europe/Paris' }).format(
        new Date(value),
      ),
    iso ?? '',
  );
  const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
  expect(normalize((await time.textContent()) ?? '')).toBe(normalize(expected));

  await page.getByRole('button', { name: fr.auth.signOut.submit }).click();
  await expect(page).toHaveURL(/\/auth\/sign-in$/);

  // Wrong password: translated message, the email stays as typed.
  await page.getByLabel(fr.auth.fields.email, { exact: true }).fill(email);
  await page.getByLabel(fr.auth.fields.password, { exact: true }).fill('pas-le-bon-1');
  await page.getByRole('button', { name: fr.auth.signIn.submit }).click();
  await expect(page.getByRole('alert')).toHaveText(fr.auth.errors.invalid_credentials);
  await expect(page.getByLabel(fr.auth.fields.email, { exact: true })).toHaveValue(email);

  await page.getByLabel(fr.auth.fields.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: fr.auth.signIn.submit }).click();
  await expect(page.getByRole('heading', { level: 1, name: fr.home.greeting })).toBeVisible();
  await expect(page.getByRole('region', { name: fr.home.account.title }).getByText(email)).toBeVisible();
});
