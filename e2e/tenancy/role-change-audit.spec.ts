/**
 * Journey, in French and in English: the seeded owner of Garage du Centre changes a
 * salesperson's role from the team page and finds the change, worded as a sentence in the
 * chosen language, at the top of the audit log — then puts the seed back as it was.
 */
import { expect, test } from '../fixtures/test.ts';
import { DEMO_PASSWORD, getNavigation, signIn, startInLanguage } from '../fixtures/tenancy.ts';
import { fillIn, LANGUAGES } from '../fixtures/text.ts';

for (const [language, text] of LANGUAGES) {
  test(`${language}: an owner changes a role and sees it in the audit log`, async ({ page }) => {
    const t = text.tenancy;
    await startInLanguage(page, language);
    await signIn(page, text, 'marc.durand@garage-du-centre.test', DEMO_PASSWORD);
    await expect(
      page.getByRole('heading', { level: 2, name: fillIn(t.home.welcome, { tenant: 'Garage du Centre' }) }),
    ).toBeVisible();

    await getNavigation(page, text).getByRole('link', { name: t.nav.team }).click();
    const claire = page
      .getByRole('region', { name: t.team.members })
      .getByRole('listitem')
      .filter({ hasText: 'Claire Petit' });
    await expect(claire.getByText(t.roles.sales, { exact: true })).toBeVisible();

    await claire.getByRole('button', { name: t.team.changeRole }).click();
    const dialog = page.getByRole('dialog', { name: fillIn(t.team.roleDialog.title, { name: 'Claire Petit' }) });
    await dialog.getByRole('radio', { name: new RegExp(`^${t.roles.manager}`) }).check();
    await dialog.getByRole('button', { name: t.team.roleDialog.submit }).click();
    await expect(
      page.getByText(fillIn(t.team.roleDialog.changed, { name: 'Claire Petit', role: t.roles.manager })),
    ).toBeVisible();
    await expect(claire.getByText(t.roles.manager, { exact: true })).toBeVisible();

    await getNavigation(page, text).getByRole('link', { name: t.nav.audit }).click();
    await expect(page.getByRole('heading', { level: 1, name: t.audit.title })).toBeVisible();
    const newest = page.getByRole('list', { name: t.audit.title }).getByRole('listitem').first();
    await expect(newest).toContainText(
      fillIn(t.audit.actions.roleChanged, {
        actor: 'Marc Durand',
        subject: 'Claire Petit',
        from: t.roles.sales.toLocaleLowerCase(language),
        to: t.roles.manager.toLocaleLowerCase(language),
      }),
    );
    await expect(newest.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);

    // Put the seed back as it was for the other journeys.
    await getNavigation(page, text).getByRole('link', { name: t.nav.team }).click();
    await claire.getByRole('button', { name: t.team.changeRole }).click();
    await dialog.getByRole('radio', { name: new RegExp(`^${t.roles.sales}`) }).check();
    await dialog.getByRole('button', { name: t.team.roleDialog.submit }).click();
    await expect(claire.getByText(t.roles.sales, { exact: true })).toBeVisible();
  });
}
