/**
 * Shows task reminders while the app is open: on start, the reminders missed while it was closed
 * (a banner listing them); later, each one as it passes (a toast with "Voir"; several at once
 * join the banner). Each shows once per task per device (useDueReminders).
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Task } from '@shared/sales/index.ts';
import { Alert, Button, useToast } from '@web/ui/index.ts';
import { useDueReminders } from '../hooks/use-due-reminders.ts';
import { buildTaskPath } from '../paths.ts';
import './tasks.css';

/** Reminders just found due: the one to toast (if alone and live), all of them to acknowledge. */
type Batch = { readonly signature: string; readonly toast: Task | null; readonly due: readonly Task[] };

function mergeTasks(previous: readonly Task[], added: readonly Task[]): Task[] {
  return [...previous.filter((task) => !added.some((other) => other.id === task.id)), ...added];
}

export function ReminderCenter() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const showToast = useToast();
  const { due, acknowledge } = useDueReminders();
  const [startedAt] = useState(() => Date.now());
  const [banner, setBanner] = useState<readonly Task[]>([]);
  const [batch, setBatch] = useState<Batch | null>(null);

  // New due reminders are sorted during render (state derived from the previous render): missed
  // ones (due before the app opened) and several at once go to the banner, a single live one to
  // a toast; the effect below shows the toast and records them all as shown.
  const signature = (due ?? []).map((task) => `${task.id}@${task.remind_at ?? ''}`).join(',');
  if (due && due.length > 0 && signature !== batch?.signature) {
    const missed = due.filter((task) => new Date(task.remind_at ?? 0).getTime() < startedAt);
    const live = due.filter((task) => !missed.includes(task));
    const toast = live.length === 1 ? (live[0] ?? null) : null;
    const toBanner = toast ? missed : due;
    setBatch({ signature, toast, due });
    if (toBanner.length > 0) setBanner((previous) => mergeTasks(previous, toBanner));
  }

  useEffect(() => {
    if (!batch) return;
    const task = batch.toast;
    if (task) {
      showToast({
        message: t('tasks.reminders.toast', { title: task.title }),
        actionLabel: t('tasks.reminders.open'),
        onAction: () => navigate(buildTaskPath(task.id)),
        durationMs: 15_000,
      });
    }
    acknowledge(batch.due);
    // Once per batch: the toast and the record of what was shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [batch]);

  if (banner.length === 0) return null;
  return (
    <div className="reminder-center">
      <Alert
        tone="info"
        title={t('tasks.reminders.title', { count: banner.length })}
        actions={
          <Button variant="secondary" onClick={() => setBanner([])}>
            {t('tasks.reminders.dismiss')}
          </Button>
        }
      >
        <ul className="reminder-center__list">
          {banner.map((task) => (
            <li key={task.id}>
              <Link
                to={buildTaskPath(task.id)}
                onClick={() => setBanner((list) => list.filter((item) => item.id !== task.id))}
              >
                {task.title}
              </Link>
            </li>
          ))}
        </ul>
      </Alert>
    </div>
  );
}
