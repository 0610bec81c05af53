/**
 * Journey, in French and in English: failed sign-ins are limited (5 per 15 minutes per account,
 * seed 000). After five wrong passwords the account's password is locked — even the right one is
 * refused — and the user is told how long to wait, in minutes, without losing the address they
 * typed, and that a sign-in link by email still works: the form sends one, and it signs them in.
 *
 * Every journey comes from 127.0.0.1 (the gateway takes the client IP from the socket, and no
 * header can choose another): the failure counters are reset before each test (fixtures/test.ts)
 * and, below, the IP's own count is forgotten so the refusal shown is the ACCOUNT's lock.
 */
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail, findAuthLink } from '../fixtures/mailbox.ts';
import { createConfirmedUserWithTenant, startInLanguage } from '../fixtures/tenancy.ts';
import { TEST_PASSWORD } from '../fixtures/users.ts';
import { resetSignInLimits } from '../fixtures/account.ts';
import { fillIn, LANGUAGES, plain } from '../fixtures/text.ts';

/** A message as a pattern: literal text, any kind of space where it has one. */
function toLooseRegExp(message: string): string {
  return plain(message)
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/ /g, '\\s');
}

for (const [language, text] of LANGUAGES) {
  test(`${language}: five wrong passwords lock the password, the message says how long, and an email link still signs in`, async ({
    page,
    stack,
    mailbox,
  }) => {
    const email = createUniqueEmail(`verrouillage-compte-${language}`);
    await createConfirmedUserWithTenant(stack, email);
    await startInLanguage(page, language);
    try {
      await page.goto('/auth/sign-in');
      const emailField = page.getByLabel(text.auth.fields.email, { exact: true });
      const passwordField = page.getByLabel(text.auth.fields.password, { exact: true });
      const submit = page.getByRole('button', { name: text.auth.signIn.submit });
      await emailField.fill(email);

      const isSignInAnswer = (response: { url(): string }) => response.url().endsWith('/functions/v1/sign-in');
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        await passwordField.fill(`pas-le-bon-${attempt}`);
        // Each attempt must reach the server before the next one (the alert text stays the same).
        const [response] = await Promise.all([page.waitForResponse(isSignInAnswer), submit.click()]);
        expect(response.status()).toBe(400);
        await expect(page.getByRole('alert')).toHaveText(text.auth.errors.invalid_credentials);
      }
      // No offer of an email link for an ordinary wrong password.
      await expect(page.getByRole('button', { name: text.auth.signIn.sendLinkInstead })).toHaveCount(0);

      // Forget this IP's failures: the refusal below is the account's lock (the per-IP limit
      // answers the same sentence, and is unit-tested).
      await resetSignInLimits(stack, { isAccountKept: true });
      await passwordField.fill(TEST_PASSWORD);
      await submit.click();
      // 15 minutes, or 14 and some seconds by the time the message is read.
      const locked = [14, 15].map((minutes) =>
        toLooseRegExp(fillIn(text.auth.errors.too_many_attempts_other, { count: minutes })),
      );
      await expect(page.getByRole('alert')).toHaveText(new RegExp(`^(${locked.join('|')})$`));
      await expect(emailField).toHaveValue(email);

      // A sign-in link by email still works while the password is locked: one click, right there.
      await page.getByRole('button', { name: text.auth.signIn.sendLinkInstead }).click();
      await expect(page.getByRole('main').getByRole('status')).toContainText(email);
      const message = await mailbox.waitFor(email);
      expect(message.tags['kind']).toBe('magic_link');
      await page.goto(findAuthLink(message));
      await expect(page.getByRole('heading', { level: 1, name: text.home.greeting })).toBeVisible();
      await expect(page.getByRole('region', { name: text.home.account.title }).getByText(email)).toBeVisible();
    } finally {
      await resetSignInLimits(stack);
    }
  });
}
