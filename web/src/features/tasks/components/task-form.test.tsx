/**
 * The task form against the real engine: a new task with its due time (typed in the company's
 * time zone), a reminder relative to it, an assignee from the team and a contact found with the
 * keyboard; and the problems shown when the title is missing or a reminder lacks a due date.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import {
  getTestDb,
  OTHER_USER_ID,
  renderWithProviders,
  startTestReplica,
  stopTestReplica,
} from '@web/test/replica.tsx';
import { TaskForm } from './task-form.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('sales'));
vi.mock('@web/features/tasks/queries.ts', async () => {
  const { mockTeamQueries, TEST_MEMBERS } = await import('@web/test/replica.tsx');
  return mockTeamQueries(TEST_MEMBERS);
});

// A busy machine (parallel suites) can take more than the default second to sync a write.
configure({ asyncUtilTimeout: 5000 });

const text = fr.tasks;

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

describe('TaskForm', () => {
  it('creates a task due at a Paris time, reminded an hour before, for Sophie, linked to a contact', async () => {
    const contactId = (await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia' })).id;
    const onDone = vi.fn();
    renderWithProviders(<TaskForm onDone={onDone} />);
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: text.fields.title }), 'Rappeler Inès');
    await user.type(screen.getByLabelText(text.fields.due_date), '2026-12-01');
    await user.type(screen.getByLabelText(text.fields.due_time), '14:30');
    await user.selectOptions(screen.getByRole('combobox', { name: text.fields.reminder }), '1h');
    await waitFor(() => expect(screen.getByRole('option', { name: 'Sophie Bernard' })).toBeInTheDocument());
    await user.selectOptions(screen.getByRole('combobox', { name: text.fields.assignee_id }), 'Sophie Bernard');
    const picker = screen.getByRole('combobox', { name: text.links.search });
    await user.type(picker, 'ines');
    await screen.findByRole('option', { name: /Inès Garcia/ });
    await user.keyboard('{ArrowDown}{Enter}');
    expect(await screen.findByText(/Inès Garcia/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: text.common.create }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const [task] = await getTestDb().tasks.toArray();
    expect(task).toMatchObject({
      title: 'Rappeler Inès',
      due_at: '2026-12-01T13:30:00.000Z',
      remind_at: '2026-12-01T12:30:00.000Z',
      assignee_id: OTHER_USER_ID,
      contact_id: contactId,
      priority: 'normal',
      status: 'todo',
    });
    expect(onDone).toHaveBeenCalledWith(task?.id);
  });

  it('refuses a task without a title, and a reminder before any due date, focusing the title', async () => {
    renderWithProviders(<TaskForm onDone={() => {}} />);
    const user = userEvent.setup();
    await user.selectOptions(
      await screen.findByRole('combobox', { name: text.fields.reminder }),
      text.form.reminders.at_due,
    );
    await user.click(screen.getByRole('button', { name: text.common.create }));

    expect(await screen.findByText(text.form.errors.summary)).toBeInTheDocument();
    const title = screen.getByRole('textbox', { name: text.fields.title });
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(title).toHaveFocus();
    expect(screen.getByText(text.form.errors.reminderNeedsDue)).toBeInTheDocument();
    expect(await getTestDb().tasks.count()).toBe(0);
  });
});
