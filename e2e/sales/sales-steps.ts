/**
 * Steps the field-sales journeys (V1) share: a signed-in device on a phone (390×844, touch) or a
 * desktop, each its own browser context (its own IndexedDB replica and service worker); the
 * phone tab bar and its "More" sheet; the 360 px horizontal-overflow check.
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Messages } from '../../web/src/i18n/locales/fr.ts';
import { DEMO_PASSWORD, getNavigation, signIn, startInLanguage } from '../fixtures/tenancy.ts';
import { getBrowserLocale, type Language } from '../fixtures/text.ts';

export type Device = { readonly context: BrowserContext; readonly page: Page };

/** Garage du Centre: Claire sells (own opportunities), Julien manages the team. */
export const CLAIRE = 'claire.petit@garage-du-centre.test';
export const JULIEN = 'julien.bernard@garage-du-centre.test';

export const PHONE = { width: 390, height: 844 } as const;
export const NARROW_PHONE = { width: 360, height: 780 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

type DeviceOptions = {
  readonly language?: Language;
  readonly viewport?: { readonly width: number; readonly height: number };
  /** A phone: touch events, the mobile meta viewport honoured. */
  readonly isPhone?: boolean;
};

/** A device signed in as `email`, on home, with the app's service worker in control. */
export async function openDevice(
  browser: Browser,
  baseURL: string,
  text: Messages,
  email: string,
  { language = 'fr', viewport = DESKTOP, isPhone = false }: DeviceOptions = {},
): Promise<Device> {
  const context = await browser.newContext({
    baseURL,
    locale: getBrowserLocale(language),
    timezoneId: 'Europe/Paris',
    viewport,
    ...(isPhone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 3 } : {}),
  });
  const page = await context.newPage();
  await startInLanguage(page, language);
  await signIn(page, text, email, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: text.home.greeting })).toBeVisible();
  await expect(getNavigation(page, text).getByRole('link', { name: text.crm.nav.contacts })).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  // The first sync fills the replica; every journey reads it.
  await expect(page.getByText(text.crm.initialSync.title)).toBeHidden({ timeout: 60_000 });
  return { context, page };
}

/** A section's link in the main navigation, by its label (its count badge, if any, may follow). */
export function getSectionLink(page: Page, text: Messages, name: string) {
  return getNavigation(page, text).getByRole('link', { name: new RegExp(`^${escapeRegExp(name)}(\\s|$)`) });
}

/** Opens a section from the main navigation (a tab on phones, the sidebar on desktop). */
export async function openSection(page: Page, text: Messages, name: string): Promise<void> {
  await getSectionLink(page, text, name).click();
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** On a phone: opens the "More" sheet and follows one of its links. */
export async function openFromMoreSheet(page: Page, text: Messages, name: string): Promise<void> {
  await getNavigation(page, text)
    .getByRole('button', { name: new RegExp(`^${text.shell.nav.more}`) })
    .click();
  await page.getByRole('dialog', { name: text.tenancy.nav.menu }).getByRole('link', { name, exact: true }).click();
}

/** How far the page is wider than the viewport (0 when there is no horizontal scrolling). */
export async function measureHorizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Where the page grows wider than the viewport, for a readable failure: the elements that stick
 * out of a parent that does not (tag.class and right edge). Fixed elements (the tab bar) follow
 * the widened page, so they are not causes.
 */
export async function listOverflowingElements(page: Page, width: number): Promise<string[]> {
  return page.evaluate((width) => {
    const sticksOut = (element: Element | null) =>
      element !== null && element.getBoundingClientRect().right > width + 0.5;
    return [...document.querySelectorAll<HTMLElement>('main *')]
      .filter((element) => sticksOut(element) && !sticksOut(element.parentElement))
      .slice(0, 10)
      .map((element) => {
        const classes = [...element.classList].join('.');
        return `${element.tagName.toLowerCase()}${classes ? `.${classes}` : ''} → ${Math.round(element.getBoundingClientRect().right)}px`;
      });
  }, width);
}

/** Unique per run, so journeys never see each other's records. */
export function createSuffix(): string {
  return Date.now().toString(36);
}

/** Integer cents from a money text of the app ("9 872,00 €" → 987200): two decimals, any separators. */
export function parseCents(text: string): number {
  return Number(text.replace(/[^\d]/g, ''));
}

/** From the pipeline page: "Nouvelle opportunité", title, amount, stage, create; ends back on the pipeline. */
export async function createOpportunity(
  page: Page,
  text: Messages,
  fields: { readonly title: string; readonly amountEuros: number; readonly stage: string },
): Promise<void> {
  await page.getByRole('link', { name: text.pipeline.actions.new }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: text.pipeline.form.newTitle })).toBeVisible();
  await page.getByRole('textbox', { name: text.pipeline.fields.title, exact: true }).fill(fields.title);
  await page.getByRole('textbox', { name: text.pipeline.fields.amount, exact: true }).fill(String(fields.amountEuros));
  await page
    .getByRole('combobox', { name: text.pipeline.fields.stage_id, exact: true })
    .selectOption({ label: fields.stage });
  await page.getByRole('button', { name: text.pipeline.common.create, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: fields.title })).toBeVisible();
  await openSection(page, text, text.pipeline.nav.pipeline);
  await expect(page.getByRole('heading', { level: 1, name: text.pipeline.title })).toBeVisible();
}

/** The board's column of a stage (a region named by its heading: "Démo 3"). */
export function getBoardColumn(page: Page, text: Messages, stage: string) {
  return page
    .getByRole('region', { name: text.pipeline.board.label })
    .getByRole('region', { name: new RegExp(`^${stage} \\d+$`) });
}

/** Waits until this device has nothing left to send (the header's sync status says "up to date"). */
export async function waitForSyncIdle(page: Page, text: Messages): Promise<void> {
  await expect(page.getByRole('button', { name: new RegExp(text.crm.status.upToDate) })).toBeVisible({
    timeout: 30_000,
  });
}
