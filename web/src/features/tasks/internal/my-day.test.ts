/** The "Ma journée" groups and the task filters, as pure functions. */
import { describe, expect, it } from 'vitest';
import type { Task } from '@shared/sales/index.ts';
import { filterTasks, groupMyDay, isOverdue } from './my-day.ts';

const ME = 'user-me';
const PARIS = 'Europe/Paris';
/** Sunday 22 November 2026, 14:00 in Paris (13:00 UTC). */
const NOW = Date.parse('2026-11-22T13:00:00Z');

let counter = 0;
function makeTask(fields: Partial<Task>): Task {
  counter += 1;
  return {
    id: `task-${counter}`,
    tenant_id: 'tenant',
    title: `Tâche ${counter}`,
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
    created_at: `2026-11-01T00:00:${String(counter).padStart(2, '0')}Z`,
    updated_at: '2026-11-01T00:00:00Z',
    ...fields,
  };
}

describe('groupMyDay', () => {
  it('puts a task whose due time passed in overdue, later today in today, tomorrow in upcoming', () => {
    const overdueYesterday = makeTask({ title: 'hier', due_at: '2026-11-21T09:00:00Z' });
    const overdueThisMorning = makeTask({ title: 'ce matin', due_at: '2026-11-22T08:00:00Z' });
    const tonight = makeTask({ title: 'ce soir', due_at: '2026-11-22T17:00:00Z' });
    const tomorrow = makeTask({ title: 'demain', due_at: '2026-11-23T08:00:00Z' });
    const someday = makeTask({ title: 'un jour' });
    const groups = groupMyDay([tomorrow, someday, tonight, overdueThisMorning, overdueYesterday], NOW, PARIS);
    expect(groups.overdue.map((task) => task.title)).toEqual(['hier', 'ce matin']);
    expect(groups.today.map((task) => task.title)).toEqual(['ce soir']);
    expect(groups.upcoming.map((task) => task.title)).toEqual(['demain']);
    expect(groups.noDate.map((task) => task.title)).toEqual(['un jour']);
  });

  it('reads "today" in the company time zone: 23:30 UTC on the 22nd is already the 23rd in Paris', () => {
    const lateUtc = makeTask({ due_at: '2026-11-22T23:30:00Z' });
    expect(groupMyDay([lateUtc], NOW, PARIS).upcoming).toEqual([lateUtc]);
    expect(groupMyDay([lateUtc], NOW, 'UTC').today).toEqual([lateUtc]);
  });

  it('leaves done tasks out and is never overdue once done', () => {
    const done = makeTask({ status: 'done', due_at: '2026-11-20T09:00:00Z' });
    const groups = groupMyDay([done], NOW, PARIS);
    expect([...groups.overdue, ...groups.today, ...groups.upcoming, ...groups.noDate]).toEqual([]);
    expect(isOverdue(done, NOW)).toBe(false);
    expect(isOverdue({ ...done, status: 'in_progress' }, NOW)).toBe(true);
  });

  it('sorts the undated tasks by priority, urgent first', () => {
    const low = makeTask({ title: 'basse', priority: 'low' });
    const urgent = makeTask({ title: 'urgente', priority: 'urgent' });
    const normal = makeTask({ title: 'normale' });
    expect(groupMyDay([low, normal, urgent], NOW, PARIS).noDate.map((task) => task.title)).toEqual([
      'urgente',
      'normale',
      'basse',
    ]);
  });
});

describe('filterTasks', () => {
  const mine = makeTask({ title: 'à moi', priority: 'high', contact_id: 'contact-1' });
  const theirs = makeTask({ title: 'à Sophie', assignee_id: 'user-sophie', company_id: 'company-1' });
  const nobody = makeTask({ title: 'personne', assignee_id: null });
  const all = [mine, theirs, nobody];
  const titles = (tasks: readonly Task[]) => tasks.map((task) => task.title);

  it('keeps only the user’s tasks by default ("me")', () => {
    expect(titles(filterTasks(all, { assignee: 'me', priority: '', record: null }, ME))).toEqual(['à moi']);
  });

  it('filters by member, unassigned, priority and linked record', () => {
    const base = { assignee: 'all', priority: '', record: null };
    expect(titles(filterTasks(all, { ...base, assignee: 'user-sophie' }, ME))).toEqual(['à Sophie']);
    expect(titles(filterTasks(all, { ...base, assignee: 'unassigned' }, ME))).toEqual(['personne']);
    expect(titles(filterTasks(all, { ...base, priority: 'high' }, ME))).toEqual(['à moi']);
    expect(titles(filterTasks(all, { ...base, record: { table: 'companies', id: 'company-1' } }, ME))).toEqual([
      'à Sophie',
    ]);
    expect(titles(filterTasks(all, base, ME))).toEqual(['à moi', 'à Sophie', 'personne']);
  });
});
