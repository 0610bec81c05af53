/**
 * The task form's draft (what the inputs hold) and its conversion to row fields: dates typed in
 * the company's time zone become UTC instants; the reminder is a choice relative to the due time
 * ("1 h avant") or a date of its own.
 */
import type { Task } from '@shared/sales/index.ts';
import { toZonedInputs } from '@web/lib/time/index.ts';
import { fromZonedInputs } from './time.ts';

export const REMINDER_CHOICES = ['none', 'at_due', '15m', '1h', '1d', 'custom'] as const;
export type ReminderChoice = (typeof REMINDER_CHOICES)[number];

/** Minutes before the due time, per preset. */
const REMINDER_OFFSETS: Readonly<Partial<Record<ReminderChoice, number>>> = {
  at_due: 0,
  '15m': 15,
  '1h': 60,
  '1d': 24 * 60,
};

export type TaskDraft = {
  title: string;
  description: string;
  due_date: string;
  due_time: string;
  reminder: ReminderChoice;
  remind_date: string;
  remind_time: string;
  priority: string;
  status: string;
  /** '' = nobody. */
  assignee_id: string;
  contact_id: string | null;
  company_id: string | null;
  opportunity_id: string | null;
};

export type TaskPreset = Partial<
  Pick<
    Task,
    'title' | 'description' | 'due_at' | 'priority' | 'assignee_id' | 'contact_id' | 'company_id' | 'opportunity_id'
  >
>;

function findReminderChoice(task: Pick<Task, 'due_at' | 'remind_at'>): ReminderChoice {
  if (task.remind_at === null) return 'none';
  if (task.due_at === null) return 'custom';
  const minutes = (new Date(task.due_at).getTime() - new Date(task.remind_at).getTime()) / 60_000;
  const preset = REMINDER_CHOICES.find((choice) => REMINDER_OFFSETS[choice] === minutes);
  return preset ?? 'custom';
}

/** The draft of an existing task, or of a new one (assigned to the user, linked per the preset). */
export function toTaskDraft(task: Task | null, userId: string, timeZone: string, preset: TaskPreset = {}): TaskDraft {
  const source = {
    title: '',
    description: null,
    due_at: null,
    remind_at: null,
    priority: 'normal',
    status: 'todo',
    assignee_id: userId,
    contact_id: null,
    company_id: null,
    opportunity_id: null,
    ...preset,
    ...task,
  };
  const due = toZonedInputs(source.due_at, timeZone);
  const remind = toZonedInputs(source.remind_at, timeZone);
  return {
    title: source.title,
    description: source.description ?? '',
    due_date: due.date,
    due_time: due.time === '23:59' ? '' : due.time,
    reminder: findReminderChoice(source),
    remind_date: remind.date,
    remind_time: remind.time,
    priority: source.priority,
    status: source.status,
    assignee_id: source.assignee_id ?? '',
    contact_id: source.contact_id,
    company_id: source.company_id,
    opportunity_id: source.opportunity_id,
  };
}

/** The draft as row fields (what the shared schema checks and the replica stores). */
export function toTaskFields(draft: TaskDraft, timeZone: string): Record<string, unknown> {
  const due_at = fromZonedInputs(draft.due_date, draft.due_time, timeZone);
  const offset = REMINDER_OFFSETS[draft.reminder];
  let remind_at: string | null = null;
  if (draft.reminder === 'custom') remind_at = fromZonedInputs(draft.remind_date, draft.remind_time, timeZone);
  else if (offset !== undefined && due_at !== null)
    remind_at = new Date(new Date(due_at).getTime() - offset * 60_000).toISOString();
  const description = draft.description.trim();
  return {
    title: draft.title.trim(),
    description: description === '' ? null : description,
    due_at,
    remind_at,
    priority: draft.priority,
    status: draft.status,
    assignee_id: draft.assignee_id === '' ? null : draft.assignee_id,
    contact_id: draft.contact_id,
    company_id: draft.company_id,
    opportunity_id: draft.opportunity_id,
  };
}

/** A reminder relative to the due time needs a due time; a custom one needs its own date. */
export function findReminderProblem(draft: TaskDraft): 'reminderNeedsDue' | 'reminderDate' | null {
  if (draft.reminder === 'none') return null;
  if (draft.reminder === 'custom') return /^\d{4}-\d{2}-\d{2}$/.test(draft.remind_date) ? null : 'reminderDate';
  return draft.due_date === '' ? 'reminderNeedsDue' : null;
}

/** The fields that differ from the stored task (an update sends only those). */
export function listChangedFields(fields: Record<string, unknown>, task: Task): Record<string, unknown> {
  const row = task as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.entries(fields).filter(([key, value]) => row[key] !== value));
}
