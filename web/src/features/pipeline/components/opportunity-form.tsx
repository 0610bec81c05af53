/**
 * Create or edit an opportunity. Each field is checked with the shared rules (shared/sales) when
 * the user leaves it and on submit; a lost stage also requires the loss reason (the database's
 * `opportunities_loss_reason_check`). Problems appear under the field (aria-invalid,
 * aria-describedby) and the first one gets the focus. The amount is typed in euros and stored in
 * cents; an empty probability means the stage's (shown as the placeholder). The write is local
 * (replica + outbox) and syncs later; a server refusal waits in "À traiter" with the data intact.
 */
import { useCallback, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getContactDisplayName } from '@shared/crm/index.ts';
import {
  isLossReasonMissing,
  OPPORTUNITY_SOURCES,
  opportunityCreateSchema,
  type Opportunity,
  type OpportunitySource,
  type PipelineStage,
} from '@shared/sales/index.ts';
import { createRow, searchCompanies, searchContacts, updateRow, ValidationError } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { Alert, Button, Card, SelectField, TextAreaField, TextField, useToast } from '@web/ui/index.ts';
import type { PipelineContext } from '../hooks/use-pipeline-context.ts';
import { useCompany, useContact } from '../hooks/use-pipeline-rows.ts';
import {
  DRAFT_FIELD_ORDER,
  listChangedFields,
  toOpportunityDraft,
  toOpportunityFields,
  type OpportunityDraft,
} from '../internal/drafts.ts';
import { FORM_ERROR_KEYS, listSchemaErrors, toFormErrors, type FormErrors } from '../internal/form-errors.ts';
import { getStageLabel, SOURCE_KEYS } from '../internal/labels.ts';
import { RecordPicker, type PickerChoice } from './record-picker.tsx';

export type OpportunityFormProps = {
  readonly context: PipelineContext;
  readonly stages: readonly PipelineStage[];
  /** The opportunity being edited; null creates one. */
  readonly opportunity: Opportunity | null;
  /** After a write: the opportunity's id (null when cancelled). */
  readonly onDone: (id: string | null) => void;
};

/** Problems of a draft: the shared schema's, plus the loss reason a lost stage requires. */
function listDraftErrors(draft: OpportunityDraft, stages: readonly PipelineStage[]): FormErrors {
  const fields = toOpportunityFields(draft);
  const errors = { ...listSchemaErrors(opportunityCreateSchema, fields) };
  const stage = stages.find((candidate) => candidate.id === draft.stage_id);
  if (!errors['loss_reason'] && isLossReasonMissing({ loss_reason: draft.loss_reason }, stage)) {
    errors['loss_reason'] = FORM_ERROR_KEYS.loss_reason;
  }
  return errors;
}

export function OpportunityForm({ context, stages, opportunity, onDone }: OpportunityFormProps) {
  const { t } = useTranslation();
  const showToast = useToast();
  const translateError = useTranslateError();
  const formRef = useRef<HTMLFormElement>(null);
  const summaryId = useId();
  const isNew = opportunity === null;
  const firstOpenStage = stages.find((stage) => stage.kind === 'open') ?? stages[0];
  const [draft, setDraft] = useState<OpportunityDraft>(() =>
    toOpportunityDraft(opportunity, context.userId, firstOpenStage?.id ?? ''),
  );
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [isSubmitted, setIsSubmitted] = useState(false);
  const [writeErrors, setWriteErrors] = useState<FormErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const problems = useMemo(() => listDraftErrors(draft, stages), [draft, stages]);
  const company = useCompany(draft.company_id || null);
  const contact = useContact(draft.contact_id || null);
  const stage = stages.find((candidate) => candidate.id === draft.stage_id);
  const isLost = stage?.kind === 'lost';
  const hasProblems = isSubmitted && (Object.keys(problems).length > 0 || Object.keys(writeErrors).length > 0);

  const setField = <K extends keyof OpportunityDraft>(field: K, value: OpportunityDraft[K]) => {
    setDraft((previous) => ({ ...previous, [field]: value }));
    const written = field === 'amount' ? 'amount_cents' : field;
    if (writeErrors[written]) {
      const rest = { ...writeErrors };
      delete rest[written];
      setWriteErrors(rest);
    }
  };
  const touch = (field: string) => setTouched((previous) => new Set([...previous, field]));
  const errorOf = (field: string): string | undefined => {
    const problem = problems[field];
    if (problem && (isSubmitted || touched.has(field))) return t(problem);
    const written = writeErrors[field];
    return written ? t(written) : undefined;
  };
  const text = (field: Exclude<keyof OpportunityDraft, 'source'>, errorField: string = field) => ({
    name: errorField,
    value: draft[field],
    error: errorOf(errorField),
    onChange: (event: { target: { value: string } }) => setField(field, event.target.value),
    onBlur: () => touch(errorField),
  });
  const focusField = (field: string) => {
    formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
  };

  const findCompanies = useCallback(
    async (query: string): Promise<PickerChoice[]> =>
      (await searchCompanies(query, { limit: 8 })).map((row) => ({ id: row.id, label: row.name })),
    [],
  );
  const findContacts = useCallback(
    async (query: string): Promise<PickerChoice[]> =>
      (await searchContacts(query, { limit: 8 })).map((row) => ({ id: row.id, label: getContactDisplayName(row) })),
    [],
  );

  const write = async (): Promise<string | null> => {
    const parsed = opportunityCreateSchema.safeParse(toOpportunityFields(draft));
    if (!parsed.success) return null;
    // A loss reason only belongs to a lost opportunity: leaving a lost stage keeps the old text,
    // but a new opportunity in an open stage never stores a stray one.
    const fields: Record<string, unknown> = isLost || !isNew ? parsed.data : { ...parsed.data, loss_reason: null };
    setIsBusy(true);
    setFailure(null);
    try {
      if (isNew) {
        const { id, undo } = await createRow('opportunities', fields);
        showToast({
          message: t('pipeline.form.created', { title: parsed.data.title }),
          actionLabel: t('pipeline.common.undo'),
          onAction: undo,
        });
        return id;
      }
      const changed = listChangedFields(fields, opportunity);
      if (Object.keys(changed).length > 0) {
        const { undo } = await updateRow('opportunities', opportunity.id, changed);
        showToast({ message: t('pipeline.form.saved'), actionLabel: t('pipeline.common.undo'), onAction: undo });
      }
      return opportunity.id;
    } catch (caught) {
      if (caught instanceof ValidationError) {
        setWriteErrors(toFormErrors(caught.fields));
        const first = Object.keys(caught.fields)[0];
        if (first) focusField(first);
      } else {
        setFailure(translateError(caught));
      }
      return null;
    } finally {
      setIsBusy(false);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setIsSubmitted(true);
    const firstProblem = DRAFT_FIELD_ORDER.find((field) => problems[field] !== undefined);
    if (firstProblem) {
      focusField(firstProblem);
      return;
    }
    const id = await write();
    if (id) onDone(id);
  };

  const stageOptions = stages.map((candidate) => ({ value: candidate.id, label: getStageLabel(candidate, t) }));
  const ownerOptions = [
    { value: '', label: t('pipeline.common.unassigned') },
    { value: context.userId, label: t('pipeline.common.me') },
    ...context.members
      .filter((member) => member.user_id !== context.userId)
      .map((member) => ({ value: member.user_id, label: member.display_name ?? member.email })),
  ];
  if (draft.owner_id && !ownerOptions.some((option) => option.value === draft.owner_id)) {
    ownerOptions.push({ value: draft.owner_id, label: t('pipeline.common.unknownOwner') });
  }
  const sourceOptions = [
    { value: '', label: t('pipeline.sources.none') },
    ...OPPORTUNITY_SOURCES.map((source) => ({ value: source, label: t(SOURCE_KEYS[source]) })),
  ];

  return (
    <form
      ref={formRef}
      className="stack"
      noValidate
      aria-describedby={hasProblems ? summaryId : undefined}
      onSubmit={(event) => void onSubmit(event)}
    >
      {hasProblems ? (
        <div id={summaryId}>
          <Alert tone="error">{t('pipeline.errors.summary')}</Alert>
        </div>
      ) : null}
      <Card title={t('pipeline.form.essentials')}>
        <div className="form-grid form-grid--two">
          <div className="form-grid__wide">
            <TextField label={t('pipeline.fields.title')} autoComplete="off" {...text('title')} />
          </div>
          <RecordPicker
            label={t('pipeline.fields.company_id')}
            name="company_id"
            selected={draft.company_id ? { id: draft.company_id, label: company?.name ?? '…' } : null}
            search={findCompanies}
            onSelect={(choice) => setField('company_id', choice?.id ?? '')}
          />
          <RecordPicker
            label={t('pipeline.fields.contact_id')}
            name="contact_id"
            selected={
              draft.contact_id ? { id: draft.contact_id, label: contact ? getContactDisplayName(contact) : '…' } : null
            }
            search={findContacts}
            onSelect={(choice) => setField('contact_id', choice?.id ?? '')}
          />
          <TextField
            label={t('pipeline.fields.amount')}
            hint={t('pipeline.hints.amount')}
            inputMode="decimal"
            autoComplete="off"
            {...text('amount', 'amount_cents')}
          />
          <TextField label={t('pipeline.fields.expected_close_date')} type="date" {...text('expected_close_date')} />
        </div>
      </Card>
      <Card title={t('pipeline.form.stage')}>
        <div className="form-grid form-grid--two">
          <SelectField
            label={t('pipeline.fields.stage_id')}
            name="stage_id"
            value={draft.stage_id}
            options={stageOptions}
            error={errorOf('stage_id')}
            onChange={(event) => setField('stage_id', event.target.value)}
          />
          <TextField
            label={t('pipeline.fields.probability')}
            hint={t('pipeline.hints.probability')}
            inputMode="numeric"
            placeholder={stage ? String(stage.probability) : undefined}
            {...text('probability')}
          />
          {isLost ? (
            <div className="form-grid__wide">
              <TextAreaField label={t('pipeline.fields.loss_reason')} rows={3} {...text('loss_reason')} />
            </div>
          ) : null}
        </div>
      </Card>
      <Card title={t('pipeline.form.more')}>
        <div className="form-grid form-grid--two">
          <SelectField
            label={t('pipeline.fields.owner_id')}
            name="owner_id"
            value={draft.owner_id}
            options={ownerOptions}
            error={errorOf('owner_id')}
            onChange={(event) => setField('owner_id', event.target.value)}
          />
          <SelectField
            label={t('pipeline.fields.source')}
            name="source"
            value={draft.source}
            options={sourceOptions}
            onChange={(event) => setField('source', event.target.value as OpportunitySource | '')}
          />
          <div className="form-grid__wide">
            <TextField label={t('pipeline.fields.next_step')} {...text('next_step')} />
          </div>
          <div className="form-grid__wide">
            <TextField label={t('pipeline.fields.tags')} hint={t('pipeline.hints.tags')} {...text('tags')} />
          </div>
          <div className="form-grid__wide">
            <TextAreaField label={t('pipeline.fields.notes')} rows={4} {...text('notes')} />
          </div>
        </div>
      </Card>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <div className="form-actions form-actions--between">
        <Button variant="secondary" onClick={() => onDone(null)}>
          {t('pipeline.common.cancel')}
        </Button>
        <Button type="submit" isBusy={isBusy}>
          {isNew ? t('pipeline.common.create') : t('pipeline.common.save')}
        </Button>
      </div>
    </form>
  );
}
