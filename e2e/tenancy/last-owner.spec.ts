/**
 * Journey: the only owner of a company tries to leave it; the database refuses (a company
 * always keeps an owner) and the dialog says so in words, with nothing changed.
 */
import { expect, test } from '../fixtures/test.ts';
import { createUniqueEmail } from '../fixtures/mailbox.ts';
import { TEST_PASSWORD } from '../fixtures/users.ts';
import { createConfirmedUserWithTenant, getNavigation, signIn } from '../fixtures/tenancy.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';

const t = fr.tenancy;

test('the last owner cannot leave the company, and is told why', async ({ page, stack }) => {
  const email = createUniqueEmail('seul-proprietaire');
  await createConfirmedUserWithTenant(stack, email, TEST_PASSWORD, 'Atelier Solo');

  await signIn(page, fr, email, TEST_PASSWORD);
  await expect(page.getByRole('heading', { level: 2, name: 'Bienvenue chez Atelier Solo' })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  await getNavigation(page, fr).getByRole('link', { name: t.nav.team }).click();
  await page.getByRole('button', { name: t.team.leave }).click();
  const dialog = page.getByRole('dialog', { name: 'Quitter Atelier Solo\u202f?' });
  await expect(dialog.getByRole('button', { name: fr.tenancy.common.cancel })).toBeFocused();
  await dialog.getByRole('button', { name: t.team.leaveDialog.confirm }).click();
  await expect(dialog.getByRole('alert')).toHaveText(fr.errors.rpc.last_owner);

  await dialog.getByRole('button', { name: fr.tenancy.common.cancel }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('banner').getByText('Atelier Solo')).toBeVisible();
});
