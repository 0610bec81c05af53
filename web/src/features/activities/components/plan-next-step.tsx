/**
 * "Prochaine étape": a task for the user, linked to the record, due at 9:00 tomorrow, in three
 * days or next Monday (company time zone) — one chip each, "Demain" preselected.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createRow, UNDO_WINDOW_MS } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { Alert, Button, TextField, useToast } from '@web/ui/index.ts';
import type { ActivitiesContext } from '../hooks/use-activities-context.ts';
import { computeDueAt, DUE_CHOICES, type DueChoice } from '../internal/due-choices.ts';
import type { ActivityLinks } from './log-activity-dialog.tsx';

const DUE_KEYS = {
  tomorrow: 'activities.quick.dueTomorrow',
  in3Days: 'activities.quick.dueIn3Days',
  nextWeek: 'activities.quick.dueNextWeek',
} as const satisfies Record<DueChoice, string>;

export function PlanNextStep({
  context,
  links,
  onDone,
}: {
  readonly context: ActivitiesContext;
  readonly links: ActivityLinks;
  readonly onDone: () => void;
}) {
  const { t } = useTranslation();
  const showToast = useToast();
  const translateError = useTranslateError();
  const legendId = useId();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState<DueChoice>('tomorrow');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) {
      setError(t('activities.quick.taskTitleRequired'));
      return;
    }
    try {
      const { undo } = await createRow('tasks', {
        title: trimmed,
        due_at: computeDueAt(due, Date.now(), context.timeZone),
        assignee_id: context.userId,
        contact_id: links.contact_id ?? null,
        company_id: links.company_id ?? null,
        opportunity_id: links.opportunity_id ?? null,
      });
      showToast({
        message: t('activities.quick.taskCreated', { title: trimmed }),
        actionLabel: t('activities.quick.undo'),
        durationMs: UNDO_WINDOW_MS,
        onAction: async () => {
          const isUndone = await undo();
          showToast({ message: isUndone ? t('activities.quick.undone') : t('activities.quick.undoTooLate') });
        },
      });
      onDone();
    } catch (caught) {
      setFailure(translateError(caught));
    }
  };

  return (
    <form className="quick-actions__panel stack" noValidate onSubmit={(event) => void save(event)}>
      <TextField
        label={t('activities.quick.nextStepLabel')}
        value={title}
        maxLength={200}
        error={error ?? undefined}
        onChange={(event) => {
          setTitle(event.target.value);
          setError(null);
        }}
      />
      <div role="group" aria-labelledby={legendId} className="quick-actions__due">
        <p id={legendId} className="field__label">
          {t('activities.quick.dueLegend')}
        </p>
        <div className="chip-row">
          {DUE_CHOICES.map((choice) => (
            <button
              key={choice}
              type="button"
              aria-pressed={due === choice}
              className="chip"
              onClick={() => setDue(choice)}
            >
              {t(DUE_KEYS[choice])}
            </button>
          ))}
        </div>
      </div>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <div className="quick-actions__row">
        <Button type="submit">{t('activities.quick.createTask')}</Button>
        <Button variant="ghost" onClick={onDone}>
          {t('activities.quick.close')}
        </Button>
      </div>
    </form>
  );
}
