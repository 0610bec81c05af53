/**
 * Which reminders are due, and which this device already showed. A reminder fires once per task
 * per device: the device remembers the `remind_at` it showed for each task (in localStorage, per
 * user and company), so moving the reminder later makes it fire again, and another device (or a
 * reload) never repeats one already seen here.
 */
import type { Task } from '@shared/sales/index.ts';

/** Shown reminders: task id → the remind_at that was shown. */
export type SeenReminders = Readonly<Record<string, string>>;

/** Past this many entries the oldest are forgotten (their reminders are long gone). */
const MAX_SEEN = 500;

function getStorageKey(userId: string, tenantId: string): string {
  return `comptoir.tasks.reminded.${userId}.${tenantId}`;
}

export function readSeenReminders(userId: string, tenantId: string): SeenReminders {
  try {
    const raw = localStorage.getItem(getStorageKey(userId, tenantId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    // Private mode or a corrupt value: reminders may repeat, nothing breaks.
    return {};
  }
}

export function writeSeenReminders(userId: string, tenantId: string, seen: SeenReminders): void {
  const entries = Object.entries(seen);
  const kept = entries.length > MAX_SEEN ? entries.slice(entries.length - MAX_SEEN) : entries;
  try {
    localStorage.setItem(getStorageKey(userId, tenantId), JSON.stringify(Object.fromEntries(kept)));
  } catch {
    // Storage full or blocked: the reminder may show again next time, which is harmless.
  }
}

/** Whether the task has a reminder this device should show now: open, the user's, passed, unseen. */
export function isReminderDue(task: Task, userId: string, now: number, seen: SeenReminders): boolean {
  return (
    task.remind_at !== null &&
    task.status !== 'done' &&
    task.assignee_id === userId &&
    new Date(task.remind_at).getTime() <= now &&
    seen[task.id] !== task.remind_at
  );
}

/** The reminders to show now, oldest first. */
export function listDueReminders(tasks: readonly Task[], userId: string, now: number, seen: SeenReminders): Task[] {
  return tasks
    .filter((task) => isReminderDue(task, userId, now, seen))
    .sort((a, b) => ((a.remind_at ?? '') < (b.remind_at ?? '') ? -1 : 1));
}

/** When the next reminder of the user passes (epoch ms), or null when none is pending. */
export function getNextReminderAt(tasks: readonly Task[], userId: string, now: number): number | null {
  let next: number | null = null;
  for (const task of tasks) {
    if (task.remind_at === null || task.status === 'done' || task.assignee_id !== userId) continue;
    const at = new Date(task.remind_at).getTime();
    if (at > now && (next === null || at < next)) next = at;
  }
  return next;
}
