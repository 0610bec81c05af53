/**
 * Journey, in French and in English: the only owner of a company tries to leave it; the database
 * refuses (a company always keeps an owner) and the dialog says so in words, with nothing changed.
 */
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail } from '../fixtures/mailbox.ts';
import { TEST_PASSWORD } from '../fixtures/users.ts';
import { createConfirmedUserWithTenant, getNavigation, signIn, startInLanguage } from '../fixtures/tenancy.ts';
import { fillIn, LANGUAGES } from '../fixtures/text.ts';

for (const [language, text] of LANGUAGES) {
  test(`${language}: the last owner cannot leave the company, and is told why`, async ({ page, stack }) => {
    const t = text.tenancy;
    const email = createUniqueEmail(`seul-proprietaire-${language}`);
    await createConfirmedUserWithTenant(stack, email, TEST_PASSWORD, 'Atelier Solo');
    await startInLanguage(page, language);

    await signIn(page, text, email, TEST_PASSWORD);
    await expect(
      page.getByRole('heading', { level: 2, name: fillIn(t.home.welcome, { tenant: 'Atelier Solo' }) }),
    ).toBeVisible();
    await expect(page).toHaveURL(/\/$/);

    await getNavigation(page, text).getByRole('link', { name: t.nav.team }).click();
    await page.getByRole('button', { name: t.team.leave }).click();
    const dialog = page.getByRole('dialog', { name: fillIn(t.team.leaveDialog.title, { tenant: 'Atelier Solo' }) });
    await expect(dialog.getByRole('button', { name: t.common.cancel })).toBeFocused();
    await dialog.getByRole('button', { name: t.team.leaveDialog.confirm }).click();
    await expect(dialog.getByRole('alert')).toHaveText(text.errors.rpc.last_owner);

    await dialog.getByRole('button', { name: t.common.cancel }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('banner').getByText('Atelier Solo')).toBeVisible();
  });
}
