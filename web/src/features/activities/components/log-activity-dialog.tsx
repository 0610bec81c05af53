/**
 * "Noter une activité": a call, e-mail, meeting, note or visit with its outcome, duration, time
 * (now by default, in the company's time zone), subject, notes and linked records. Also the
 * "Ajouter des détails" step after a two-tap call (then it edits that activity). Written to the
 * replica and the outbox at once: it works offline and syncs later; a refusal by the server
 * lands in "À traiter" with the data kept.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTIVITY_OUTCOMES,
  MAX_ACTIVITY_DURATION_MINUTES,
  USER_ACTIVITY_KINDS,
  type Activity,
  type ActivityOutcome,
  type UserActivityKind,
} from '@shared/sales/index.ts';
import { toFieldErrorKeys } from '@web/features/crm/index.ts';
import { createRow, updateRow, ValidationError, UNDO_WINDOW_MS } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { Alert, Button, Dialog, SelectField, TextAreaField, TextField, useToast } from '@web/ui/index.ts';
import type { ActivitiesContext } from '../hooks/use-activities-context.ts';
import { useLinkOptions } from '../hooks/use-link-options.ts';
import { KIND_KEYS, OUTCOME_KEYS } from '../internal/labels.ts';
import type { TimelineRecord } from '../internal/timeline.ts';
import { parseLocalInputValue, toLocalInputValue } from '@web/lib/time/index.ts';

/** The records an activity is about (at least one is required). */
export type ActivityLinks = {
  readonly contact_id?: string | null | undefined;
  readonly company_id?: string | null | undefined;
  readonly opportunity_id?: string | null | undefined;
};

export function getRecordLink(record: TimelineRecord): ActivityLinks {
  if (record.table === 'contacts') return { contact_id: record.id };
  if (record.table === 'companies') return { company_id: record.id };
  return { opportunity_id: record.id };
}

export type LogActivityDialogProps = {
  readonly context: ActivitiesContext;
  readonly links: ActivityLinks;
  /** Edit this activity instead of creating one. */
  readonly activity?: Activity | undefined;
  readonly onClose: () => void;
};

type Values = {
  kind: UserActivityKind;
  outcome: ActivityOutcome | '';
  duration: string;
  occurredAt: string;
  subject: string;
  body: string;
  contactId: string;
  opportunityId: string;
};

type Errors = Partial<Record<'duration' | 'occurredAt' | 'links' | 'form', string>>;

function isUserKind(kind: string): kind is UserActivityKind {
  return (USER_ACTIVITY_KINDS as readonly string[]).includes(kind);
}

function getInitialValues(props: LogActivityDialogProps): Values {
  const { activity, links, context } = props;
  return {
    kind: activity && isUserKind(activity.kind) ? activity.kind : 'call',
    outcome: activity?.outcome ?? '',
    duration: activity?.duration_minutes === null || activity === undefined ? '' : String(activity.duration_minutes),
    occurredAt: toLocalInputValue(activity ? Date.parse(activity.occurred_at) : Date.now(), context.timeZone),
    subject: activity?.subject ?? '',
    body: activity?.body ?? '',
    contactId: activity?.contact_id ?? links.contact_id ?? '',
    opportunityId: activity?.opportunity_id ?? links.opportunity_id ?? '',
  };
}

export function LogActivityDialog(props: LogActivityDialogProps) {
  const { context, links, activity, onClose } = props;
  const { t } = useTranslation();
  const showToast = useToast();
  const translateError = useTranslateError();
  const formId = useId();
  const [values, setValues] = useState<Values>(() => getInitialValues(props));
  const [errors, setErrors] = useState<Errors>({});
  const [isSaving, setIsSaving] = useState(false);
  const companyId = activity?.company_id ?? links.company_id ?? null;
  const options = useLinkOptions(companyId, links.contact_id ?? activity?.contact_id ?? null);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const validate = (): { fields: Record<string, unknown> } | { errors: Errors } => {
    const found: Errors = {};
    const duration = values.duration.trim() === '' ? null : Number(values.duration);
    if (
      duration !== null &&
      (!Number.isInteger(duration) || duration < 0 || duration > MAX_ACTIVITY_DURATION_MINUTES)
    ) {
      found.duration = t('activities.form.invalidDuration');
    }
    const occurredAt = parseLocalInputValue(values.occurredAt, context.timeZone);
    if (!occurredAt) found.occurredAt = t('activities.form.invalidDate');
    const contactId = values.contactId || null;
    const opportunityId = values.opportunityId || null;
    if (!contactId && !opportunityId && !companyId) found.links = t('activities.form.needsRecord');
    if (Object.keys(found).length > 0) return { errors: found };
    return {
      fields: {
        kind: values.kind,
        outcome: values.outcome || null,
        duration_minutes: duration,
        occurred_at: occurredAt,
        subject: values.subject.trim() || null,
        body: values.body.trim() || null,
        contact_id: contactId,
        company_id: companyId,
        opportunity_id: opportunityId,
      },
    };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (isSaving) return;
    const result = validate();
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setIsSaving(true);
    try {
      if (activity) {
        // Only what changed: the engine merges per field, so untouched fields keep others' edits.
        const current = activity as unknown as Record<string, unknown>;
        const patch = Object.fromEntries(
          Object.entries(result.fields).filter(([key, value]) => current[key] !== value),
        );
        if (Object.keys(patch).length > 0) {
          await updateRow('activities', activity.id, patch);
          showToast({ message: t('activities.form.updated') });
        }
      } else {
        const { undo } = await createRow('activities', result.fields);
        showToast({
          message: t('activities.form.saved'),
          actionLabel: t('activities.quick.undo'),
          durationMs: UNDO_WINDOW_MS,
          onAction: async () => {
            const isUndone: unknown = await undo();
            showToast({
              message: isUndone === false ? t('activities.quick.undoTooLate') : t('activities.quick.undone'),
            });
          },
        });
      }
      onClose();
    } catch (error) {
      setIsSaving(false);
      if (error instanceof ValidationError) {
        const keys = toFieldErrorKeys(error.fields);
        const first = Object.values(keys)[0];
        setErrors({ form: first ? t(first) : translateError(error) });
      } else setErrors({ form: translateError(error) });
    }
  };

  return (
    <Dialog
      title={activity ? t('activities.form.editTitle') : t('activities.form.title')}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('activities.form.cancel')}
          </Button>
          <Button type="submit" form={formId} isBusy={isSaving}>
            {t('activities.form.save')}
          </Button>
        </>
      }
    >
      <form id={formId} className="stack activity-form" noValidate onSubmit={(event) => void submit(event)}>
        {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
        {errors.links ? <Alert tone="error">{errors.links}</Alert> : null}
        <SelectField
          label={t('activities.form.kind')}
          value={values.kind}
          onChange={(event) => {
            if (isUserKind(event.target.value)) set('kind', event.target.value);
          }}
          options={USER_ACTIVITY_KINDS.map((kind) => ({ value: kind, label: t(KIND_KEYS[kind]) }))}
        />
        <SelectField
          label={t('activities.form.outcome')}
          value={values.outcome}
          onChange={(event) => {
            const next = event.target.value;
            set('outcome', (ACTIVITY_OUTCOMES as readonly string[]).includes(next) ? (next as ActivityOutcome) : '');
          }}
          options={[
            { value: '', label: t('activities.form.noOutcome') },
            ...ACTIVITY_OUTCOMES.map((outcome) => ({ value: outcome, label: t(OUTCOME_KEYS[outcome]) })),
          ]}
        />
        <TextField
          label={t('activities.form.occurredAt')}
          type="datetime-local"
          value={values.occurredAt}
          onChange={(event) => set('occurredAt', event.target.value)}
          error={errors.occurredAt}
        />
        <TextField
          label={t('activities.form.duration')}
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_ACTIVITY_DURATION_MINUTES}
          value={values.duration}
          onChange={(event) => set('duration', event.target.value)}
          error={errors.duration}
        />
        <TextField
          label={t('activities.form.subject')}
          maxLength={200}
          value={values.subject}
          onChange={(event) => set('subject', event.target.value)}
        />
        <TextAreaField
          label={t('activities.form.body')}
          rows={4}
          maxLength={10_000}
          value={values.body}
          onChange={(event) => set('body', event.target.value)}
        />
        {options.contacts.length > 0 && !links.contact_id ? (
          <SelectField
            label={t('activities.form.contact')}
            value={values.contactId}
            onChange={(event) => set('contactId', event.target.value)}
            options={[
              { value: '', label: t('activities.form.none') },
              ...options.contacts.map((option) => ({ value: option.id, label: option.label })),
            ]}
          />
        ) : null}
        {options.opportunities.length > 0 && !links.opportunity_id ? (
          <SelectField
            label={t('activities.form.opportunity')}
            value={values.opportunityId}
            onChange={(event) => set('opportunityId', event.target.value)}
            options={[
              { value: '', label: t('activities.form.none') },
              ...options.opportunities.map((option) => ({ value: option.id, label: option.label })),
            ]}
          />
        ) : null}
      </form>
    </Dialog>
  );
}
