/**
 * The /taches screen against the real engine: "Ma journée" groups (overdue highlighted), one tap
 * completes with "Annuler", and the board moves a card with the keyboard alone.
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
  TEST_USER_ID,
} from '@web/test/replica.tsx';
import { DEFAULT_FILTERS } from '../internal/my-day.ts';
import { useTasksUi } from '../store.ts';
import { TasksPage } from './tasks-page.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('sales'));
vi.mock('@web/features/tasks/queries.ts', async () => {
  const { mockTeamQueries, TEST_MEMBERS } = await import('@web/test/replica.tsx');
  return mockTeamQueries(TEST_MEMBERS);
});

// A busy machine (parallel suites) can take more than the default second to sync a write.
configure({ asyncUtilTimeout: 5000 });

const text = fr.tasks;
/** Testing Library collapses white space, the no-break spaces of French typography included. */
const norm = (message: string) => message.replace(/\s+/g, ' ');
/** A message with its values; accessible names keep the no-break spaces, text matches do not. */
const format = (message: string, values: Record<string, string>) =>
  Object.entries(values).reduce((result, [key, value]) => result.replace(`{{${key}}}`, value), message);
const fill = (message: string, values: Record<string, string>) => norm(format(message, values));

const HOUR = 3_600_000;

async function createTask(fields: Record<string, unknown>): Promise<string> {
  const { id } = await createRow('tasks', { assignee_id: TEST_USER_ID, ...fields });
  return id;
}

beforeEach(async () => {
  useTasksUi.setState({ view: null, filters: DEFAULT_FILTERS });
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

describe('TasksPage — Ma journée', () => {
  it('groups the user’s open tasks: overdue (highlighted), today, upcoming, no date', async () => {
    await createTask({ title: 'Relancer le devis Biotech', due_at: new Date(Date.now() - 2 * HOUR).toISOString() });
    await createTask({ title: 'Préparer la démo', due_at: new Date(Date.now() + 3 * 24 * HOUR).toISOString() });
    await createTask({ title: 'Lire la doc' });
    await createTask({ title: 'Tâche de Sophie', assignee_id: OTHER_USER_ID });
    await createTask({ title: 'Déjà faite', status: 'done' });
    renderWithProviders(<TasksPage />, '/taches');

    const overdue = await screen.findByRole('region', { name: `${text.myDay.overdue} (1)` });
    const late = within(overdue).getByRole('listitem');
    expect(late).toHaveTextContent('Relancer le devis Biotech');
    expect(late).toHaveClass('task-item--overdue');
    expect(within(late).getByText(text.item.overdue)).toBeInTheDocument();
    expect(screen.getByRole('region', { name: `${text.myDay.upcoming} (1)` })).toHaveTextContent('Préparer la démo');
    expect(screen.getByRole('region', { name: `${text.myDay.noDate} (1)` })).toHaveTextContent('Lire la doc');
    // "Moi" by default: Sophie's task and done ones are not in the user's day.
    expect(screen.queryByText('Tâche de Sophie')).not.toBeInTheDocument();
    expect(screen.queryByText('Déjà faite')).not.toBeInTheDocument();
  });

  it('completes a task in one tap and brings it back with "Annuler"', async () => {
    const id = await createTask({ title: 'Appeler Inès' });
    renderWithProviders(<TasksPage />, '/taches');
    const user = userEvent.setup();

    await user.click(
      await screen.findByRole('button', { name: format(text.item.complete, { title: 'Appeler Inès' }) }),
    );
    await waitFor(async () => expect((await getTestDb().tasks.get(id))?.status).toBe('done'));
    expect(await screen.findByRole('heading', { name: text.empty.allDoneTitle })).toBeInTheDocument();

    const toast = (await screen.findByText(fill(text.toast.completed, { title: 'Appeler Inès' }))).closest('.toast');
    await user.click(within(toast as HTMLElement).getByRole('button', { name: text.common.undo }));
    await waitFor(async () => expect((await getTestDb().tasks.get(id))?.status).toBe('todo'));
    expect(await screen.findByText('Appeler Inès')).toBeInTheDocument();
  });
});

describe('TasksPage — board', () => {
  it('moves a card to another column with the keyboard alone', async () => {
    const id = await createTask({ title: 'Envoyer la proposition' });
    renderWithProviders(<TasksPage />, '/taches');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: text.views.board }));

    const todo = await screen.findByRole('region', { name: `${text.status.todo} (1)` });
    const handle = within(todo).getByRole('button', {
      name: format(text.board.handle, { title: 'Envoyer la proposition' }),
    });
    handle.focus();
    await user.keyboard(' ');
    expect(handle).toHaveAttribute('aria-pressed', 'true');
    expect(
      screen.getByText(fill(text.board.picked, { title: 'Envoyer la proposition', column: text.status.todo })),
    ).toBeInTheDocument();
    await user.keyboard('{ArrowRight}');
    expect(
      screen.getByText(fill(text.board.over, { title: 'Envoyer la proposition', column: text.status.in_progress })),
    ).toBeInTheDocument();
    await user.keyboard(' ');

    await waitFor(async () => expect((await getTestDb().tasks.get(id))?.status).toBe('in_progress'));
    const inProgress = await screen.findByRole('region', { name: `${text.status.in_progress} (1)` });
    expect(within(inProgress).getByText('Envoyer la proposition')).toBeInTheDocument();
    // The focus follows the card into its new column.
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(inProgress).getByRole('button', {
          name: format(text.board.handle, { title: 'Envoyer la proposition' }),
        }),
      ),
    );
  });

  it('cancels a keyboard move with Escape', async () => {
    const id = await createTask({ title: 'Visite atelier' });
    renderWithProviders(<TasksPage />, '/taches');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: text.views.board }));
    const handle = await screen.findByRole('button', { name: format(text.board.handle, { title: 'Visite atelier' }) });
    handle.focus();
    await user.keyboard(' {ArrowRight}{ArrowRight}{Escape}');
    expect(screen.getByText(fill(text.board.cancelled, { title: 'Visite atelier' }))).toBeInTheDocument();
    expect(handle).toHaveAttribute('aria-pressed', 'false');
    expect((await getTestDb().tasks.get(id))?.status).toBe('todo');
  });
});
