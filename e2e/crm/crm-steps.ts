/**
 * Steps the CRM journeys share: a signed-in device (its own browser context, so its own
 * IndexedDB replica and service worker), creating and editing records through the screens, and
 * SIRET numbers that pass the Luhn check.
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { isValidSiret } from '../../shared/identity/french-ids.ts';
import type { Messages } from '../../web/src/i18n/locales/fr.ts';
import { DEMO_PASSWORD, getNavigation, signIn, startInLanguage } from '../fixtures/tenancy.ts';
import { fillIn, getBrowserLocale, type Language } from '../fixtures/text.ts';

export type Device = { readonly context: BrowserContext; readonly page: Page };

/** A device signed in as `email` with the app's service worker in control (so it reloads offline). */
export async function openDevice(
  browser: Browser,
  baseURL: string,
  language: Language,
  text: Messages,
  email: string,
): Promise<Device> {
  const context = await browser.newContext({ baseURL, locale: getBrowserLocale(language), timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  await startInLanguage(page, language);
  await signIn(page, text, email, DEMO_PASSWORD);
  await expect(getNavigation(page, text).getByRole('link', { name: text.crm.nav.contacts })).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  return { context, page };
}

/** Opens the contacts list from the navigation and waits for the first sync to end. */
export async function openContacts(page: Page, text: Messages): Promise<void> {
  await getNavigation(page, text).getByRole('link', { name: text.crm.nav.contacts }).click();
  await expect(page.getByRole('heading', { level: 1, name: text.crm.nav.contacts })).toBeVisible();
  await expect(page.getByText(text.crm.initialSync.title)).toBeHidden({ timeout: 30_000 });
}

/** The row of the contacts (or companies) list that mentions `name`. */
export function getListRow(page: Page, text: Messages, list: 'contacts' | 'companies', name: string) {
  const label = list === 'contacts' ? text.crm.nav.contacts : text.crm.nav.companies;
  return page.getByRole('list', { name: label }).getByRole('listitem').filter({ hasText: name });
}

/** Fills the new-contact form and creates the contact; ends on its page. */
export async function createContact(
  page: Page,
  text: Messages,
  fields: { readonly first_name: string; readonly last_name: string; readonly email?: string },
): Promise<void> {
  await page.getByRole('link', { name: text.crm.list.newContact }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: text.crm.form.newContactTitle })).toBeVisible();
  await page.getByRole('textbox', { name: text.crm.fields.first_name, exact: true }).fill(fields.first_name);
  await page.getByRole('textbox', { name: text.crm.fields.last_name, exact: true }).fill(fields.last_name);
  if (fields.email) await page.getByRole('textbox', { name: text.crm.fields.email, exact: true }).fill(fields.email);
  await page.getByRole('button', { name: text.crm.common.create, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${fields.first_name} ${fields.last_name}` })).toBeVisible();
  await expect(
    page.getByText(fillIn(text.crm.form.contactCreated, { name: `${fields.first_name} ${fields.last_name}` })),
  ).toBeVisible();
}

/** On a record's page: "Modifier", change text fields (by label), "Enregistrer". */
export async function editFields(page: Page, text: Messages, values: Readonly<Record<string, string>>): Promise<void> {
  await page.getByRole('button', { name: text.crm.common.edit, exact: true }).click();
  for (const [label, value] of Object.entries(values)) {
    await page.getByRole('textbox', { name: label, exact: true }).fill(value);
  }
  await page.getByRole('button', { name: text.crm.common.save, exact: true }).click();
  await expect(page.getByRole('button', { name: text.crm.common.edit, exact: true })).toBeVisible();
}

/** A valid SIRET (an establishment of SIREN 542 051 180), different for each `seed` below 10,000. */
export function buildSiret(seed: number): string {
  const body = `542051180${String(seed % 10_000).padStart(4, '0')}`;
  for (let check = 0; check < 10; check += 1) {
    if (isValidSiret(`${body}${check}`)) return `${body}${check}`;
  }
  throw new Error('unreachable: one check digit always fits');
}

/** Opens the companies list and creates a company with a SIRET; ends on its page. */
export async function createCompany(page: Page, text: Messages, name: string, siret: string): Promise<void> {
  await getNavigation(page, text).getByRole('link', { name: text.crm.nav.companies }).click();
  await page.getByRole('link', { name: text.crm.list.newCompany }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: text.crm.form.newCompanyTitle })).toBeVisible();
  await page.getByRole('textbox', { name: text.crm.fields.name, exact: true }).fill(name);
  await page.getByRole('textbox', { name: text.crm.fields.siret, exact: true }).fill(siret);
  await page.getByRole('button', { name: text.crm.common.create, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Searches the current list and opens the record whose row mentions `name`. */
export async function openFromList(
  page: Page,
  text: Messages,
  list: 'contacts' | 'companies',
  name: string,
): Promise<void> {
  await page.getByRole('searchbox', { name: text.crm.list.searchLabel }).fill(name);
  await getListRow(page, text, list, name).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** The value shown for a field on a record's page (the `dd` after the `dt` of that label). */
export function getFieldValue(page: Page, label: string) {
  return page
    .locator('.details__row')
    .filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) }) })
    .getByRole('definition');
}
