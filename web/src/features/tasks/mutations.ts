/**
 * Task writes: local first (replica + outbox in one transaction through the engine), pushed
 * later. Offline they wait in the outbox; if the server refuses one (rights, a task deleted
 * meanwhile), it waits in "À traiter" with the user's data, never silently dropped.
 * `completed_at` is the server's: the replica shows it after the next pull.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '@shared/sales/index.ts';
import { updateRow, type Undo } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { useToast } from '@web/ui/index.ts';

export type TaskStatus = 'todo' | 'in_progress' | 'done';

/** Moves a task to another status (a completion when it is "done"); resolves with its undo. */
export async function setTaskStatus(task: Task, status: TaskStatus): Promise<Undo> {
  const { undo } = await updateRow('tasks', task.id, { status });
  return undo;
}

/**
 * One tap completes (or reopens) a task; a toast offers "Annuler", which puts the previous status
 * back. Failures (a closed replica) show in a toast too: nothing is lost silently.
 */
export function useToggleDone(): (task: Task) => Promise<void> {
  const { t } = useTranslation();
  const showToast = useToast();
  const translateError = useTranslateError();
  return useCallback(
    async (task: Task) => {
      const isDone = task.status === 'done';
      try {
        const undo = await setTaskStatus(task, isDone ? 'todo' : 'done');
        showToast({
          message: isDone
            ? t('tasks.toast.reopened', { title: task.title })
            : t('tasks.toast.completed', { title: task.title }),
          actionLabel: t('tasks.common.undo'),
          onAction: async () => {
            const isUndone = await undo();
            showToast({ message: isUndone ? t('tasks.toast.undone') : t('tasks.toast.undoTooLate') });
          },
        });
      } catch (error) {
        showToast({ message: translateError(error) });
      }
    },
    [t, showToast, translateError],
  );
}
