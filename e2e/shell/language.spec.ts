/** Journey: switching to English and back happens in place (no reload) and is remembered. */
import { expect, test } from '../fixtures/test.ts';
import { en } from '../../web/src/i18n/locales/en.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';

test('switches to English and back without reloading, and remembers the choice', async ({ page }) => {
  await page.goto('/auth/sign-in');
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(fr.auth.signIn.title);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  // A marker on window: it survives re-renders, not reloads.
  await page.evaluate(() => Object.assign(window, { comptoirNoReloadMarker: true }));
  const typed = 'claire@example.fr';
  await page.getByLabel(fr.auth.fields.email, { exact: true }).fill(typed);

  await page.getByRole('group', { name: fr.language.label }).getByRole('button', { name: 'English' }).click();

  await expect(heading).toHaveText(en.auth.signIn.title);
  await expect(page.getByRole('button', { name: en.auth.signIn.submit })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle(`${en.auth.signIn.title} · Comptoir`);
  // What the user typed survives the switch.
  await expect(page.getByLabel(en.auth.fields.email, { exact: true })).toHaveValue(typed);
  expect(await page.evaluate(() => 'comptoirNoReloadMarker' in window)).toBe(true);

  await page.reload();
  await expect(heading).toHaveText(en.auth.signIn.title);

  await page.getByRole('group', { name: en.language.label }).getByRole('button', { name: 'Français' }).click();
  await expect(heading).toHaveText(fr.auth.signIn.title);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});
