/**
 * The board against the real engine (fake-indexeddb + in-memory server): columns show the
 * translated default stages with count, total and weighted total; a keyboard-only move changes the
 * stage in the replica at once and reaches the server through the outbox; a lost stage asks for
 * the reason (cancel leaves the card where it was); cards are sorted by score.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { syncNow } from '@web/lib/db/index.ts';
import type { MemoryServer } from '@web/lib/db/testing/memory-server.ts';
import type * as ScoringModule from '@web/features/scoring/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { getTestDb, renderRoutes, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { createOpportunity, getStagesByKey } from '../fixtures/replica.tsx';
import { PipelinePage } from './pipeline-page.tsx';

const scoring = vi.hoisted(() => ({ scores: new Map<string, { score: number; contributions: never[] }>() }));

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('manager'));
vi.mock('@web/features/scoring/index.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof ScoringModule>()),
  // Scores under the test's control (the real hook computes them from the replica).
  useOpportunityScores: () => scoring.scores,
}));

const text = fr.pipeline;
/** What Testing Library matches against: its default normaliser turns U+00A0 and U+202F into spaces. */
const norm = (message: string) => message.replace(/\s+/g, ' ');

let server: MemoryServer;

beforeEach(async () => {
  scoring.scores = new Map();
  ({ server } = await startTestReplica());
});

afterEach(async () => {
  await stopTestReplica();
});

function renderBoard() {
  const user = userEvent.setup();
  renderRoutes({ '/pipeline': <PipelinePage /> }, '/pipeline?vue=tableau');
  return user;
}

async function findColumn(name: string): Promise<HTMLElement> {
  const heading = await screen.findByRole('heading', { level: 2, name: new RegExp(`^${name}\\s\\d`) });
  return heading.closest('section') as HTMLElement;
}

/** The amount as fr-FR prints it, spaces normalised like Testing Library does. */
function euros(value: number): string {
  return norm(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(value));
}

describe('pipeline board', () => {
  it('shows every default stage with its count, total and weighted total', async () => {
    const stages = await getStagesByKey();
    await createOpportunity({ title: 'Flotte Renault', stage_id: stages['proposal']?.id, amount_cents: 1_000_000 });
    await createOpportunity({ title: 'Atelier Martin', stage_id: stages['proposal']?.id, amount_cents: 500_050 });
    await createOpportunity({
      title: 'Garage Dupont',
      stage_id: stages['demo']?.id,
      amount_cents: 200_000,
      probability: 25,
    });
    renderBoard();

    for (const name of Object.values(text.stages).slice(0, 7)) {
      expect(await findColumn(name)).toBeInTheDocument();
    }
    const proposal = await findColumn(text.stages.proposal);
    expect(within(proposal).getByRole('heading', { level: 2 })).toHaveTextContent(`${text.stages.proposal} 2`);
    expect(within(proposal).getByTestId('stage-total')).toHaveTextContent(euros(15_000.5));
    // 80 % of 15 000,50 € (the stage's probability).
    expect(within(proposal).getByTestId('stage-weighted')).toHaveTextContent(euros(12_000.4));
    const demo = await findColumn(text.stages.demo);
    // The opportunity's own 25 % wins over the stage's 60 %.
    expect(within(demo).getByTestId('stage-weighted')).toHaveTextContent(euros(500));
    expect(within(await findColumn(text.stages.won)).getByText(text.board.emptyColumn)).toBeInTheDocument();
  });

  it('moves a card to the next stage with the keyboard only, locally first, then to the server', async () => {
    const stages = await getStagesByKey();
    const opportunity = await createOpportunity({ title: 'Flotte Renault', stage_id: stages['demo']?.id });
    const user = renderBoard();

    const handle = await screen.findByRole('button', { name: /Flotte Renault/ });
    handle.focus();
    await user.keyboard('[Space]');
    await user.keyboard('[ArrowRight]');
    await user.keyboard('[Space]');

    await waitFor(async () => {
      expect((await getTestDb().opportunities.get(opportunity.id))?.stage_id).toBe(stages['proposal']?.id);
    });
    const proposal = await findColumn(text.stages.proposal);
    expect(await within(proposal).findByRole('link', { name: 'Flotte Renault' })).toBeInTheDocument();
    expect(
      await screen.findByText(
        norm(text.board.moved.replace('{{title}}', 'Flotte Renault').replace('{{stage}}', text.stages.proposal)),
      ),
    ).toBeInTheDocument();

    await syncNow();
    expect(server.getRow('opportunities', opportunity.id)?.['stage_id']).toBe(stages['proposal']?.id);
    expect(server.applied.filter((entry) => entry.table === 'opportunities' && entry.op === 'update')).toEqual([
      expect.objectContaining({ id: opportunity.id, fields: { stage_id: stages['proposal']?.id } }),
    ]);
  });

  it('asks why before a card enters the lost stage; cancelling leaves it where it was', async () => {
    const stages = await getStagesByKey();
    const opportunity = await createOpportunity({ title: 'Flotte Renault', stage_id: stages['proposal']?.id });
    const user = renderBoard();

    const moveToLost = async () => {
      const handle = await screen.findByRole('button', { name: /Flotte Renault/ });
      handle.focus();
      await user.keyboard('[Space]');
      await user.keyboard('[ArrowRight]');
      await user.keyboard('[ArrowRight]');
      await user.keyboard('[Space]');
      return screen.findByRole('dialog', { name: text.lossDialog.title });
    };

    let dialog = await moveToLost();
    await user.click(within(dialog).getByRole('button', { name: text.common.cancel }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect((await getTestDb().opportunities.get(opportunity.id))?.stage_id).toBe(stages['proposal']?.id);

    dialog = await moveToLost();
    await user.click(within(dialog).getByRole('button', { name: text.lossDialog.confirm }));
    expect(await within(dialog).findByText(text.lossDialog.required)).toBeInTheDocument();
    expect((await getTestDb().opportunities.get(opportunity.id))?.stage_id).toBe(stages['proposal']?.id);

    await user.type(within(dialog).getByRole('textbox', { name: text.fields.loss_reason }), 'Budget gelé');
    await user.click(within(dialog).getByRole('button', { name: text.lossDialog.confirm }));
    await waitFor(async () => {
      const row = await getTestDb().opportunities.get(opportunity.id);
      expect(row?.stage_id).toBe(stages['lost']?.id);
      expect(row?.loss_reason).toBe('Budget gelé');
    });
    await syncNow();
    expect(server.getRow('opportunities', opportunity.id)).toEqual(
      expect.objectContaining({ stage_id: stages['lost']?.id, loss_reason: 'Budget gelé' }),
    );
  });

  it('sorts the cards of a column by score, best first', async () => {
    const stages = await getStagesByKey();
    const low = await createOpportunity({ title: 'Tiède', stage_id: stages['contact']?.id });
    const high = await createOpportunity({ title: 'Brûlante', stage_id: stages['contact']?.id });
    const none = await createOpportunity({ title: 'Inconnue', stage_id: stages['contact']?.id });
    scoring.scores = new Map([
      [low.id, { score: 35, contributions: [] }],
      [high.id, { score: 91, contributions: [] }],
    ]);
    renderBoard();

    const column = await findColumn(text.stages.contact);
    await within(column).findByRole('link', { name: 'Inconnue' });
    const titles = within(column)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(titles).toEqual(['Brûlante', 'Tiède', 'Inconnue']);
    expect(within(column).getByText('91')).toBeInTheDocument();
    expect(none.score).toBeNull();
  });

  it('keeps filters in the address and narrows the board by score band', async () => {
    const stages = await getStagesByKey();
    const hot = await createOpportunity({ title: 'Brûlante', stage_id: stages['contact']?.id });
    await createOpportunity({ title: 'Froide', stage_id: stages['contact']?.id });
    scoring.scores = new Map([[hot.id, { score: 80, contributions: [] }]]);
    const user = renderBoard();

    await screen.findByRole('link', { name: 'Froide' });
    await user.selectOptions(screen.getByRole('combobox', { name: text.filters.band }), 'hot');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Froide' })).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: 'Brûlante' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/pipeline?vue=tableau&score=hot');
  });
});
