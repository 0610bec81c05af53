/**
 * The tasks of one record (contact, company or opportunity page): open ones first, then the
 * completed ones folded away, and "Ajouter une tâche" linked to the record in advance.
 */
import { useTranslation } from 'react-i18next';
import { AppLink, Card, LoadingState, PlusIcon, useNow } from '@web/ui/index.ts';
import { useRecordTasks } from '../hooks/use-tasks.ts';
import { useTasksContext } from '../hooks/use-tasks-context.ts';
import { compareTasks, type LinkedRecordFilter } from '../internal/my-day.ts';
import { buildNewTaskPath } from '../paths.ts';
import { TaskItem } from './task-item.tsx';
import './tasks.css';

const PRESET_COLUMN = { contacts: 'contact_id', companies: 'company_id', opportunities: 'opportunity_id' } as const;

export type TaskListProps = { readonly record: Pick<LinkedRecordFilter, 'table' | 'id'> };

export function TaskList({ record }: TaskListProps) {
  const { t } = useTranslation();
  const context = useTasksContext();
  const tasks = useRecordTasks(record);
  const now = useNow(30_000);
  if (!context) return null;
  const open = (tasks ?? []).filter((task) => task.status !== 'done').sort(compareTasks);
  const done = (tasks ?? []).filter((task) => task.status === 'done').sort(compareTasks);
  const names: ReadonlyMap<string, string> = new Map();
  return (
    <Card
      title={t('tasks.recordList.title')}
      titleAction={
        context.canCreate ? (
          <AppLink to={buildNewTaskPath({ [PRESET_COLUMN[record.table]]: record.id })} asButton="secondary">
            <PlusIcon className="button__icon" />
            {t('tasks.recordList.add')}
          </AppLink>
        ) : null
      }
    >
      {tasks === undefined ? (
        <LoadingState label={t('tasks.common.loading')} />
      ) : open.length === 0 && done.length === 0 ? (
        <p className="task-list__empty">{t('tasks.recordList.empty')}</p>
      ) : (
        <>
          {open.length > 0 ? (
            <ul className="task-list" aria-label={t('tasks.recordList.open')}>
              {open.map((task) => (
                <TaskItem key={task.id} task={task} context={context} now={now} names={names} isLinkHidden />
              ))}
            </ul>
          ) : (
            <p className="task-list__empty">{t('tasks.recordList.noneOpen')}</p>
          )}
          {done.length > 0 ? (
            <details className="task-list__done">
              <summary>{t('tasks.recordList.done', { count: done.length })}</summary>
              <ul className="task-list">
                {done.map((task) => (
                  <TaskItem key={task.id} task={task} context={context} now={now} names={names} isLinkHidden />
                ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
    </Card>
  );
}
