/** "Tâches" in the main navigation, for roles that may read tasks, with the count of overdue ones. */
import { useTranslation } from 'react-i18next';
import { useNow, type NavItem } from '@web/ui/index.ts';
import { TasksIcon } from '../internal/icons.tsx';
import { isOverdue } from '../internal/my-day.ts';
import { TASKS_PATHS } from '../paths.ts';
import { useAssignedTasks } from './use-tasks.ts';
import { useTasksContext } from './use-tasks-context.ts';

export function useTasksNavigation(): readonly NavItem[] {
  const { t } = useTranslation();
  const context = useTasksContext();
  const tasks = useAssignedTasks(context?.userId ?? '');
  const now = useNow(60_000);
  if (!context) return [];
  const overdue = (tasks ?? []).filter((task) => isOverdue(task, now)).length;
  return [
    {
      to: TASKS_PATHS.tasks,
      label: t('tasks.nav'),
      icon: <TasksIcon />,
      badge: overdue,
      badgeLabel: t('tasks.navOverdue', { count: overdue }),
    },
  ];
}
