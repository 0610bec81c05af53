/**
 * Create or edit a contact. Each field is checked with the shared rules when the user leaves it
 * and on submit; problems appear under the field (aria-invalid, aria-describedby) and the first
 * one gets the focus. A new contact is compared with the replica first (same e-mail, phone or a
 * close name): the user opens the existing record, merges, or creates anyway.
 * The write is local (replica + outbox) and syncs later; the server may still refuse it, and
 * then it waits in "À traiter" with the data intact.
 */
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  CONTACT_WRITABLE_FIELDS,
  contactCreateSchema,
  getContactDisplayName,
  PROCESSING_BASES,
  type Contact,
  type ProcessingBasis,
} from '@shared/crm/index.ts';
import { findContactDuplicates, type DuplicateMatch } from '@shared/crm/duplicates.ts';
import { createRow, updateRow, ValidationError } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import {
  Alert,
  AppLink,
  Button,
  Card,
  CheckboxField,
  CloseIcon,
  SelectField,
  TextAreaField,
  TextField,
  useToast,
} from '@web/ui/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';
import { useRecordForm } from '../hooks/use-record-form.ts';
import { useCompanies, useContacts } from '../hooks/use-replica-rows.ts';
import { listChangedFields, toContactDraft, toContactFields, type ContactDraft } from '../internal/drafts.ts';
import { toFieldErrorKeys } from '../internal/field-errors.ts';
import { BASIS_KEYS } from '../internal/labels.ts';
import { buildContactPath, buildMergePath } from '../paths.ts';
import { REASON_KEYS } from './reason-keys.ts';

export type ContactFormProps = {
  readonly context: CrmContext;
  /** The contact being edited; null creates one. */
  readonly contact: Contact | null;
  readonly onDone: () => void;
};

export function ContactForm({ context, contact, onDone }: ContactFormProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const showToast = useToast();
  const translateError = useTranslateError();
  const formRef = useRef<HTMLFormElement>(null);
  const summaryId = useId();
  const companies = useCompanies();
  const contacts = useContacts();
  const initial = useMemo(() => toContactDraft(contact, context.userId), [contact, context.userId]);
  const form = useRecordForm<ContactDraft>(initial, contactCreateSchema, toContactFields, CONTACT_WRITABLE_FIELDS);
  const [matches, setMatches] = useState<DuplicateMatch<Contact>[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [hasProblems, setHasProblems] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const { draft } = form;
  const isNew = contact === null;

  const error = (field: keyof ContactDraft & string) => {
    const key = form.errorOf(field);
    return key ? t(key) : undefined;
  };
  const text = (field: Exclude<keyof ContactDraft, 'custom_fields' | 'consent_marketing' | 'processing_basis'>) => ({
    name: field,
    value: draft[field],
    error: error(field),
    onChange: (event: { target: { value: string } }) => form.setField(field, event.target.value),
    onBlur: () => form.touch(field),
  });

  const focusField = (field: string) => {
    formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
  };

  const write = async () => {
    const parsed = contactCreateSchema.safeParse(toContactFields(draft));
    if (!parsed.success) return;
    setIsBusy(true);
    setFailure(null);
    try {
      if (isNew) {
        const { id, undo } = await createRow('contacts', parsed.data);
        const name = getContactDisplayName({
          first_name: parsed.data.first_name ?? null,
          last_name: parsed.data.last_name ?? null,
          email: parsed.data.email ?? null,
        });
        showToast({
          message: t('crm.form.contactCreated', { name }),
          actionLabel: t('crm.common.undo'),
          onAction: undo,
        });
        return id;
      }
      const changed = listChangedFields(parsed.data, contact);
      if (Object.keys(changed).length > 0) {
        const { undo } = await updateRow('contacts', contact.id, changed);
        showToast({ message: t('crm.detail.saved'), actionLabel: t('crm.common.undo'), onAction: undo });
      }
      onDone();
      return contact.id;
    } catch (caught) {
      if (caught instanceof ValidationError) {
        form.setWriteErrors(toFieldErrorKeys(caught.fields));
        setHasProblems(true);
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

  const create = async (mergeWith?: string) => {
    const id = await write();
    if (!id) return;
    navigate(mergeWith ? buildMergePath([mergeWith, id]) : buildContactPath(id));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const firstProblem = form.submit();
    setHasProblems(firstProblem !== undefined);
    if (firstProblem) {
      focusField(firstProblem);
      return;
    }
    if (isNew && matches === null) {
      const candidate = contactCreateSchema.parse(toContactFields(draft));
      const found = findContactDuplicates(candidate, contacts ?? [], { limit: 5 });
      if (found.length > 0) {
        setMatches(found);
        return;
      }
    }
    if (isNew) await create();
    else await write();
  };

  const companyOptions = [
    { value: '', label: t('crm.form.noCompany') },
    ...[...(companies ?? [])]
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
      .map((company) => ({ value: company.id, label: company.name })),
  ];
  const ownerOptions = [
    { value: '', label: t('crm.common.unassigned') },
    { value: context.userId, label: t('crm.common.me') },
    ...context.members
      .filter((member) => member.user_id !== context.userId)
      .map((member) => ({ value: member.user_id, label: member.display_name ?? member.email })),
  ];
  if (draft.owner_id && !ownerOptions.some((option) => option.value === draft.owner_id)) {
    ownerOptions.push({ value: draft.owner_id, label: t('crm.common.unknownOwner') });
  }

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
          <Alert tone="error">{t('crm.errors.summary')}</Alert>
        </div>
      ) : null}
      <Card title={t('crm.detail.identity')}>
        <div className="form-grid form-grid--two">
          <TextField label={t('crm.fields.first_name')} autoComplete="off" {...text('first_name')} />
          <TextField label={t('crm.fields.last_name')} autoComplete="off" {...text('last_name')} />
          <SelectField
            label={t('crm.fields.company_id')}
            name="company_id"
            value={draft.company_id}
            options={companyOptions}
            onChange={(event) => form.setField('company_id', event.target.value)}
          />
          <TextField label={t('crm.fields.job_title')} {...text('job_title')} />
        </div>
      </Card>
      <Card title={t('crm.detail.coordinates')}>
        <div className="form-grid form-grid--two">
          <TextField label={t('crm.fields.email')} type="email" inputMode="email" {...text('email')} />
          <TextField label={t('crm.fields.phone')} type="tel" hint={t('crm.hints.phone')} {...text('phone')} />
          <TextField label={t('crm.fields.mobile')} type="tel" {...text('mobile')} />
        </div>
      </Card>
      <Card title={t('crm.detail.address')}>
        <div className="form-grid form-grid--two">
          <div className="form-grid__wide">
            <TextField label={t('crm.fields.address_line1')} {...text('address_line1')} />
          </div>
          <TextField label={t('crm.fields.postal_code')} {...text('postal_code')} />
          <TextField label={t('crm.fields.city')} {...text('city')} />
          <TextField label={t('crm.fields.country')} hint={t('crm.hints.country')} maxLength={2} {...text('country')} />
        </div>
      </Card>
      <Card title={t('crm.detail.consent')}>
        <div className="form-grid">
          <CheckboxField
            label={t('crm.fields.consent_marketing')}
            name="consent_marketing"
            checked={draft.consent_marketing}
            onChange={(event) => form.setField('consent_marketing', event.target.checked)}
          />
          <SelectField
            label={t('crm.fields.processing_basis')}
            name="processing_basis"
            value={draft.processing_basis}
            options={PROCESSING_BASES.map((basis) => ({ value: basis, label: t(BASIS_KEYS[basis]) }))}
            onChange={(event) => form.setField('processing_basis', event.target.value as ProcessingBasis)}
          />
        </div>
      </Card>
      <Card title={t('crm.detail.more')}>
        <div className="form-grid">
          <TextField label={t('crm.fields.tags')} hint={t('crm.hints.tags')} {...text('tags')} />
          <SelectField
            label={t('crm.fields.owner_id')}
            name="owner_id"
            value={draft.owner_id}
            options={ownerOptions}
            error={error('owner_id')}
            onChange={(event) => form.setField('owner_id', event.target.value)}
          />
          <CustomFieldsEditor
            rows={draft.custom_fields}
            error={error('custom_fields')}
            onChange={(rows) => form.setField('custom_fields', rows)}
          />
          <TextAreaField
            label={t('crm.fields.notes')}
            name="notes"
            rows={4}
            value={draft.notes}
            error={error('notes')}
            onChange={(event) => form.setField('notes', event.target.value)}
            onBlur={() => form.touch('notes')}
          />
        </div>
      </Card>
      {matches && matches.length > 0 ? (
        <Alert
          tone="warning"
          title={t('crm.duplicates.warningTitle')}
          actions={
            <Button variant="secondary" isBusy={isBusy} onClick={() => void create()}>
              {t('crm.duplicates.createAnyway')}
            </Button>
          }
        >
          <p>{t('crm.duplicates.warningBody')}</p>
          <ul className="duplicate-matches">
            {matches.map((match) => (
              <li key={match.row.id}>
                <strong>{getContactDisplayName(match.row)}</strong>{' '}
                <span>({match.reasons.map((reason) => t(REASON_KEYS[reason])).join(', ')})</span>
                <span className="duplicate-matches__actions">
                  <AppLink to={buildContactPath(match.row.id)}>{t('crm.duplicates.openExisting')}</AppLink>
                  <Button variant="ghost" size="small" onClick={() => void create(match.row.id)}>
                    {t('crm.duplicates.merge')}
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <div className="form-actions form-actions--between">
        <Button variant="secondary" onClick={onDone}>
          {t('crm.common.cancel')}
        </Button>
        <Button type="submit" isBusy={isBusy}>
          {isNew ? t('crm.common.create') : t('crm.common.save')}
        </Button>
      </div>
    </form>
  );
}

function CustomFieldsEditor({
  rows,
  error,
  onChange,
}: {
  readonly rows: ContactDraft['custom_fields'];
  readonly error: string | undefined;
  readonly onChange: (rows: ContactDraft['custom_fields']) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="custom-fields">
      <legend className="field__label">{t('crm.fields.custom_fields')}</legend>
      {rows.map((row, index) => (
        <div key={index} className="custom-fields__row">
          <TextField
            label={t('crm.form.customKey')}
            value={row.key}
            maxLength={50}
            onChange={(event) => onChange(rows.map((r, i) => (i === index ? { ...r, key: event.target.value } : r)))}
          />
          <TextField
            label={t('crm.form.customValue')}
            value={row.value}
            onChange={(event) => onChange(rows.map((r, i) => (i === index ? { ...r, value: event.target.value } : r)))}
          />
          <Button
            variant="ghost"
            size="small"
            aria-label={t('crm.form.removeCustom', { name: row.key || String(index + 1) })}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            <CloseIcon className="button__icon" />
          </Button>
        </div>
      ))}
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <Button variant="ghost" size="small" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        {t('crm.form.addCustom')}
      </Button>
    </fieldset>
  );
}
