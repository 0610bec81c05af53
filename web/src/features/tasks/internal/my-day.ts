/**
 * The task lists' rules, pure so they are tested without a screen: the "Ma journée" groups
 * (overdue, today, upcoming, no date), the filters, and the order within a group.
 */
import type { Task } from '@shared/sales/index.ts';
import { getDayKey } from '@web/lib/time/index.ts';

export const MY_DAY_GROUPS = ['overdue', 'today', 'upcoming', 'noDate'] as const;
export type MyDayGroup = (typeof MY_DAY_GROUPS)[number];

export type MyDay = Readonly<Record<MyDayGroup, readonly Task[]>>;

/** Urgent first: the rank a priority sorts by (lower comes first). */
const PRIORITY_RANK: Readonly<Record<string, number>> = { urgent: 0, high: 1, normal: 2, low: 3 };

function getPriorityRank(task: Task): number {
  return PRIORITY_RANK[task.priority] ?? 2;
}

/** Earliest due first, then the most urgent, then the oldest. */
export function compareTasks(a: Task, b: Task): number {
  if (a.due_at !== b.due_at) {
    if (a.due_at === null) return 1;
    if (b.due_at === null) return -1;
    return a.due_at < b.due_at ? -1 : 1;
  }
  const byPriority = getPriorityRank(a) - getPriorityRank(b);
  if (byPriority !== 0) return byPriority;
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0;
}

/** Whether an open task's due time has passed. */
export function isOverdue(task: Task, now: number): boolean {
  return task.status !== 'done' && task.due_at !== null && new Date(task.due_at).getTime() < now;
}

/**
 * Splits the open tasks (done ones are left out) into the "Ma journée" groups: overdue (due time
 * passed), today (later today in the company's time zone), upcoming, no date; each sorted.
 */
export function groupMyDay(tasks: readonly Task[], now: number, timeZone: string): MyDay {
  const today = getDayKey(now, timeZone);
  const groups: Record<MyDayGroup, Task[]> = { overdue: [], today: [], upcoming: [], noDate: [] };
  for (const task of tasks) {
    if (task.status === 'done') continue;
    if (task.due_at === null) groups.noDate.push(task);
    else if (isOverdue(task, now)) groups.overdue.push(task);
    else if (getDayKey(task.due_at, timeZone) === today) groups.today.push(task);
    else groups.upcoming.push(task);
  }
  for (const group of MY_DAY_GROUPS) groups[group].sort(compareTasks);
  return groups;
}

export type LinkedRecordFilter = {
  readonly table: 'contacts' | 'companies' | 'opportunities';
  readonly id: string;
  /** The record's name, to show the active filter. */
  readonly label?: string;
};

export type TaskFilters = {
  /** 'me', 'all', 'unassigned' or a member's id. */
  readonly assignee: string;
  /** '' for every priority. */
  readonly priority: string;
  readonly record: LinkedRecordFilter | null;
};

export const DEFAULT_FILTERS: TaskFilters = { assignee: 'me', priority: '', record: null };

const RECORD_COLUMN = { contacts: 'contact_id', companies: 'company_id', opportunities: 'opportunity_id' } as const;

/** Whether a task is linked to the record (through its contact, company or opportunity column). */
export function isLinkedTo(task: Task, record: LinkedRecordFilter): boolean {
  return task[RECORD_COLUMN[record.table]] === record.id;
}

/** The tasks the filters keep. */
export function filterTasks(tasks: readonly Task[], filters: TaskFilters, userId: string): Task[] {
  return tasks.filter((task) => {
    if (filters.assignee === 'me' && task.assignee_id !== userId) return false;
    if (filters.assignee === 'unassigned' && task.assignee_id !== null) return false;
    if (!['me', 'all', 'unassigned'].includes(filters.assignee) && task.assignee_id !== filters.assignee) return false;
    if (filters.priority !== '' && task.priority !== filters.priority) return false;
    if (filters.record && !isLinkedTo(task, filters.record)) return false;
    return true;
  });
}
