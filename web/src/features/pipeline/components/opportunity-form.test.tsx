/**
 * Creating an opportunity against the real engine: problems are checked with the shared rules on
 * submit, shown next to the field and tied to it, the first one focused; a lost stage shows and
 * requires the loss reason; the amount typed in euros is written in cents, and the company comes
 * from the replica's search.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow, syncNow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { getTestDb, renderRoutes, startTestReplica, stopTestReplica, TEST_USER_ID } from '@web/test/replica.tsx';
import { getStagesByKey } from '../fixtures/replica.tsx';
import { NewOpportunityPage } from './opportunity-form-pages.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('manager'));

const text = fr.pipeline;

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

function renderNew() {
  const user = userEvent.setup();
  renderRoutes(
    { '/pipeline/nouvelle': <NewOpportunityPage />, '/pipeline/:id': <p>page opportunité</p> },
    '/pipeline/nouvelle',
  );
  return user;
}

describe('opportunity form', () => {
  it('refuses an empty title and a malformed amount, focusing the first problem', async () => {
    const user = renderNew();
    await user.type(
      await screen.findByRole('textbox', { name: new RegExp(`^${text.fields.amount.replace(/[()€]/g, '.')}`) }),
      '12,345',
    );
    await user.click(screen.getByRole('button', { name: text.common.create }));

    expect(await screen.findByText(text.errors.summary)).toBeInTheDocument();
    const title = screen.getByRole('textbox', { name: text.fields.title });
    expect(title).toHaveFocus();
    expect(title).toHaveAccessibleDescription(text.errors.required);
    expect(screen.getByText(text.errors.amount)).toBeInTheDocument();
    expect(await getTestDb().opportunities.count()).toBe(0);
  });

  it('shows the loss reason for a lost stage and requires it', async () => {
    const stages = await getStagesByKey();
    const user = renderNew();
    await user.type(await screen.findByRole('textbox', { name: text.fields.title }), 'Flotte Renault');
    expect(screen.queryByRole('textbox', { name: text.fields.loss_reason })).not.toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: text.fields.stage_id }), stages['lost']?.id ?? '');
    await user.click(screen.getByRole('button', { name: text.common.create }));

    const reason = await screen.findByRole('textbox', { name: text.fields.loss_reason });
    expect(reason).toHaveFocus();
    expect(reason).toHaveAccessibleDescription(text.errors.loss_reason);
    expect(await getTestDb().opportunities.count()).toBe(0);

    await user.type(reason, 'Concurrent moins cher');
    await user.click(screen.getByRole('button', { name: text.common.create }));
    await waitFor(() => expect(screen.getByText('page opportunité')).toBeInTheDocument());
    const [row] = await getTestDb().opportunities.toArray();
    expect(row).toEqual(
      expect.objectContaining({ stage_id: stages['lost']?.id, loss_reason: 'Concurrent moins cher' }),
    );
  });

  it('writes the amount in cents, the picked company and the stage placeholder probability as null', async () => {
    const { id: companyId } = await createRow('companies', { name: 'Transports Lefèvre' });
    await syncNow();
    const stages = await getStagesByKey();
    const user = renderNew();
    await user.type(await screen.findByRole('textbox', { name: text.fields.title }), 'Flotte Lefèvre');
    await user.type(screen.getByRole('searchbox', { name: new RegExp(`^${text.fields.company_id}`) }), 'lefev');
    await user.click(await screen.findByRole('button', { name: 'Transports Lefèvre' }));
    await user.type(
      screen.getByRole('textbox', { name: new RegExp(`^${text.fields.amount.replace(/[()€]/g, '.')}`) }),
      '12 500,50',
    );
    const probability = screen.getByRole('textbox', {
      name: new RegExp(`^${text.fields.probability.replace(/[()%]/g, '.')}`),
    });
    expect(probability).toHaveAttribute('placeholder', String(stages['prospect']?.probability));
    await user.click(screen.getByRole('button', { name: text.common.create }));

    await waitFor(() => expect(screen.getByText('page opportunité')).toBeInTheDocument());
    const [row] = await getTestDb().opportunities.toArray();
    expect(row).toEqual(
      expect.objectContaining({
        title: 'Flotte Lefèvre',
        company_id: companyId,
        amount_cents: 1_250_050,
        probability: null,
        stage_id: stages['prospect']?.id,
        owner_id: TEST_USER_ID,
        loss_reason: null,
      }),
    );
  });
});
