/**
 * Accessibility of the field-sales screens (V1 acceptance): axe-core finds no `serious` or
 * `critical` violation on the home screen, the pipeline board and a contact page — on a desktop
 * and on a phone (390×844), since the two layouts differ (sidebar vs tab bar, board vs list).
 * A failure lists each violation with its rule id and the selectors of the offending nodes.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';
import { CLAIRE, DESKTOP, openDevice, openSection, PHONE } from './sales-steps.ts';

const text = fr;

/** "rule-id (impact): selector, selector" for every serious or critical violation on the page. */
async function listSeriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact ?? '?'}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

for (const [layout, viewport, isPhone] of [
  ['desktop', DESKTOP, false],
  ['phone', PHONE, true],
] as const) {
  test(`${layout}: home, pipeline board and a contact page have no serious or critical axe violation`, async ({
    browser,
    baseURL,
  }) => {
    const { context, page } = await openDevice(browser, baseURL ?? '', text, CLAIRE, { viewport, isPhone });
    const found: Record<string, string[]> = {};

    await expect(page.getByRole('heading', { level: 1, name: text.home.greeting })).toBeVisible();
    await page.waitForLoadState('networkidle');
    found['home'] = await listSeriousViolations(page);

    await openSection(page, text, text.pipeline.nav.pipeline);
    await expect(page.getByRole('heading', { level: 1, name: text.pipeline.title })).toBeVisible();
    if (!isPhone) {
      // The board itself (the default view on desktop), not the phone's list.
      await expect(page.getByRole('region', { name: text.pipeline.board.label })).toBeVisible();
    }
    await page.waitForLoadState('networkidle');
    found['pipeline'] = await listSeriousViolations(page);

    await openSection(page, text, text.crm.nav.contacts);
    await expect(page.getByRole('heading', { level: 1, name: text.crm.nav.contacts })).toBeVisible();
    const contacts = page.getByRole('list', { name: text.crm.nav.contacts });
    await contacts.getByRole('listitem').first().getByRole('link').click();
    await expect(page.getByRole('heading', { level: 2, name: text.activities.timeline.title })).toBeVisible();
    await page.waitForLoadState('networkidle');
    found['contact'] = await listSeriousViolations(page);

    expect(found).toEqual({ home: [], pipeline: [], contact: [] });
    await context.close();
  });
}
