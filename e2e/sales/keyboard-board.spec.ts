/**
 * Keyboard-only drag and drop on the desktop board (V1): a salesperson (Claire) focuses the grip
 * of her card, picks it up with Space, moves it one column right with the arrow key and drops it
 * with Space. The card changes stage, the columns' totals follow, and the move survives a reload
 * (it reached the replica and the server, not only the screen).
 */
import { expect, test } from '../fixtures/test.ts';
import { fillIn } from '../fixtures/text.ts';
import { fr } from '../../web/src/i18n/locales/fr.ts';
import {
  CLAIRE,
  createOpportunity,
  createSuffix,
  getBoardColumn,
  openDevice,
  openSection,
  parseCents,
  waitForSyncIdle,
} from './sales-steps.ts';

const text = fr;

test('a card moves to the next stage with Space, →, Space, and stays there after a reload', async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await openDevice(browser, baseURL ?? '', text, CLAIRE);
  await openSection(page, text, text.pipeline.nav.pipeline);
  const title = `Contrat flotte clavier ${createSuffix()}`;
  await createOpportunity(page, text, { title, amountEuros: 4_321, stage: text.pipeline.stages.prospect });

  const prospect = getBoardColumn(page, text, text.pipeline.stages.prospect);
  const contact = getBoardColumn(page, text, text.pipeline.stages.contact);
  await expect(prospect.getByRole('link', { name: title })).toBeVisible();
  const contactTotalBefore = parseCents(await contact.getByTestId('stage-total').innerText());

  const grip = page.getByRole('button', { name: fillIn(text.pipeline.dnd.handle, { title }) });
  await grip.focus();
  await expect(grip).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');

  await expect(contact.getByRole('link', { name: title })).toBeVisible();
  await expect(prospect.getByRole('link', { name: title })).toBeHidden();
  await expect
    .poll(async () => parseCents(await contact.getByTestId('stage-total').innerText()))
    .toBe(contactTotalBefore + 432_100);
  // Screen readers heard where it went.
  await expect(
    page.getByText(fillIn(text.pipeline.dnd.dropped, { title, stage: text.pipeline.stages.contact })),
  ).toBeAttached();

  await waitForSyncIdle(page, text);
  await page.reload();
  await expect(
    getBoardColumn(page, text, text.pipeline.stages.contact).getByRole('link', { name: title }),
  ).toBeVisible();
  await expect(
    getBoardColumn(page, text, text.pipeline.stages.prospect).getByRole('link', { name: title }),
  ).toBeHidden();
  await context.close();
});
