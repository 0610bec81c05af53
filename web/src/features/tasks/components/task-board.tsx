/**
 * The task board: three columns (à faire, en cours, terminé). A card moves by dragging its handle
 * with a mouse or a finger (@dnd-kit: a short press on touch screens, so the page still scrolls),
 * or with the keyboard: Space or Enter on the handle picks the card up, the arrow keys choose the
 * column, Space or Enter drops it there, Escape cancels; every step is announced. A move is a
 * local write (works offline) with "Annuler" in a toast.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  DndContext,
  MouseSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import { CSS } from '@dnd-kit/utilities';
import type { Task } from '@shared/sales/index.ts';
import { useLanguage, useTranslateError } from '@web/i18n/index.ts';
import { Badge, useToast } from '@web/ui/index.ts';
import type { TasksContext } from '../hooks/use-tasks-context.ts';
import { listTaskLinks, useLinkedNames } from '../hooks/use-linked-records.ts';
import { GripIcon } from '../internal/icons.tsx';
import { formatDue, getPriorityKey, STATUS_KEYS } from '../internal/labels.ts';
import { compareTasks, isOverdue } from '../internal/my-day.ts';
import { setTaskStatus, type TaskStatus } from '../mutations.ts';
import { buildTaskPath } from '../paths.ts';

export const BOARD_COLUMNS: readonly TaskStatus[] = ['todo', 'in_progress', 'done'];

type Picked = { readonly id: string; readonly target: TaskStatus };

function toStatus(value: unknown): TaskStatus | null {
  return BOARD_COLUMNS.find((status) => status === value) ?? null;
}

export type TaskBoardProps = {
  readonly tasks: readonly Task[];
  readonly context: TasksContext;
  readonly now: number;
};

export function TaskBoard({ tasks, context, now }: TaskBoardProps) {
  const { t } = useTranslation();
  const showToast = useToast();
  const translateError = useTranslateError();
  const names = useLinkedNames(tasks);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 150, tolerance: 8 } }),
  );
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const columnName = (status: TaskStatus) => t(STATUS_KEYS[status]);
  const titleOf = (id: unknown) => byId.get(String(id))?.title ?? '';

  const move = async (task: Task, status: TaskStatus) => {
    if (task.status === status) return;
    try {
      const undo = await setTaskStatus(task, status);
      showToast({
        message: t('tasks.board.moved', { title: task.title, column: columnName(status) }),
        actionLabel: t('tasks.common.undo'),
        onAction: async () => {
          const isUndone = await undo();
          showToast({ message: isUndone ? t('tasks.toast.undone') : t('tasks.toast.undoTooLate') });
        },
      });
    } catch (error) {
      showToast({ message: translateError(error) });
    }
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const task = byId.get(String(active.id));
    const status = toStatus(over?.id);
    if (task && status) void move(task, status);
  };

  const onHandleKeyDown = (task: Task, event: KeyboardEvent<HTMLButtonElement>) => {
    const isActivation = event.key === ' ' || event.key === 'Enter';
    if (!picked || picked.id !== task.id) {
      if (!isActivation) return;
      event.preventDefault();
      setPicked({ id: task.id, target: toStatus(task.status) ?? 'todo' });
      setAnnouncement(
        t('tasks.board.picked', { title: task.title, column: columnName(toStatus(task.status) ?? 'todo') }),
      );
      return;
    }
    const index = BOARD_COLUMNS.indexOf(picked.target);
    const step =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? -1
          : 0;
    if (step !== 0) {
      event.preventDefault();
      const target = BOARD_COLUMNS[Math.min(BOARD_COLUMNS.length - 1, Math.max(0, index + step))] ?? picked.target;
      setPicked({ id: task.id, target });
      setAnnouncement(t('tasks.board.over', { title: task.title, column: columnName(target) }));
    } else if (isActivation) {
      event.preventDefault();
      setPicked(null);
      setFocusId(task.id);
      setAnnouncement(t('tasks.board.dropped', { title: task.title, column: columnName(picked.target) }));
      void move(task, picked.target);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setPicked(null);
      setAnnouncement(t('tasks.board.cancelled', { title: task.title }));
    }
  };

  return (
    <DndContext
      sensors={sensors}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: { draggable: t('tasks.board.instructions') },
        announcements: {
          onDragStart: ({ active }) => t('tasks.board.lifted', { title: titleOf(active.id) }),
          onDragOver: ({ active, over }) => {
            const status = toStatus(over?.id);
            return status
              ? t('tasks.board.over', { title: titleOf(active.id), column: columnName(status) })
              : undefined;
          },
          onDragEnd: ({ active, over }) => {
            const status = toStatus(over?.id);
            return status
              ? t('tasks.board.dropped', { title: titleOf(active.id), column: columnName(status) })
              : t('tasks.board.cancelled', { title: titleOf(active.id) });
          },
          onDragCancel: ({ active }) => t('tasks.board.cancelled', { title: titleOf(active.id) }),
        },
      }}
    >
      <div className="task-board">
        {BOARD_COLUMNS.map((status) => (
          <BoardColumn
            key={status}
            status={status}
            isTarget={picked !== null && picked.target === status}
            tasks={tasks.filter((task) => (toStatus(task.status) ?? 'todo') === status).sort(compareTasks)}
          >
            {(task) => (
              <BoardCard
                key={task.id}
                task={task}
                context={context}
                now={now}
                names={names}
                isPicked={picked?.id === task.id}
                shouldFocus={focusId === task.id}
                onHandleKeyDown={(event) => onHandleKeyDown(task, event)}
                onHandleBlur={() => {
                  if (picked?.id === task.id) setPicked(null);
                }}
              />
            )}
          </BoardColumn>
        ))}
      </div>
      <p className="visually-hidden" role="status" aria-live="assertive">
        {announcement}
      </p>
    </DndContext>
  );
}

function BoardColumn({
  status,
  tasks,
  isTarget,
  children,
}: {
  readonly status: TaskStatus;
  readonly tasks: readonly Task[];
  readonly isTarget: boolean;
  readonly children: (task: Task) => ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const { setNodeRef, isOver } = useDroppable({ id: status });
  const classes = ['task-board__column', isTarget || isOver ? 'task-board__column--target' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <section ref={setNodeRef} className={classes} aria-labelledby={headingId} data-status={status}>
      <h2 id={headingId} className="task-board__heading">
        {t(STATUS_KEYS[status])} <span className="my-day__count">({tasks.length})</span>
      </h2>
      {tasks.length === 0 ? <p className="task-board__empty">{t('tasks.board.emptyColumn')}</p> : null}
      <ul className="task-board__cards" aria-labelledby={headingId}>
        {tasks.map((task) => children(task))}
      </ul>
    </section>
  );
}

function BoardCard({
  task,
  context,
  now,
  names,
  isPicked,
  shouldFocus,
  onHandleKeyDown,
  onHandleBlur,
}: {
  readonly task: Task;
  readonly context: TasksContext;
  readonly now: number;
  readonly names: ReadonlyMap<string, string>;
  readonly isPicked: boolean;
  readonly shouldFocus: boolean;
  readonly onHandleKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void;
  readonly onHandleBlur: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const canMove = context.canEdit(task);
  const handleRef = useRef<HTMLButtonElement | null>(null);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, isDragging } = useDraggable({
    id: task.id,
    disabled: !canMove,
  });
  useEffect(() => {
    // After a keyboard move the card renders in its new column: the focus follows it.
    if (shouldFocus) handleRef.current?.focus();
  }, [shouldFocus, task.status]);
  const isLate = isOverdue(task, now);
  const links = listTaskLinks(task, names);
  const classes = ['task-card', isLate ? 'task-card--overdue' : '', isPicked || isDragging ? 'task-card--lifted' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <li ref={setNodeRef} className={classes} style={{ transform: CSS.Translate.toString(transform) }}>
      <div className="task-card__body">
        <Link className="task-item__title" to={buildTaskPath(task.id)}>
          {task.title}
        </Link>
        <p className="task-item__meta">
          {isLate ? <Badge tone="error">{t('tasks.item.overdue')}</Badge> : null}
          {task.due_at ? <span>{formatDue(task.due_at, now, language, context.timeZone, t)}</span> : null}
          {task.priority === 'high' || task.priority === 'urgent' ? (
            <Badge tone={task.priority === 'urgent' ? 'error' : 'warning'}>{t(getPriorityKey(task.priority))}</Badge>
          ) : null}
          {task.assignee_id && task.assignee_id !== context.userId ? (
            <span>
              {t('tasks.item.assignedTo', {
                name: context.team.getName(task.assignee_id) ?? t('tasks.common.unknownMember'),
              })}
            </span>
          ) : null}
          {links.map((link) => (
            <span key={link.table} className="task-item__link">
              {link.label}
            </span>
          ))}
        </p>
      </div>
      {canMove ? (
        <button
          type="button"
          {...attributes}
          {...listeners}
          ref={(element) => {
            handleRef.current = element;
            setActivatorNodeRef(element);
          }}
          className="task-card__handle"
          aria-roledescription={t('tasks.board.roleDescription')}
          aria-pressed={isPicked || isDragging}
          aria-label={t('tasks.board.handle', { title: task.title })}
          onKeyDown={onHandleKeyDown}
          onBlur={onHandleBlur}
        >
          <GripIcon />
        </button>
      ) : null}
    </li>
  );
}
