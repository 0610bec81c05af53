/**
 * The home screen's "Ma journée" card: the user's overdue and today's tasks (at most `limit`),
 * one tap to complete, a link to every task.
 */
import { useTranslation } from 'react-i18next';
import { AppLink, Card, LoadingState, useNow } from '@web/ui/index.ts';
import { useAssignedTasks } from '../hooks/use-tasks.ts';
import { useTasksContext } from '../hooks/use-tasks-context.ts';
import { groupMyDay } from '../internal/my-day.ts';
import { TASKS_PATHS } from '../paths.ts';
import { MyDayView } from './my-day-view.tsx';
import './tasks.css';

export function MyDayTasks({ limit = 5 }: { readonly limit?: number }) {
  const { t } = useTranslation();
  const context = useTasksContext();
  const tasks = useAssignedTasks(context?.userId ?? '');
  const now = useNow(30_000);
  if (!context) return null;
  const grouped = tasks ? groupMyDay(tasks, now, context.timeZone) : undefined;
  const count = grouped ? grouped.overdue.length + grouped.today.length : 0;
  return (
    <Card title={t('tasks.home.title')} titleAction={<AppLink to={TASKS_PATHS.tasks}>{t('tasks.home.all')}</AppLink>}>
      {tasks === undefined ? (
        <LoadingState label={t('tasks.common.loading')} />
      ) : count === 0 ? (
        <p className="task-list__empty">{t('tasks.home.empty')}</p>
      ) : (
        <>
          <MyDayView
            tasks={tasks}
            context={context}
            now={now}
            groups={['overdue', 'today']}
            limit={limit}
            headingLevel={3}
          />
          {count > limit ? <p className="task-list__more">{t('tasks.home.more', { count: count - limit })}</p> : null}
        </>
      )}
    </Card>
  );
}
