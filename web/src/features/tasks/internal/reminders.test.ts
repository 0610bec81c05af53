/** Which reminders fire: the user's open tasks whose time passed, once per task per device. */
import { describe, expect, it } from 'vitest';
import type { Task } from '@shared/sales/index.ts';
import { getNextReminderAt, listDueReminders, readSeenReminders, writeSeenReminders } from './reminders.ts';

const ME = 'user-me';
const NOW = Date.parse('2026-11-22T13:00:00Z');

function makeTask(id: string, fields: Partial<Task>): Task {
  return {
    id,
    tenant_id: 'tenant',
    title: id,
    description: null,
    due_at: null,
    remind_at: null,
    priority: 'normal',
    status: 'todo',
    assignee_id: ME,
    completed_at: null,
    company_id: null,
    contact_id: null,
    opportunity_id: null,
    owner_id: ME,
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
    ...fields,
  };
}

describe('reminders', () => {
  const passed = makeTask('passed', { remind_at: '2026-11-22T12:00:00Z' });
  const future = makeTask('future', { remind_at: '2026-11-22T15:00:00Z' });
  const done = makeTask('done', { remind_at: '2026-11-22T11:00:00Z', status: 'done' });
  const someoneElse = makeTask('else', { remind_at: '2026-11-22T11:00:00Z', assignee_id: 'user-other' });

  it('fires the user’s open tasks whose reminder passed, not future, done or other people’s', () => {
    expect(listDueReminders([future, done, someoneElse, passed], ME, NOW, {}).map((task) => task.id)).toEqual([
      'passed',
    ]);
    expect(getNextReminderAt([future, done, passed], ME, NOW)).toBe(Date.parse('2026-11-22T15:00:00Z'));
  });

  it('fires once per device, and again when the reminder is moved', () => {
    writeSeenReminders(ME, 'tenant', { passed: passed.remind_at ?? '' });
    const seen = readSeenReminders(ME, 'tenant');
    expect(listDueReminders([passed], ME, NOW, seen)).toEqual([]);
    const moved = { ...passed, remind_at: '2026-11-22T12:30:00Z' };
    expect(listDueReminders([moved], ME, NOW, seen)).toEqual([moved]);
    // Another user or company on the same device has its own record.
    expect(readSeenReminders(ME, 'other-tenant')).toEqual({});
  });

  it('survives a corrupt stored value', () => {
    localStorage.setItem(`comptoir.tasks.reminded.${ME}.tenant`, '{oops');
    expect(readSeenReminders(ME, 'tenant')).toEqual({});
  });
});
