/**
 * The opportunity page against the real engine: the stage stepper moves the opportunity (a local
 * write the server then stamps), the time spent in each stage comes from the server's history,
 * and a delete can be undone from the toast. The timeline and the comments (other features) are
 * stubbed: their own tests cover them.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { syncNow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { getTestDb, renderRoutes, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { createOpportunity, getStagesByKey } from '../fixtures/replica.tsx';
import { OpportunityPage } from './opportunity-page.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('manager'));
vi.mock('@web/features/activities/index.ts', () => ({ Timeline: () => <p>timeline</p> }));
vi.mock('@web/features/comments/index.ts', () => ({ CommentThread: () => <p>commentaires</p> }));

const text = fr.pipeline;

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

function renderPage(id: string) {
  const user = userEvent.setup();
  renderRoutes({ '/pipeline/:id': <OpportunityPage />, '/pipeline': <p>tableau</p> }, `/pipeline/${id}`);
  return user;
}

describe('opportunity page', () => {
  it('moves the opportunity with the stage stepper and lists the time spent in each stage', async () => {
    const stages = await getStagesByKey();
    const opportunity = await createOpportunity({
      title: 'Flotte Renault',
      stage_id: stages['demo']?.id,
      amount_cents: 1_000_000,
    });
    const user = renderPage(opportunity.id);

    const stepper = await screen.findByRole('navigation', { name: text.detail.stages });
    expect(within(stepper).getByRole('button', { name: text.stages.demo })).toHaveAttribute('aria-current', 'step');
    const times = screen.getByRole('heading', { name: text.detail.timeInStages }).closest('section') as HTMLElement;
    expect(await within(times).findByText(text.stages.demo)).toBeInTheDocument();

    await user.click(within(stepper).getByRole('button', { name: text.stages.won }));
    await waitFor(() =>
      expect(within(stepper).getByRole('button', { name: text.stages.won })).toHaveAttribute('aria-current', 'step'),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await syncNow();
    // The server recorded the stage change: two stays now, the demo one closed.
    expect(await within(times).findByText(text.stages.won)).toBeInTheDocument();
    expect(within(times).getByText(text.stages.demo)).toBeInTheDocument();
    expect((await getTestDb().opportunities.get(opportunity.id))?.closed_at).not.toBeNull();
  });

  it('deletes at once and brings the opportunity back with the toast’s undo', async () => {
    const stages = await getStagesByKey();
    const opportunity = await createOpportunity({ title: 'Flotte Renault', stage_id: stages['demo']?.id });
    const user = renderPage(opportunity.id);

    await user.click(await screen.findByRole('button', { name: text.common.delete }));
    expect(await screen.findByText('tableau')).toBeInTheDocument();
    expect(await getTestDb().opportunities.get(opportunity.id)).toBeUndefined();
    await user.click(screen.getByRole('button', { name: text.common.undo }));
    await waitFor(async () => expect(await getTestDb().opportunities.get(opportunity.id)).toBeDefined());
    expect(await screen.findByText(text.detail.undone)).toBeInTheDocument();
  });
});
