/**
 * The home screen's call sheet: the contacts the user called lately come first; picking one
 * leads to the same two taps, which log the call with that contact and its company.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { getTestDb, renderWithProviders, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { QuickCallSheet } from './quick-call-sheet.tsx';
import { RecentActivity } from './recent-activity.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => {
  const { mockTenancy, TEST_MEMBERS } = await import('@web/test/replica.tsx');
  return mockTenancy('sales', TEST_MEMBERS);
});

const text = fr.activities;

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

// Each test runs the real engine through several syncs: room for a loaded two-core CI machine.
describe('QuickCallSheet', { timeout: 15_000 }, () => {
  it('offers recent contacts and logs a call with the one picked in two more taps', async () => {
    const { id: acme } = await createRow('companies', { name: 'Acme' });
    const { id: ines } = await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia', company_id: acme });
    await createRow('contacts', { first_name: 'Marc', last_name: 'Petit' });
    await createRow('activities', { kind: 'email', occurred_at: new Date().toISOString(), contact_id: ines });
    renderWithProviders(<QuickCallSheet />);
    const user = userEvent.setup();

    const recent = await screen.findByRole('list');
    expect(
      within(recent)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Inès Garcia']);
    await user.click(within(recent).getByRole('button', { name: 'Inès Garcia' }));
    await user.click(screen.getByRole('button', { name: text.quick.call }));
    await user.click(screen.getByRole('button', { name: text.outcomes.not_interested }));

    await waitFor(async () => {
      const calls = (await getTestDb().activities.toArray()).filter((row) => row.kind === 'call');
      expect(calls).toMatchObject([{ outcome: 'not_interested', contact_id: ines, company_id: acme }]);
    });
  });
});

// Each test runs the real engine through several syncs: room for a loaded two-core CI machine.
describe('RecentActivity', { timeout: 15_000 }, () => {
  it("lists the team's latest items with a link to the feed", async () => {
    const { id: ines } = await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia' });
    await createRow('activities', {
      kind: 'note',
      occurred_at: new Date().toISOString(),
      body: 'À relancer',
      contact_id: ines,
    });
    renderWithProviders(<RecentActivity />);
    expect(await screen.findByText('À relancer')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: text.recent.seeAll })).toHaveAttribute('href', '/activite');
  });
});
