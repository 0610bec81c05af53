/**
 * Journey: failed sign-ins are limited (5 per 15 minutes per account, seed 000). After five wrong
 * passwords the account is locked — even the right password is refused — and the user is told
 * how long to wait, in minutes, without losing the address they typed.
 */
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail } from '../fixtures/mailbox.ts';
import { createConfirmedUser, TEST_PASSWORD } from '../fixtures/users.ts';
import { resetSignInLimits } from '../fixtures/account.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';
import { en } from '../../web/src/i18n/locales/en.ts';

test('five wrong passwords lock the account, and the message says how many minutes to wait', async ({
  page,
  stack,
}) => {
  const email = createUniqueEmail('verrouillage-compte');
  await createConfirmedUser(stack, email);
  await resetSignInLimits(stack);
  try {
    await page.goto('/auth/sign-in');
    const emailField = page.getByLabel(fr.auth.fields.email, { exact: true });
    const passwordField = page.getByLabel(fr.auth.fields.password, { exact: true });
    const submit = page.getByRole('button', { name: fr.auth.signIn.submit });
    await emailField.fill(email);

    const isSignInAnswer = (response: { url(): string }) => response.url().endsWith('/functions/v1/sign-in');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await passwordField.fill(`pas-le-bon-${attempt}`);
      // Each attempt must reach the server before the next one (the alert text stays the same).
      const [response] = await Promise.all([page.waitForResponse(isSignInAnswer), submit.click()]);
      expect(response.status()).toBe(400);
      await expect(page.getByRole('alert')).toHaveText(fr.auth.errors.invalid_credentials);
    }

    // All the journeys come from 127.0.0.1: forget this IP's failures so that the refusal below
    // is the ACCOUNT's lock (the per-IP limit answers the same sentence, and is unit-tested).
    await resetSignInLimits(stack, { isAccountKept: true });
    await passwordField.fill(TEST_PASSWORD);
    await submit.click();
    await expect(page.getByRole('alert')).toHaveText(/^Trop de tentatives\. Réessayez dans 1[45]\sminutes\.$/);
    await expect(emailField).toHaveValue(email);

    // The same refusal in English.
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByLabel(en.auth.fields.password, { exact: true }).fill(TEST_PASSWORD);
    await resetSignInLimits(stack, { isAccountKept: true });
    await page.getByRole('button', { name: en.auth.signIn.submit }).click();
    await expect(page.getByRole('alert')).toHaveText(/^Too many attempts\. Try again in 1[45] minutes\.$/);
  } finally {
    await resetSignInLimits(stack);
  }
});
