/**
 * /taches — the user's tasks in two views: "Ma journée" (the default on phones: overdue, today,
 * upcoming, no date) and the board (à faire / en cours / terminé, the default on wide screens).
 * Filters: assignee ("moi" by default), priority, linked record. Everything reads the local
 * replica, so the page works offline and shows other devices' changes as they sync in.
 */
import { useTranslation } from 'react-i18next';
import { TASK_PRIORITIES } from '@shared/sales/index.ts';
import {
  AppLink,
  Button,
  CloseIcon,
  LoadingState,
  PageHeader,
  PlusIcon,
  SelectField,
  useNow,
  usePageTitle,
  useMediaQuery,
  WIDE_SCREEN,
} from '@web/ui/index.ts';
import type { TasksContext } from '../hooks/use-tasks-context.ts';
import { useTasks } from '../hooks/use-tasks.ts';
import { LINK_KIND_KEYS, PRIORITY_KEYS } from '../internal/labels.ts';
import { DEFAULT_FILTERS, filterTasks, type TaskFilters } from '../internal/my-day.ts';
import { TASKS_PATHS } from '../paths.ts';
import { useTasksUi, type TasksView } from '../store.ts';
import { MyDayView } from './my-day-view.tsx';
import { RecordPicker } from './record-picker.tsx';
import { TaskBoard } from './task-board.tsx';
import { TasksGate } from './tasks-gate.tsx';
import './tasks.css';

export function TasksPage() {
  return <TasksGate>{(context) => <TasksScreen context={context} />}</TasksGate>;
}

function TasksScreen({ context }: { readonly context: TasksContext }) {
  const { t } = useTranslation();
  usePageTitle(t('tasks.title'));
  const isWide = useMediaQuery(WIDE_SCREEN, false);
  const { view, setView, filters, setFilters, resetFilters } = useTasksUi();
  const current: TasksView = view ?? (isWide ? 'board' : 'my-day');
  const tasks = useTasks();
  const now = useNow(30_000);
  const filtered = tasks ? filterTasks(tasks, filters, context.userId) : undefined;
  const isFiltered = JSON.stringify(filters) !== JSON.stringify(DEFAULT_FILTERS);

  return (
    <div className="stack tasks-page">
      <div className="tasks-page__header">
        <PageHeader title={t('tasks.title')} />
        {context.canCreate ? (
          <AppLink to={TASKS_PATHS.taskNew} asButton="primary">
            <PlusIcon className="button__icon" />
            {t('tasks.new')}
          </AppLink>
        ) : null}
      </div>
      <div className="view-switch" role="group" aria-label={t('tasks.views.label')}>
        <Button
          variant={current === 'my-day' ? 'primary' : 'secondary'}
          aria-pressed={current === 'my-day'}
          onClick={() => setView('my-day')}
        >
          {t('tasks.views.myDay')}
        </Button>
        <Button
          variant={current === 'board' ? 'primary' : 'secondary'}
          aria-pressed={current === 'board'}
          onClick={() => setView('board')}
        >
          {t('tasks.views.board')}
        </Button>
      </div>
      <TaskFiltersBar context={context} filters={filters} onChange={setFilters} />
      {filtered === undefined ? (
        <LoadingState label={t('tasks.common.loading')} />
      ) : tasks && tasks.length === 0 ? (
        <div className="empty-state">
          <h2>{t('tasks.empty.title')}</h2>
          <p>{t('tasks.empty.body')}</p>
        </div>
      ) : filtered.length === 0 || (current === 'my-day' && filtered.every((task) => task.status === 'done')) ? (
        <div className="empty-state">
          <h2>{isFiltered ? t('tasks.empty.noMatchTitle') : t('tasks.empty.allDoneTitle')}</h2>
          <p>{isFiltered ? t('tasks.empty.noMatchBody') : t('tasks.empty.allDoneBody')}</p>
          {isFiltered ? (
            <div className="form-actions">
              <Button variant="secondary" onClick={resetFilters}>
                {t('tasks.filters.reset')}
              </Button>
            </div>
          ) : null}
        </div>
      ) : current === 'my-day' ? (
        <MyDayView tasks={filtered} context={context} now={now} />
      ) : (
        <TaskBoard tasks={filtered} context={context} now={now} />
      )}
    </div>
  );
}

function TaskFiltersBar({
  context,
  filters,
  onChange,
}: {
  readonly context: TasksContext;
  readonly filters: TaskFilters;
  readonly onChange: (patch: Partial<TaskFilters>) => void;
}) {
  const { t } = useTranslation();
  const assigneeOptions = [
    { value: 'me', label: t('tasks.filters.me') },
    { value: 'all', label: t('tasks.filters.everyone') },
    { value: 'unassigned', label: t('tasks.common.unassigned') },
    ...context.team.members
      .filter((member) => member.user_id !== context.userId)
      .map((member) => ({ value: member.user_id, label: member.display_name || member.email })),
  ];
  return (
    <details className="tasks-filters">
      <summary>{t('tasks.filters.title')}</summary>
      <div className="tasks-filters__grid">
        <SelectField
          label={t('tasks.filters.assignee')}
          value={filters.assignee}
          options={assigneeOptions}
          onChange={(event) => onChange({ assignee: event.target.value })}
        />
        <SelectField
          label={t('tasks.filters.priority')}
          value={filters.priority}
          options={[
            { value: '', label: t('tasks.filters.anyPriority') },
            ...TASK_PRIORITIES.map((priority) => ({ value: priority, label: t(PRIORITY_KEYS[priority]) })),
          ]}
          onChange={(event) => onChange({ priority: event.target.value })}
        />
        {filters.record ? (
          <div className="field">
            <span className="field__label">{t('tasks.filters.record')}</span>
            <ul className="chip-list">
              <li className="chip">
                <span>
                  {t('tasks.links.chip', {
                    kind: t(LINK_KIND_KEYS[filters.record.table]),
                    name: filters.record.label ?? '',
                  })}
                </span>
                <button
                  type="button"
                  className="chip__remove"
                  aria-label={t('tasks.filters.clearRecord')}
                  onClick={() => onChange({ record: null })}
                >
                  <CloseIcon />
                </button>
              </li>
            </ul>
          </div>
        ) : (
          <RecordPicker label={t('tasks.filters.record')} onPick={(record) => onChange({ record })} />
        )}
      </div>
    </details>
  );
}
