/**
 * "À traiter" against the real engine and its in-memory server: a write the server refuses
 * shows up with the user's data in an editable form; "Renvoyer" sends the corrected data (and it
 * is applied), "Abandonner" asks first, then drops it and the record returns to the server's
 * version (here: an insert the server never accepted disappears).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow, getSyncState, requestSync } from '@web/lib/db/index.ts';
import type { MemoryServer } from '@web/lib/db/testing/memory-server.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { renderWithProviders, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { NeedsAttentionPage } from './needs-attention-page.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('manager'));

const text = fr.crm;
const norm = (message: string) => message.replace(/\s+/g, ' ');

afterEach(async () => {
  await stopTestReplica();
});

/** A company the server refuses because of its SIRET (as if another device had it first). */
async function createRefusedCompany(server: MemoryServer): Promise<string> {
  server.rejectRule = (table, fields) =>
    table === 'companies' && fields['siret'] === '54205118000066' ? ['siret'] : [];
  const { id } = await createRow('companies', { name: 'Garage des Lilas', siret: '542 051 180 00066' });
  requestSync();
  await waitFor(() => expect(getSyncState().rejections).toBe(1), { timeout: 5000 });
  return id;
}

describe('NeedsAttentionPage', () => {
  it('says when nothing needs attention', async () => {
    await startTestReplica();
    renderWithProviders(<NeedsAttentionPage />, '/a-traiter');
    expect(await screen.findByText(norm(text.attention.empty))).toBeInTheDocument();
  });

  it('shows a refused write with its data, and resends it corrected', async () => {
    const { server } = await startTestReplica();
    const id = await createRefusedCompany(server);
    renderWithProviders(<NeedsAttentionPage />, '/a-traiter');

    const card = (await screen.findByRole('heading', { name: 'Entreprise · Garage des Lilas' })).closest(
      'section',
    ) as HTMLElement;
    expect(within(card).getByText(text.attention.codes.invalid, { selector: '.alert__body *' })).toBeInTheDocument();
    const siret = within(card).getByRole('textbox', { name: text.fields.siret });
    expect(siret).toHaveValue('54205118000066');
    expect(siret).toHaveAttribute('aria-invalid', 'true');
    expect(within(card).getByRole('textbox', { name: text.fields.name })).toHaveValue('Garage des Lilas');

    const user = userEvent.setup();
    await user.clear(siret);
    await user.type(siret, '44306184100047');
    await user.click(within(card).getByRole('button', { name: text.attention.resend }));

    expect(await screen.findByText(norm(text.attention.empty))).toBeInTheDocument();
    requestSync();
    await waitFor(
      () => expect(server.listLiveRows('companies').find((row) => row['id'] === id)?.['siret']).toBe('44306184100047'),
      {
        timeout: 5000,
      },
    );
  });

  it('discards only after confirmation', async () => {
    const { server } = await startTestReplica();
    await createRefusedCompany(server);
    renderWithProviders(<NeedsAttentionPage />, '/a-traiter');
    const user = userEvent.setup();

    const card = (await screen.findByRole('heading', { name: 'Entreprise · Garage des Lilas' })).closest(
      'section',
    ) as HTMLElement;
    await user.click(within(card).getByRole('button', { name: text.attention.discard }));
    const dialog = await screen.findByRole('dialog', { name: text.attention.discardTitle });
    await user.click(within(dialog).getByRole('button', { name: text.common.cancel }));
    expect(screen.getByRole('heading', { name: 'Entreprise · Garage des Lilas' })).toBeInTheDocument();

    await user.click(within(card).getByRole('button', { name: text.attention.discard }));
    await user.click(
      within(await screen.findByRole('dialog', { name: text.attention.discardTitle })).getByRole('button', {
        name: text.attention.discard,
      }),
    );
    expect(await screen.findByText(norm(text.attention.empty))).toBeInTheDocument();
    await waitFor(() => expect(getSyncState().rejections).toBe(0));
    expect(server.listLiveRows('companies')).toEqual([]);
  });
});
