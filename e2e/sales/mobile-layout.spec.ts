/**
 * The phone layout of V1 for a salesperson (Claire, Garage du Centre) at 360 px, the narrowest
 * phone we support: a bottom tab bar (Accueil, Pipeline, Contacts, Tâches, Plus) with touch
 * targets of at least 44 px, body text of at least 16 px, and no horizontal scrolling on the
 * screens used all day. The "Plus" sheet holds the other sections, the language and sign-out.
 */
import { expect, test } from '../fixtures/test.ts';
import { getNavigation } from '../fixtures/tenancy.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';
import {
  CLAIRE,
  getSectionLink,
  listOverflowingElements,
  NARROW_PHONE,
  openDevice,
  openFromMoreSheet,
  openSection,
} from './sales-steps.ts';

const text = fr;

/** Each main screen by its tab, and the heading that says it has rendered. */
const SCREENS = [
  { tab: text.tenancy.nav.home, heading: text.home.greeting },
  { tab: text.pipeline.nav.pipeline, heading: text.pipeline.title },
  { tab: text.crm.nav.contacts, heading: text.crm.nav.contacts },
  { tab: text.tasks.nav, heading: text.tasks.title },
] as const;

test('at 360 px the main screens have a tab bar, no horizontal scrolling and readable text', async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await openDevice(browser, baseURL ?? '', text, CLAIRE, {
    viewport: NARROW_PHONE,
    isPhone: true,
  });
  const navigation = getNavigation(page, text);
  const tabs = [...SCREENS.map((screen) => screen.tab), text.shell.nav.more];
  for (const tab of tabs) {
    const target =
      tab === text.shell.nav.more
        ? navigation.getByRole('button', { name: new RegExp(`^${tab}`) })
        : getSectionLink(page, text, tab);
    await expect(target).toBeVisible();
    const box = await target.boundingBox();
    expect(box?.height, `tab "${tab}" height`).toBeGreaterThanOrEqual(44);
    expect(box?.width, `tab "${tab}" width`).toBeGreaterThanOrEqual(44);
  }

  for (const screen of SCREENS) {
    await openSection(page, text, screen.tab);
    await expect(page.getByRole('heading', { level: 1, name: screen.heading })).toBeVisible();
    await expect(getSectionLink(page, text, screen.tab)).toHaveAttribute('aria-current', 'page');
    // Let lazy parts (lists, boards) settle before measuring.
    await page.waitForLoadState('networkidle');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(
      scrollWidth,
      `${screen.tab} overflows: ${(await listOverflowingElements(page, NARROW_PHONE.width)).join('; ')}`,
    ).toBeLessThanOrEqual(NARROW_PHONE.width);
    const bodySize = await page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));
    expect(bodySize).toBeGreaterThanOrEqual(16);
  }

  // An opportunity's page, opened from the phone's list view (its default there).
  await openSection(page, text, text.pipeline.nav.pipeline);
  const opportunity = page.getByRole('list', { name: text.pipeline.list.label }).getByRole('link').first();
  const opportunityTitle = await opportunity.innerText();
  await opportunity.click();
  await expect(page.getByRole('heading', { level: 1, name: opportunityTitle })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth),
    `the opportunity page overflows: ${(await listOverflowingElements(page, NARROW_PHONE.width)).join('; ')}`,
  ).toBeLessThanOrEqual(NARROW_PHONE.width);

  // The other sections, the language and sign-out are one tap away in the "Plus" sheet.
  await openFromMoreSheet(page, text, text.crm.nav.companies);
  await expect(page.getByRole('heading', { level: 1, name: text.crm.nav.companies })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);
  await navigation.getByRole('button', { name: new RegExp(`^${text.shell.nav.more}`) }).click();
  const sheet = page.getByRole('dialog', { name: text.tenancy.nav.menu });
  await expect(sheet.getByRole('button', { name: text.auth.signOut.submit })).toBeVisible();
  await expect(sheet.getByRole('button', { name: new RegExp(text.language.en) })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await context.close();
});
