/**
 * /taches/nouvelle (optionally linked in advance: ?contact=…&company=…&opportunity=…) and
 * /taches/:id, the form of one task with its deletion ("Annuler" in a toast: the delete waits in
 * the outbox for the undo window before it is sent).
 */
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { deleteRow, UNDO_WINDOW_MS } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { Alert, AppLink, Button, LoadingState, PageHeader, TrashIcon, usePageTitle, useToast } from '@web/ui/index.ts';
import type { TasksContext } from '../hooks/use-tasks-context.ts';
import { useTask } from '../hooks/use-tasks.ts';
import { buildTaskPath, TASKS_PATHS } from '../paths.ts';
import type { Task } from '@shared/sales/index.ts';
import { TaskForm } from './task-form.tsx';
import { TasksGate } from './tasks-gate.tsx';
import './tasks.css';

export function NewTaskPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  usePageTitle(t('tasks.form.newTitle'));
  const preset = {
    contact_id: params.get('contact'),
    company_id: params.get('company'),
    opportunity_id: params.get('opportunity'),
  };
  return (
    <TasksGate>
      {(context) =>
        context.canCreate ? (
          <div className="stack tasks-page">
            <AppLink to={TASKS_PATHS.tasks}>{t('tasks.common.back')}</AppLink>
            <PageHeader title={t('tasks.form.newTitle')} />
            <TaskForm preset={preset} onDone={(id) => navigate(id ? buildTaskPath(id) : TASKS_PATHS.tasks)} />
          </div>
        ) : (
          <Alert tone="info">{t('tasks.common.noAccess')}</Alert>
        )
      }
    </TasksGate>
  );
}

export function TaskDetailPage() {
  const { id = '' } = useParams();
  return <TasksGate>{(context) => <TaskDetail key={id} id={id} context={context} />}</TasksGate>;
}

function TaskDetail({ id, context }: { readonly id: string; readonly context: TasksContext }) {
  const { t } = useTranslation();
  const task = useTask(id);
  usePageTitle(task ? task.title : t('tasks.title'));
  if (task === undefined) return <LoadingState label={t('tasks.common.loading')} />;
  if (task === null) {
    return (
      <div className="stack">
        <Alert tone="warning">{t('tasks.detail.notFound')}</Alert>
        <AppLink to={TASKS_PATHS.tasks}>{t('tasks.common.back')}</AppLink>
      </div>
    );
  }
  return <TaskView task={task} context={context} />;
}

function TaskView({ task, context }: { readonly task: Task; readonly context: TasksContext }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const showToast = useToast();
  const translateError = useTranslateError();
  const [failure, setFailure] = useState<string | null>(null);
  const canEdit = context.canEdit(task);

  const remove = async () => {
    try {
      const { undo } = await deleteRow('tasks', task.id);
      navigate(TASKS_PATHS.tasks);
      showToast({
        message: t('tasks.toast.deleted', { title: task.title }),
        actionLabel: t('tasks.common.undo'),
        durationMs: UNDO_WINDOW_MS,
        onAction: async () => {
          const isUndone = await undo();
          showToast({ message: isUndone ? t('tasks.toast.undone') : t('tasks.toast.undoTooLate') });
        },
      });
    } catch (error) {
      setFailure(translateError(error));
    }
  };

  return (
    <div className="stack tasks-page">
      <AppLink to={TASKS_PATHS.tasks}>{t('tasks.common.back')}</AppLink>
      <div className="tasks-page__header">
        <PageHeader title={canEdit ? t('tasks.form.editTitle') : task.title} />
        {context.canDelete(task) ? (
          <Button variant="danger" onClick={() => void remove()}>
            <TrashIcon className="button__icon" />
            {t('tasks.common.delete')}
          </Button>
        ) : null}
      </div>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      {canEdit ? (
        <TaskForm task={task} onDone={() => navigate(TASKS_PATHS.tasks)} />
      ) : (
        <div className="stack">
          <Alert tone="info">{t('tasks.detail.readOnly')}</Alert>
          {task.description ? <p className="task-detail__description">{task.description}</p> : null}
        </div>
      )}
    </div>
  );
}
