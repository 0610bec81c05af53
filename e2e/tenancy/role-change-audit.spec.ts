/**
 * Journey: the seeded owner of Garage du Centre changes a salesperson's role from the team page
 * and finds the change, worded as a sentence, at the top of the audit log.
 */
import { expect, test } from '../fixtures/test.ts';
import { DEMO_PASSWORD, getNavigation, signIn } from '../fixtures/tenancy.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';

const t = fr.tenancy;

test('an owner changes a role and sees it in the audit log', async ({ page }) => {
  await signIn(page, fr, 'marc.durand@garage-du-centre.test', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 2, name: 'Bienvenue chez Garage du Centre' })).toBeVisible();

  await getNavigation(page, fr).getByRole('link', { name: t.nav.team }).click();
  const claire = page
    .getByRole('region', { name: t.team.members })
    .getByRole('listitem')
    .filter({ hasText: 'Claire Petit' });
  await expect(claire.getByText(t.roles.sales, { exact: true })).toBeVisible();

  await claire.getByRole('button', { name: t.team.changeRole }).click();
  const dialog = page.getByRole('dialog', { name: 'Rôle de Claire Petit' });
  await dialog.getByRole('radio', { name: new RegExp(`^${t.roles.manager}`) }).check();
  await dialog.getByRole('button', { name: t.team.roleDialog.submit }).click();
  await expect(page.getByText('Le rôle de Claire Petit est maintenant\u00a0: Responsable.')).toBeVisible();
  await expect(claire.getByText(t.roles.manager, { exact: true })).toBeVisible();

  await getNavigation(page, fr).getByRole('link', { name: t.nav.audit }).click();
  await expect(page.getByRole('heading', { level: 1, name: t.audit.title })).toBeVisible();
  const newest = page.getByRole('list', { name: t.audit.title }).getByRole('listitem').first();
  await expect(newest).toContainText('Marc Durand a changé le rôle de Claire Petit\u00a0: commercial·e → responsable');
  await expect(newest.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);

  // Put the seed back as it was for the other journeys.
  await getNavigation(page, fr).getByRole('link', { name: t.nav.team }).click();
  await claire.getByRole('button', { name: t.team.changeRole }).click();
  await dialog.getByRole('radio', { name: new RegExp(`^${t.roles.sales}`) }).check();
  await dialog.getByRole('button', { name: t.team.roleDialog.submit }).click();
  await expect(claire.getByText(t.roles.sales, { exact: true })).toBeVisible();
});
