/** Journey: an existing user asks for a sign-in link, opens it from their mailbox, is signed in. */
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail, findAuthLink } from '../fixtures/mailbox.ts';
import { createConfirmedUserWithTenant } from '../fixtures/tenancy.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';

test('a magic link from the mailbox signs the user in', async ({ page, mailbox, stack }) => {
  const email = createUniqueEmail('lien');
  // Seeded through the API: a confirmed account with no mail pending.
  await createConfirmedUserWithTenant(stack, email);

  await page.goto('/auth/sign-in');
  await page.getByRole('link', { name: fr.auth.signIn.magicLink }).click();
  await expect(page.getByRole('heading', { level: 1, name: fr.auth.magicLink.title })).toBeVisible();
  await page.getByLabel(fr.auth.fields.email, { exact: true }).fill(email);
  await page.getByRole('button', { name: fr.auth.magicLink.submit }).click();
  await expect(page.getByRole('heading', { level: 1, name: fr.auth.magicLink.sentTitle })).toBeVisible();

  const message = await mailbox.waitFor(email);
  expect(message.tags['kind']).toBe('magic_link');
  await page.goto(findAuthLink(message));

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: fr.home.greeting })).toBeVisible();
  await expect(page.getByRole('region', { name: fr.home.account.title }).getByText(email)).toBeVisible();
});

test('a used magic link is refused with a translated explanation', async ({ page, mailbox, stack }) => {
  const email = createUniqueEmail('lien-usage');
  await createConfirmedUserWithTenant(stack, email);
  await page.goto('/auth/magic-link');
  await page.getByLabel(fr.auth.fields.email, { exact: true }).fill(email);
  await page.getByRole('button', { name: fr.auth.magicLink.submit }).click();
  const link = findAuthLink(await mailbox.waitFor(email));

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: fr.home.greeting })).toBeVisible();
  await page.getByRole('button', { name: fr.auth.signOut.submit }).click();
  await expect(page).toHaveURL(/\/auth\/sign-in$/);

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: fr.auth.callback.failedTitle })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText(fr.auth.errors.otp_expired);
  await expect(page.getByRole('link', { name: fr.auth.callback.newLink })).toBeVisible();
});
