/**
 * Internal comments against the real engine: @mention autocomplete from the team (keyboard
 * alone), the mention stored as the member's id and shown as their name, the thread in
 * chronological order, and editing one's own comment only.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import {
  getTestDb,
  OTHER_USER_ID,
  renderWithProviders,
  startTestReplica,
  stopTestReplica,
  THIRD_USER_ID,
  writeAsMember,
} from '@web/test/replica.tsx';
import { CommentThread } from './comment-thread.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('sales'));
vi.mock('@web/features/tasks/queries.ts', async () => {
  const { mockTeamQueries, TEST_MEMBERS } = await import('@web/test/replica.tsx');
  return mockTeamQueries(TEST_MEMBERS);
});

// A busy machine (parallel suites) can take more than the default second to sync a write.
configure({ asyncUtilTimeout: 5000 });

const text = fr.tasks.comments;

let companyId = '';

beforeEach(async () => {
  await startTestReplica();
  companyId = (await createRow('companies', { name: 'Biotech SA' })).id;
});

afterEach(async () => {
  await stopTestReplica();
});

describe('CommentThread', () => {
  it('autocompletes a mention with the keyboard and stores the member’s id', async () => {
    renderWithProviders(<CommentThread record={{ table: 'companies', id: companyId }} />);
    const user = userEvent.setup();
    const box = await screen.findByRole('textbox', { name: text.new });

    await user.type(box, 'Peux-tu voir @');
    const list = await screen.findByRole('listbox', { name: text.mentionList });
    // The author is not offered; both colleagues are.
    expect(
      within(list)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Sophie Bernard', 'Élodie Sanchez']);
    await user.type(box, 'e');
    expect(
      within(list)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Élodie Sanchez']);
    await user.keyboard('{Backspace}');
    await user.keyboard('{ArrowDown}');
    const active = within(list).getByRole('option', { selected: true });
    expect(active).toHaveTextContent('Élodie Sanchez');
    expect(box).toHaveAttribute('aria-activedescendant', active.id);
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(box).toHaveValue('Peux-tu voir @Élodie Sanchez ');

    await user.type(box, 'le budget');
    await user.click(screen.getByRole('button', { name: text.send }));

    await waitFor(async () => expect(await getTestDb().comments.count()).toBe(1));
    const [comment] = await getTestDb().comments.toArray();
    expect(comment).toMatchObject({
      record_table: 'companies',
      record_id: companyId,
      body: 'Peux-tu voir @Élodie Sanchez le budget',
      mentions: [THIRD_USER_ID],
    });
    expect(box).toHaveValue('');
    const thread = await screen.findByRole('list', { name: text.title });
    expect(within(thread).getByText('@Élodie Sanchez')).toHaveClass('mention');
  });

  it('closes the list with Escape; "@so" typed without a pick is sent as plain text', async () => {
    renderWithProviders(<CommentThread record={{ table: 'companies', id: companyId }} />);
    const user = userEvent.setup();
    const box = await screen.findByRole('textbox', { name: text.new });
    await user.type(box, '@so');
    await screen.findByRole('listbox', { name: text.mentionList });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(async () => expect(await getTestDb().comments.count()).toBe(1));
    const [comment] = await getTestDb().comments.toArray();
    expect(comment).toMatchObject({ body: '@so', mentions: [] });
  });

  it('shows the thread oldest first, names the authors, and offers edit only on one’s own', async () => {
    await writeAsMember(OTHER_USER_ID, [
      { table: 'comments', fields: { record_table: 'companies', record_id: companyId, body: 'Premier message' } },
    ]);
    await createRow('comments', { record_table: 'companies', record_id: companyId, body: 'Ma réponse' });
    renderWithProviders(<CommentThread record={{ table: 'companies', id: companyId }} />);
    const user = userEvent.setup();

    const thread = await screen.findByRole('list', { name: text.title });
    await waitFor(() => expect(within(thread).getAllByRole('listitem')).toHaveLength(2));
    const [first, second] = within(thread).getAllByRole('listitem');
    expect(first).toHaveTextContent('Sophie Bernard');
    expect(first).toHaveTextContent('Premier message');
    expect(within(first as HTMLElement).queryByRole('button')).not.toBeInTheDocument();
    expect(second).toHaveTextContent('Ma réponse');

    await user.click(within(second as HTMLElement).getByRole('button', { name: /Modifier/ }));
    const editor = screen.getByRole('textbox', { name: text.edit });
    await user.clear(editor);
    await user.type(editor, 'Ma réponse corrigée');
    await user.click(within(second as HTMLElement).getByRole('button', { name: fr.tasks.common.save }));
    await waitFor(async () =>
      expect((await getTestDb().comments.toArray()).map((row) => row.body).sort()).toEqual([
        'Ma réponse corrigée',
        'Premier message',
      ]),
    );
  });
});
