/**
 * The weights settings page against the real engine and the in-memory server: only owners and
 * admins get it; moving weights re-ranks the tenant's open opportunities live (top 10 before →
 * after); saving writes the `scoring_models` row through the replica and it syncs.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DEFAULT_WEIGHTS } from '@shared/scoring/index.ts';
import { createRow, syncNow } from '@web/lib/db/index.ts';
import type { MemoryServer } from '@web/lib/db/testing/memory-server.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { getTestDb, renderWithProviders, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { getStageId, setTestRole } from '../fixtures/replica.tsx';
import { ScoringSettingsPage } from './scoring-settings-page.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => {
  const { mockTenancy } = await import('@web/test/replica.tsx');
  const { SCORING_TENANT_STATE } = await import('../fixtures/replica.tsx');
  return mockTenancy(SCORING_TENANT_STATE);
});

const text = fr.scoring;
const signals = text.signals;
let server: MemoryServer;

beforeEach(async () => {
  setTestRole('admin');
  ({ server } = await startTestReplica());
});

afterEach(async () => {
  await stopTestReplica();
});

/** Three open deals: A far along but silent, B early but talked to, C in between. */
async function seedDeals(): Promise<void> {
  await createRow('opportunities', {
    title: 'Rénovation atelier',
    stage_id: await getStageId('proposal'),
    amount_cents: 100_000,
  });
  const { id: b } = await createRow('opportunities', { title: 'Flotte 2027', stage_id: await getStageId('prospect') });
  const { id: c } = await createRow('opportunities', {
    title: 'Contrat entretien',
    stage_id: await getStageId('demo'),
  });
  const now = new Date().toISOString();
  for (const opportunity_id of [b, b, b, c]) {
    await createRow('activities', { kind: 'call', outcome: 'reached', occurred_at: now, opportunity_id });
  }
}

function getPreviewRows(): string[][] {
  const table = screen.getByRole('table');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent.replace(/\s+/g, ' ')),
    );
}

describe('ScoringSettingsPage', () => {
  it('is for owners and admins only', async () => {
    setTestRole('manager');
    renderWithProviders(<ScoringSettingsPage />);
    expect(await screen.findByText(text.settings.noAccess)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: text.settings.save })).not.toBeInTheDocument();
  });

  it('previews the new ranking live, then saves the weights through the replica', async () => {
    await seedDeals();
    renderWithProviders(<ScoringSettingsPage />);
    const user = userEvent.setup();

    // Defaults: the deal people talk to leads.
    await waitFor(() =>
      expect(getPreviewRows().map((r) => r[0])).toEqual(['Flotte 2027', 'Contrat entretien', 'Rénovation atelier']),
    );
    expect(getPreviewRows()[0]?.[3]).toBe(text.settings.rankSame);

    // Interactions count for nothing, the stage for everything.
    for (const [label, value] of [
      [signals.recency, '0'],
      [signals.frequency, '0'],
      [signals.stage, '100'],
    ] as const) {
      const field = screen.getByRole('spinbutton', { name: label });
      await user.clear(field);
      await user.type(field, value);
    }
    await waitFor(() =>
      expect(getPreviewRows().map((r) => [r[0], r[3]])).toEqual([
        ['Rénovation atelier', 'monte de 2 places'],
        ['Contrat entretien', text.settings.rankSame],
        ['Flotte 2027', 'descend de 2 places'],
      ]),
    );
    // The proposal at 80 %: 80 stage points + 2 for a 1/6 complete record, was 12 + 2.
    expect(getPreviewRows()[0]?.slice(1, 3)).toEqual(['14 (#3)', '82 (#1)']);
    expect(screen.getByText(text.settings.unsaved)).toBeInTheDocument();
    expect(screen.getByRole('slider', { name: `${signals.stage} (curseur)` })).toHaveValue('100');

    await user.click(screen.getByRole('button', { name: text.settings.save }));
    expect(await screen.findByText(text.settings.saved)).toBeInTheDocument();
    const models = await getTestDb().scoring_models.toArray();
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({
      kind: 'opportunity',
      weights: { ...DEFAULT_WEIGHTS.opportunity, recency: 0, frequency: 0, stage: 100 },
    });
    await waitFor(() => expect(screen.queryByText(text.settings.unsaved)).not.toBeInTheDocument());
    await syncNow();
    expect(server.listLiveRows('scoring_models')).toEqual([
      expect.objectContaining({ kind: 'opportunity', weights: models[0]?.weights }),
    ]);

    // Reset puts the defaults back in the form, unsaved until saved.
    await user.click(screen.getByRole('button', { name: text.settings.reset }));
    expect(screen.getByRole('spinbutton', { name: signals.stage })).toHaveValue(DEFAULT_WEIGHTS.opportunity.stage);
    expect(screen.getByText(text.settings.unsaved)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: text.settings.save }));
    await waitFor(async () =>
      expect((await getTestDb().scoring_models.toArray())[0]?.weights).toEqual(DEFAULT_WEIGHTS.opportunity),
    );
  });

  it('refuses a weight outside 0..100 and writes nothing', async () => {
    renderWithProviders(<ScoringSettingsPage />);
    const user = userEvent.setup();
    const field = await screen.findByRole('spinbutton', { name: signals.amount });
    await user.clear(field);
    await user.type(field, '150');
    expect(await screen.findByText(text.settings.weightInvalid)).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    await user.click(screen.getByRole('button', { name: text.settings.save }));
    expect(await getTestDb().scoring_models.count()).toBe(0);
  });

  it('tunes the contact score too', async () => {
    await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia', email: 'ines@exemple.fr' });
    renderWithProviders(<ScoringSettingsPage />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: text.settings.kindContact }));
    const field = await screen.findByRole('spinbutton', { name: signals.openOpportunities });
    await waitFor(() => expect(getPreviewRows().map((r) => r[0])).toEqual(['Inès Garcia']));
    await user.clear(field);
    await user.type(field, '40');
    await user.click(screen.getByRole('button', { name: text.settings.save }));
    await waitFor(async () =>
      expect(await getTestDb().scoring_models.toArray()).toEqual([
        expect.objectContaining({ kind: 'contact', weights: { ...DEFAULT_WEIGHTS.contact, open_opportunities: 40 } }),
      ]),
    );
  });
});
