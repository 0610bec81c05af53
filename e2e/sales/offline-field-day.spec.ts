/**
 * Seed 001's Journey 1 (V1 acceptance): Claire, a salesperson of Garage du Centre, works on her
 * phone (390×844) in a tunnel — offline she moves her opportunity to another stage from the
 * phone's list view, logs a call on the contact in two taps, adds a quick note and plans the
 * next step (a task). Back online, her manager Julien, whose desktop session was already open on
 * the pipeline board, sees the card in its new column with the column's weighted total updated,
 * then the call, the note, the stage change and the task in the team's activity feed — without
 * ever reloading.
 */
import { expect, test } from '../fixtures/test.ts';
import { getNavigation } from '../fixtures/tenancy.ts';
import { fillIn, plain } from '../fixtures/text.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';
import { createContact } from '../crm/crm-steps.ts';
import {
  CLAIRE,
  createOpportunity,
  createSuffix,
  getBoardColumn,
  JULIEN,
  openDevice,
  openSection,
  parseCents,
  PHONE,
  waitForSyncIdle,
} from './sales-steps.ts';

const text = fr;
const AMOUNT_EUROS = 12_340;
/** Proposition's default probability (seed 002): 80 %. */
const PROPOSAL_PROBABILITY = 0.8;

test('offline on a phone: a stage move, a two-tap call, a note and a task reach the manager’s open desktop', async ({
  browser,
  baseURL,
}) => {
  // Two devices, each with its first sync, and a dozen screens: longer than a single-screen journey.
  test.setTimeout(240_000);
  const suffix = createSuffix();
  const title = `Entretien flotte utilitaires ${suffix}`;
  const lastName = `Garnier-${suffix}`;
  const contactName = `Hélène ${lastName}`;
  const note = `Rappeler après le comité du ${suffix}`;
  const nextStep = `Envoyer le devis pneus ${suffix}`;

  const manager = await openDevice(browser, baseURL ?? '', text, JULIEN);
  const phone = await openDevice(browser, baseURL ?? '', text, CLAIRE, { viewport: PHONE, isPhone: true });

  // Online first: Claire's contact and opportunity exist on the server.
  await openSection(phone.page, text, text.crm.nav.contacts);
  await createContact(phone.page, text, { first_name: 'Hélène', last_name: lastName });
  await openSection(phone.page, text, text.pipeline.nav.pipeline);
  await createOpportunity(phone.page, text, { title, amountEuros: AMOUNT_EUROS, stage: text.pipeline.stages.prospect });
  await waitForSyncIdle(phone.page, text);

  // Julien's board shows it in Prospect; the Proposition column's weighted total before the move.
  await openSection(manager.page, text, text.pipeline.nav.pipeline);
  const prospect = getBoardColumn(manager.page, text, text.pipeline.stages.prospect);
  const proposal = getBoardColumn(manager.page, text, text.pipeline.stages.proposal);
  await expect(prospect.getByRole('link', { name: title })).toBeVisible({ timeout: 30_000 });
  const weightedBefore = parseCents(await proposal.getByTestId('stage-weighted').innerText());

  // In the tunnel.
  await phone.context.setOffline(true);
  const { page } = phone;

  // 1. The stage move, from the phone's list view (its default).
  await openSection(page, text, text.pipeline.nav.pipeline);
  const stagePicker = page.getByRole('combobox', { name: plain(fillIn(text.pipeline.list.stageOf, { title })) });
  await stagePicker.selectOption({ label: text.pipeline.stages.proposal });
  await expect(stagePicker.locator('option:checked')).toHaveText(text.pipeline.stages.proposal);

  // 2. A call in two taps on the contact's page: "Appel", then the outcome.
  await openSection(page, text, text.crm.nav.contacts);
  await page.getByRole('searchbox', { name: text.crm.list.searchLabel }).fill(lastName);
  await page
    .getByRole('list', { name: text.crm.nav.contacts })
    .getByRole('link', { name: new RegExp(lastName) })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: contactName })).toBeVisible();
  const quick = page.getByRole('region', { name: text.activities.quick.title });
  await quick.getByRole('button', { name: text.activities.quick.call, exact: true }).click();
  await quick.getByRole('button', { name: text.activities.outcomes.reached, exact: true }).click();
  await expect(
    page
      .getByText(plain(fillIn(text.activities.quick.callLogged, { outcome: text.activities.outcomes.reached })))
      .first(),
  ).toBeVisible();

  // 3. A quick note (typed: no dictation in a headless browser).
  await quick.getByRole('button', { name: text.activities.quick.note, exact: true }).click();
  await quick.getByRole('textbox', { name: text.activities.quick.noteLabel }).fill(note);
  await quick.getByRole('button', { name: text.activities.quick.saveNote }).click();
  await expect(page.getByText(text.activities.quick.noteSaved).first()).toBeVisible();

  // 4. The next step, as a task due tomorrow.
  await quick.getByRole('button', { name: text.activities.quick.nextStep, exact: true }).click();
  await quick.getByRole('textbox', { name: plain(text.activities.quick.nextStepLabel) }).fill(nextStep);
  await quick.getByRole('button', { name: text.activities.quick.dueTomorrow }).click();
  await quick.getByRole('button', { name: text.activities.quick.createTask }).click();
  await expect(
    page.getByText(plain(fillIn(text.activities.quick.taskCreated, { title: nextStep }))).first(),
  ).toBeVisible();

  // The timeline already shows the call and the note, from the phone's replica.
  const timeline = page.getByRole('region', { name: text.activities.timeline.title });
  await expect(timeline.getByText(note)).toBeVisible();

  // Out of the tunnel: everything is sent by itself.
  await phone.context.setOffline(false);
  await waitForSyncIdle(page, text);

  // Julien never reloads: the card changes column and the weighted total follows.
  await expect(proposal.getByRole('link', { name: title })).toBeVisible({ timeout: 30_000 });
  await expect(prospect.getByRole('link', { name: title })).toBeHidden();
  const expectedWeighted = weightedBefore + Math.round(AMOUNT_EUROS * 100 * PROPOSAL_PROBABILITY);
  await expect
    .poll(async () => parseCents(await proposal.getByTestId('stage-weighted').innerText()), { timeout: 30_000 })
    .toBe(expectedWeighted);

  // Then, still without a reload, the team's activity feed.
  await getNavigation(manager.page, text).getByRole('link', { name: text.activities.nav.feed, exact: true }).click();
  await expect(manager.page.getByRole('heading', { level: 1, name: text.activities.feed.title })).toBeVisible();
  await expect(manager.page.getByText(note)).toBeVisible({ timeout: 30_000 });
  await expect(
    manager.page.getByText(plain(fillIn(text.activities.feed.taskCreated, { title: nextStep }))),
  ).toBeVisible();
  // A feed item starts with its kind ("Appel", "Note", …), then its outcome.
  const callItem = manager.page
    .getByRole('listitem')
    .filter({ hasText: contactName })
    .filter({ hasText: new RegExp(`^${text.activities.kinds.call}(?!\\p{L})`, 'u') });
  await expect(callItem.first()).toBeVisible();
  await expect(callItem.first()).toContainText(text.activities.outcomes.reached);

  await phone.context.close();
  await manager.context.close();
});
