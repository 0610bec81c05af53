/**
 * Create or edit a task: title, description, due date and time, reminder, priority, status (when
 * editing), assignee from the team, and links to a contact, company or opportunity. Checked with
 * the shared rules on submit (problems under each field, the first one focused). The write is
 * local (replica + outbox) and syncs later; offline it simply waits.
 */
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { taskCreateSchema, TASK_PRIORITIES, TASK_STATUSES, type Task } from '@shared/sales/index.ts';
import { createRow, updateRow, ValidationError } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import {
  Alert,
  Button,
  CloseIcon,
  LoadingState,
  SelectField,
  TextAreaField,
  TextField,
  useToast,
} from '@web/ui/index.ts';
import { useLinkedNames, listTaskLinks, type LinkedRecord } from '../hooks/use-linked-records.ts';
import { useTasksContext, type TasksContext } from '../hooks/use-tasks-context.ts';
import {
  findReminderProblem,
  listChangedFields,
  REMINDER_CHOICES,
  toTaskDraft,
  toTaskFields,
  type ReminderChoice,
  type TaskDraft,
  type TaskPreset,
} from '../internal/draft.ts';
import { LINK_KIND_KEYS, PRIORITY_KEYS, STATUS_KEYS } from '../internal/labels.ts';
import { RecordPicker } from './record-picker.tsx';

export type TaskFormProps = {
  /** The task being edited; null or absent creates one. */
  readonly task?: Task | null;
  /** Values of a new task (linked record, a suggested title or due date). */
  readonly preset?: TaskPreset;
  /** After a save, with the task's id; after "Annuler", with null. */
  readonly onDone: (id: string | null) => void;
};

const ERROR_KEYS = {
  required: 'tasks.form.errors.required',
  tooLong: 'tasks.form.errors.tooLong',
  invalid: 'tasks.form.errors.invalid',
  reminderNeedsDue: 'tasks.form.errors.reminderNeedsDue',
  reminderDate: 'tasks.form.errors.reminderDate',
} as const;
type ErrorKey = (typeof ERROR_KEYS)[keyof typeof ERROR_KEYS];
type FieldErrors = Readonly<Record<string, ErrorKey>>;

const REMINDER_KEYS = {
  none: 'tasks.form.reminders.none',
  at_due: 'tasks.form.reminders.at_due',
  '15m': 'tasks.form.reminders.15m',
  '1h': 'tasks.form.reminders.1h',
  '1d': 'tasks.form.reminders.1d',
  custom: 'tasks.form.reminders.custom',
} as const satisfies Readonly<Record<ReminderChoice, string>>;

/** Draft fields in screen order: the first one with a problem gets the focus. */
const FIELD_ORDER = ['title', 'description', 'due_at', 'reminder', 'priority', 'status', 'assignee_id'] as const;

/** A rule (zod issue code, or the engine's `sync.validation.<rule>`) → a key this form shows. */
function toErrorKey(rule: string): ErrorKey {
  const name = rule.slice(rule.lastIndexOf('.') + 1);
  if (name === 'too_small' || name === 'required') return ERROR_KEYS.required;
  if (name === 'too_big' || name === 'too_long') return ERROR_KEYS.tooLong;
  return ERROR_KEYS.invalid;
}

function listProblems(draft: TaskDraft, fields: Record<string, unknown>): FieldErrors {
  const errors: Record<string, ErrorKey> = {};
  const result = taskCreateSchema.safeParse(fields);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field && !errors[field]) errors[field] = toErrorKey(issue.code === 'custom' ? issue.message : issue.code);
    }
  }
  if (draft.title.trim() === '') errors['title'] = ERROR_KEYS.required;
  const reminderProblem = findReminderProblem(draft);
  if (reminderProblem) errors['reminder'] = ERROR_KEYS[reminderProblem];
  if (errors['remind_at'] && !errors['reminder']) errors['reminder'] = errors['remind_at'];
  return errors;
}

export function TaskForm(props: TaskFormProps) {
  const { t } = useTranslation();
  const context = useTasksContext();
  if (!context) return <LoadingState label={t('tasks.common.loading')} />;
  return <TaskFormFields {...props} context={context} />;
}

function TaskFormFields({ task = null, preset, onDone, context }: TaskFormProps & { readonly context: TasksContext }) {
  const { t } = useTranslation();
  const showToast = useToast();
  const translateError = useTranslateError();
  const formRef = useRef<HTMLFormElement>(null);
  const summaryId = useId();
  const initial = useMemo(
    () => toTaskDraft(task, context.userId, context.timeZone, preset),
    // The draft starts once; later pulls of the same task do not overwrite what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const [draft, setDraft] = useState<TaskDraft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const names = useLinkedNames([draft]);
  const isNew = task === null;

  const setField = <K extends keyof TaskDraft>(field: K, value: TaskDraft[K]) => {
    setDraft((previous) => ({ ...previous, [field]: value }));
    const errorField = field === 'due_date' || field === 'due_time' ? 'due_at' : field;
    if (errors[errorField]) {
      const rest = { ...errors };
      delete rest[errorField];
      setErrors(rest);
    }
  };
  const errorOf = (field: string) => {
    const key = errors[field];
    return key ? t(key) : undefined;
  };
  const focusField = (field: string) => {
    const name = field === 'due_at' ? 'due_date' : field;
    formRef.current?.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const fields = toTaskFields(draft, context.timeZone);
    const problems = listProblems(draft, fields);
    setErrors(problems);
    const first = FIELD_ORDER.find((field) => problems[field]) ?? Object.keys(problems)[0];
    if (first) {
      focusField(first);
      return;
    }
    setIsBusy(true);
    setFailure(null);
    try {
      if (task === null) {
        const { id, undo } = await createRow('tasks', fields);
        showToast({
          message: t('tasks.toast.created', { title: fields['title'] as string }),
          actionLabel: t('tasks.common.undo'),
          onAction: undo,
        });
        onDone(id);
        return;
      }
      const changed = listChangedFields(fields, task);
      if (Object.keys(changed).length > 0) {
        const { undo } = await updateRow('tasks', task.id, changed);
        showToast({ message: t('tasks.toast.saved'), actionLabel: t('tasks.common.undo'), onAction: undo });
      }
      onDone(task.id);
    } catch (caught) {
      if (caught instanceof ValidationError) {
        const mapped = Object.fromEntries(
          Object.entries(caught.fields).map(([field, rule]) => [field, toErrorKey(rule)]),
        ) as FieldErrors;
        setErrors(mapped);
        const firstField = Object.keys(mapped)[0];
        if (firstField) focusField(firstField);
      } else {
        setFailure(translateError(caught));
      }
    } finally {
      setIsBusy(false);
    }
  };

  const assigneeOptions = [
    { value: context.userId, label: t('tasks.common.me') },
    ...context.team.members
      .filter((member) => member.user_id !== context.userId && member.status !== 'suspended')
      .map((member) => ({ value: member.user_id, label: member.display_name || member.email })),
    { value: '', label: t('tasks.common.unassigned') },
  ];
  if (draft.assignee_id && !assigneeOptions.some((option) => option.value === draft.assignee_id)) {
    assigneeOptions.push({ value: draft.assignee_id, label: t('tasks.common.unknownMember') });
  }
  const links = listTaskLinks(draft, names);
  const pendingLinks = (['opportunity_id', 'contact_id', 'company_id'] as const).filter(
    (column) => draft[column] !== null && !links.some((link) => COLUMN_OF[link.table] === column),
  );
  const hasProblems = Object.keys(errors).length > 0;

  return (
    <form
      ref={formRef}
      className="stack task-form"
      noValidate
      aria-describedby={hasProblems ? summaryId : undefined}
      onSubmit={(event) => void onSubmit(event)}
    >
      {hasProblems ? (
        <div id={summaryId}>
          <Alert tone="error">{t('tasks.form.errors.summary')}</Alert>
        </div>
      ) : null}
      <TextField
        label={t('tasks.fields.title')}
        name="title"
        value={draft.title}
        maxLength={200}
        autoComplete="off"
        error={errorOf('title')}
        onChange={(event) => setField('title', event.target.value)}
      />
      <TextAreaField
        label={t('tasks.fields.description')}
        name="description"
        rows={3}
        value={draft.description}
        error={errorOf('description')}
        onChange={(event) => setField('description', event.target.value)}
      />
      <div className="form-grid form-grid--two">
        <TextField
          label={t('tasks.fields.due_date')}
          name="due_date"
          type="date"
          value={draft.due_date}
          error={errorOf('due_at')}
          onChange={(event) => setField('due_date', event.target.value)}
        />
        <TextField
          label={t('tasks.fields.due_time')}
          hint={t('tasks.form.dueTimeHint')}
          name="due_time"
          type="time"
          value={draft.due_time}
          onChange={(event) => setField('due_time', event.target.value)}
        />
        <SelectField
          label={t('tasks.fields.reminder')}
          name="reminder"
          value={draft.reminder}
          error={errorOf('reminder')}
          options={REMINDER_CHOICES.map((choice) => ({ value: choice, label: t(REMINDER_KEYS[choice]) }))}
          onChange={(event) => setField('reminder', event.target.value as ReminderChoice)}
        />
        {draft.reminder === 'custom' ? (
          <div className="form-grid form-grid--two">
            <TextField
              label={t('tasks.fields.remind_date')}
              name="remind_date"
              type="date"
              value={draft.remind_date}
              onChange={(event) => setField('remind_date', event.target.value)}
            />
            <TextField
              label={t('tasks.fields.remind_time')}
              name="remind_time"
              type="time"
              value={draft.remind_time}
              onChange={(event) => setField('remind_time', event.target.value)}
            />
          </div>
        ) : null}
        <SelectField
          label={t('tasks.fields.priority')}
          name="priority"
          value={draft.priority}
          error={errorOf('priority')}
          options={TASK_PRIORITIES.map((priority) => ({ value: priority, label: t(PRIORITY_KEYS[priority]) }))}
          onChange={(event) => setField('priority', event.target.value)}
        />
        {isNew ? null : (
          <SelectField
            label={t('tasks.fields.status')}
            name="status"
            value={draft.status}
            error={errorOf('status')}
            options={TASK_STATUSES.map((status) => ({ value: status, label: t(STATUS_KEYS[status]) }))}
            onChange={(event) => setField('status', event.target.value)}
          />
        )}
        <SelectField
          label={t('tasks.fields.assignee_id')}
          name="assignee_id"
          value={draft.assignee_id}
          error={errorOf('assignee_id')}
          options={assigneeOptions}
          onChange={(event) => setField('assignee_id', event.target.value)}
        />
      </div>
      <fieldset className="task-form__links">
        <legend className="field__label">{t('tasks.fields.links')}</legend>
        {links.length > 0 || pendingLinks.length > 0 ? (
          <ul className="chip-list">
            {links.map((link) => (
              <li key={link.table} className="chip">
                <span>{t('tasks.links.chip', { kind: t(LINK_KIND_KEYS[link.table]), name: link.label })}</span>
                <button
                  type="button"
                  className="chip__remove"
                  aria-label={t('tasks.links.remove', { name: link.label })}
                  onClick={() => setField(COLUMN_OF[link.table], null)}
                >
                  <CloseIcon />
                </button>
              </li>
            ))}
            {pendingLinks.map((column) => (
              <li key={column} className="chip">
                <span>{t('tasks.links.unavailable')}</span>
                <button
                  type="button"
                  className="chip__remove"
                  aria-label={t('tasks.links.remove', { name: t('tasks.links.unavailable') })}
                  onClick={() => setField(column, null)}
                >
                  <CloseIcon />
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="field__hint">{t('tasks.links.none')}</p>
        )}
        <RecordPicker
          label={t('tasks.links.search')}
          hint={t('tasks.links.searchHint')}
          onPick={(record: LinkedRecord) => setField(COLUMN_OF[record.table], record.id)}
        />
      </fieldset>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <div className="form-actions form-actions--between">
        <Button variant="secondary" onClick={() => onDone(null)}>
          {t('tasks.common.cancel')}
        </Button>
        <Button type="submit" isBusy={isBusy}>
          {isNew ? t('tasks.common.create') : t('tasks.common.save')}
        </Button>
      </div>
    </form>
  );
}

const COLUMN_OF = { contacts: 'contact_id', companies: 'company_id', opportunities: 'opportunity_id' } as const;
