/**
 * Journeys of the local-first CRM (F3) with two devices of Garage du Centre — Marc (owner) and
 * Julien (manager), each in their own browser context: an offline device keeps working and
 * its changes reach the other device without a reload; concurrent edits of different fields
 * of one contact both survive; a write the server refuses waits in "À traiter" with its data,
 * is fixed and resent, and syncs.
 */
import { expect, test } from '../fixtures/test.ts';
import { getNavigation } from '../fixtures/tenancy.ts';
import { fillIn, LANGUAGES, plain } from '../fixtures/text.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';
import {
  buildSiret,
  createCompany,
  createContact,
  editFields,
  getFieldValue,
  getListRow,
  openContacts,
  openDevice,
  openFromList,
} from './crm-steps.ts';

const MARC = 'marc.durand@garage-du-centre.test';
const JULIEN = 'julien.bernard@garage-du-centre.test';

/** Unique per run, so journeys never see each other's records. */
function createSuffix(): string {
  return Date.now().toString(36);
}

for (const [language, text] of LANGUAGES) {
  test(`${language}: a contact created and edited offline survives a reload and reaches the other device`, async ({
    browser,
    baseURL,
  }) => {
    const a = await openDevice(browser, baseURL ?? '', language, text, MARC);
    const b = await openDevice(browser, baseURL ?? '', language, text, JULIEN);
    await openContacts(a.page, text);
    await openContacts(b.page, text);
    const lastName = `Vasseur-${createSuffix()}`;

    await a.context.setOffline(true);
    await createContact(a.page, text, { first_name: 'Éloïse', last_name: lastName, email: `${lastName}@exemple.fr` });
    await editFields(a.page, text, { [text.crm.fields.job_title]: 'Gérante' });
    await expect(a.page.getByText(text.crm.common.pendingSync)).toBeVisible();

    await a.page.reload();
    await expect(a.page.getByRole('heading', { level: 1, name: `Éloïse ${lastName}` })).toBeVisible();
    await expect(getFieldValue(a.page, text.crm.fields.job_title)).toHaveText('Gérante');
    await expect(a.page.getByRole('button', { name: new RegExp(`${plain(text.crm.status.offline)}`) })).toBeVisible();

    await a.context.setOffline(false);
    // Device B never reloads: the change arrives by itself (poke, or the periodic pull).
    await b.page.getByRole('searchbox', { name: text.crm.list.searchLabel }).fill(lastName);
    const row = getListRow(b.page, text, 'contacts', `Éloïse ${lastName}`);
    await expect(row).toBeVisible({ timeout: 20_000 });
    await expect(row).toContainText(`${lastName.toLowerCase()}@exemple.fr`);
    await row.getByRole('link').click();
    await expect(getFieldValue(b.page, text.crm.fields.job_title)).toHaveText('Gérante');

    await expect(a.page.getByText(text.crm.common.pendingSync)).toBeHidden({ timeout: 20_000 });
    await expect(a.page.getByRole('button', { name: new RegExp(text.crm.status.upToDate) })).toBeVisible();
    await a.context.close();
    await b.context.close();
  });
}

test('fr: edits of different fields of one contact on two devices are merged', async ({ browser, baseURL }) => {
  const text = fr;
  const a = await openDevice(browser, baseURL ?? '', 'fr', text, MARC);
  const b = await openDevice(browser, baseURL ?? '', 'fr', text, JULIEN);
  await openContacts(a.page, text);
  await openContacts(b.page, text);
  const lastName = `Lemoine-${createSuffix()}`;
  const name = `Mathis ${lastName}`;

  await createContact(a.page, text, { first_name: 'Mathis', last_name: lastName });
  await expect(a.page.getByText(text.crm.common.pendingSync)).toBeHidden({ timeout: 20_000 });
  await expect(async () => {
    await b.page.getByRole('searchbox', { name: text.crm.list.searchLabel }).fill(lastName);
    await expect(getListRow(b.page, text, 'contacts', name)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await openFromList(b.page, text, 'contacts', name);

  await a.context.setOffline(true);
  await editFields(a.page, text, { [text.crm.fields.job_title]: 'Chef d’atelier' });
  await editFields(b.page, text, { [text.crm.fields.city]: 'Villeurbanne' });
  await expect(b.page.getByText(text.crm.common.pendingSync)).toBeHidden({ timeout: 20_000 });
  await a.context.setOffline(false);

  for (const device of [a, b]) {
    await expect(getFieldValue(device.page, text.crm.fields.job_title)).toHaveText('Chef d’atelier', {
      timeout: 20_000,
    });
    await expect(getFieldValue(device.page, text.crm.detail.address)).toContainText('Villeurbanne', {
      timeout: 20_000,
    });
  }
  await a.context.close();
  await b.context.close();
});

test('fr: a company refused for a SIRET taken meanwhile waits in "À traiter", is fixed and resent', async ({
  browser,
  baseURL,
}) => {
  const text = fr;
  const a = await openDevice(browser, baseURL ?? '', 'fr', text, MARC);
  const b = await openDevice(browser, baseURL ?? '', 'fr', text, JULIEN);
  const seed = Date.now() % 10_000;
  const siret = buildSiret(seed);
  const fixedSiret = buildSiret(seed + 1);
  const suffix = createSuffix();
  const refused = `Carrosserie Martin ${suffix}`;

  await openContacts(a.page, text);
  await a.context.setOffline(true);
  await createCompany(a.page, text, refused, siret);
  await createCompany(b.page, text, `Garage Dupuis ${suffix}`, siret);
  await expect(b.page.getByText(text.crm.common.pendingSync)).toBeHidden({ timeout: 20_000 });
  await a.context.setOffline(false);

  const attention = getNavigation(a.page, text).getByRole('link', { name: new RegExp(`^${text.crm.nav.attention}`) });
  await expect(attention).toContainText(plain(fillIn(text.crm.nav.attentionBadge_one, { count: 1 })), {
    timeout: 20_000,
  });
  await attention.click();
  const card = a.page.getByRole('region', { name: `${text.crm.attention.tables.companies} · ${refused}` });
  await expect(card.getByRole('status').filter({ hasText: text.crm.attention.codes.conflict })).toBeVisible();
  const siretField = card.getByRole('textbox', { name: text.crm.fields.siret, exact: true });
  await expect(siretField).toHaveValue(siret);
  await expect(siretField).toHaveAttribute('aria-invalid', 'true');
  await a.page.screenshot({ path: '/tmp/crm-needs-attention.png', fullPage: true });

  await siretField.fill(fixedSiret);
  await card.getByRole('button', { name: text.crm.attention.resend }).click();
  await expect(a.page.getByText(plain(text.crm.attention.empty))).toBeVisible({ timeout: 20_000 });
  await expect(attention).not.toContainText(plain(fillIn(text.crm.nav.attentionBadge_one, { count: 1 })));

  await getNavigation(b.page, text).getByRole('link', { name: text.crm.nav.companies }).click();
  await b.page.getByRole('searchbox', { name: text.crm.list.searchLabel }).fill(refused);
  const row = getListRow(b.page, text, 'companies', refused);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText(fixedSiret);
  await a.context.close();
  await b.context.close();
});
