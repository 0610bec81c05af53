/**
 * Reminders surfaced in the app (push delivery comes later): the user's open tasks whose
 * `remind_at` has passed and that this device has not shown yet. A timer wakes the hook when the
 * next reminder passes; focus and visibility wake it too (background tabs throttle timers).
 * `acknowledge` records them as shown, once per task per device (internal/reminders.ts).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Task } from '@shared/sales/index.ts';
import {
  getNextReminderAt,
  listDueReminders,
  readSeenReminders,
  writeSeenReminders,
  type SeenReminders,
} from '../internal/reminders.ts';
import { useAssignedTasks } from './use-tasks.ts';
import { useTasksContext } from './use-tasks-context.ts';

/** setTimeout's ceiling (about 24.8 days); a later reminder is rescheduled when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type DueReminders = {
  /** Due and unseen, oldest first; undefined until the tasks are read. */
  readonly due: readonly Task[] | undefined;
  readonly acknowledge: (tasks: readonly Task[]) => void;
};

export function useDueReminders(): DueReminders {
  const context = useTasksContext();
  const userId = context?.userId ?? '';
  const tenantId = context?.tenant.id ?? '';
  const tasks = useAssignedTasks(userId);
  const [now, setNow] = useState(() => Date.now());
  const [seenState, setSeenState] = useState<{ key: string; seen: SeenReminders }>(() => ({
    key: `${userId}:${tenantId}`,
    seen: readSeenReminders(userId, tenantId),
  }));
  const key = `${userId}:${tenantId}`;
  const seen = seenState.key === key ? seenState.seen : readSeenReminders(userId, tenantId);

  useEffect(() => {
    if (!tasks) return undefined;
    // The next reminder after the last tick (`now`), not after the clock: a task that arrives
    // (synced or written) with its reminder already passed since that tick fires at once
    // (delay 0) instead of waiting for the next focus.
    const next = getNextReminderAt(tasks, userId, now);
    if (next === null) return undefined;
    const timer = window.setTimeout(() => setNow(Date.now()), Math.min(MAX_TIMER_MS, Math.max(0, next - Date.now())));
    return () => window.clearTimeout(timer);
  }, [tasks, userId, now]);

  useEffect(() => {
    const wake = () => {
      setNow(Date.now());
      // Another tab of this device may have shown some meanwhile.
      setSeenState({ key, seen: readSeenReminders(userId, tenantId) });
    };
    window.addEventListener('focus', wake);
    window.addEventListener('storage', wake);
    document.addEventListener('visibilitychange', wake);
    return () => {
      window.removeEventListener('focus', wake);
      window.removeEventListener('storage', wake);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [key, userId, tenantId]);

  const acknowledge = useCallback(
    (shown: readonly Task[]) => {
      if (!userId || shown.length === 0) return;
      const next: Record<string, string> = { ...readSeenReminders(userId, tenantId) };
      for (const task of shown) if (task.remind_at) next[task.id] = task.remind_at;
      writeSeenReminders(userId, tenantId, next);
      setSeenState({ key, seen: next });
    },
    [key, userId, tenantId],
  );

  const due = tasks && context ? listDueReminders(tasks, userId, now, seen) : undefined;
  return { due, acknowledge };
}
