/**
 * One task in a list: a round button completes it in one tap (an "Annuler" toast follows), the
 * title opens it, and a line says when it is due (overdue in words and colour, never colour
 * alone), its priority when it stands out, who it is for when not the user, and what it is about.
 */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Task } from '@shared/sales/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import { Badge } from '@web/ui/index.ts';
import type { TasksContext } from '../hooks/use-tasks-context.ts';
import { listTaskLinks } from '../hooks/use-linked-records.ts';
import { CheckCircleIcon, CircleIcon } from '../internal/icons.tsx';
import { formatDue, getPriorityKey } from '../internal/labels.ts';
import { isOverdue } from '../internal/my-day.ts';
import { useToggleDone } from '../mutations.ts';
import { buildTaskPath } from '../paths.ts';

export type TaskItemProps = {
  readonly task: Task;
  readonly context: TasksContext;
  readonly now: number;
  readonly names: ReadonlyMap<string, string>;
  /** Hide the links (a record's own task list already says what it is about). */
  readonly isLinkHidden?: boolean;
};

export function TaskItem({ task, context, now, names, isLinkHidden = false }: TaskItemProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const toggleDone = useToggleDone();
  const isDone = task.status === 'done';
  const isLate = isOverdue(task, now);
  const canEdit = context.canEdit(task);
  const assignee =
    task.assignee_id && task.assignee_id !== context.userId
      ? (context.team.getName(task.assignee_id) ?? t('tasks.common.unknownMember'))
      : null;
  const links = isLinkHidden ? [] : listTaskLinks(task, names);
  const classes = ['task-item', isLate ? 'task-item--overdue' : '', isDone ? 'task-item--done' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <li className={classes}>
      <button
        type="button"
        className="task-item__check"
        aria-pressed={isDone}
        aria-label={
          isDone ? t('tasks.item.reopen', { title: task.title }) : t('tasks.item.complete', { title: task.title })
        }
        disabled={!canEdit}
        onClick={() => void toggleDone(task)}
      >
        {isDone ? <CheckCircleIcon /> : <CircleIcon />}
      </button>
      <div className="task-item__body">
        <Link className="task-item__title" to={buildTaskPath(task.id)}>
          {task.title}
        </Link>
        <p className="task-item__meta">
          {isLate ? <Badge tone="error">{t('tasks.item.overdue')}</Badge> : null}
          {task.due_at ? (
            <span className="task-item__due">{formatDue(task.due_at, now, language, context.timeZone, t)}</span>
          ) : null}
          {task.priority === 'high' || task.priority === 'urgent' ? (
            <Badge tone={task.priority === 'urgent' ? 'error' : 'warning'}>{t(getPriorityKey(task.priority))}</Badge>
          ) : null}
          {assignee ? <span>{t('tasks.item.assignedTo', { name: assignee })}</span> : null}
          {links.map((link) => (
            <span key={link.table} className="task-item__link">
              {link.label}
            </span>
          ))}
        </p>
      </div>
    </li>
  );
}
