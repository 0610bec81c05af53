/**
 * Create or edit a company, checked field by field with the shared rules (SIREN/SIRET keys, VAT
 * number, website). A new company is compared with the replica first (same SIREN, close name
 * without the legal form, same website domain, phone or e-mail): the user opens the existing
 * record, merges, or creates anyway. Like every write it is local first; a SIRET another device
 * registered meanwhile comes back as a conflict in "À traiter".
 */
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  COMPANY_SIZES,
  COMPANY_WRITABLE_FIELDS,
  companyCreateSchema,
  type Company,
  type CompanySize,
} from '@shared/crm/index.ts';
import { findCompanyDuplicates, type CompanyDuplicateReason, type DuplicateMatch } from '@shared/crm/duplicates.ts';
import { createRow, updateRow, ValidationError } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { Alert, AppLink, Button, Card, SelectField, TextAreaField, TextField, useToast } from '@web/ui/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';
import { useRecordForm } from '../hooks/use-record-form.ts';
import { useCompanies } from '../hooks/use-replica-rows.ts';
import { listChangedFields, toCompanyDraft, toCompanyFields, type CompanyDraft } from '../internal/drafts.ts';
import { toFieldErrorKeys } from '../internal/field-errors.ts';
import { SIZE_KEYS } from '../internal/labels.ts';
import { buildCompanyMergePath, buildCompanyPath } from '../paths.ts';
import { COMPANY_REASON_KEYS } from './reason-keys.ts';

export type CompanyFormProps = {
  readonly context: CrmContext;
  readonly company: Company | null;
  readonly onDone: () => void;
};

type TextKey = Exclude<keyof CompanyDraft, 'size'>;

export function CompanyForm({ context, company, onDone }: CompanyFormProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const showToast = useToast();
  const translateError = useTranslateError();
  const formRef = useRef<HTMLFormElement>(null);
  const summaryId = useId();
  const initial = useMemo(() => toCompanyDraft(company, context.userId), [company, context.userId]);
  const form = useRecordForm<CompanyDraft>(initial, companyCreateSchema, toCompanyFields, COMPANY_WRITABLE_FIELDS);
  const companies = useCompanies();
  const [matches, setMatches] = useState<DuplicateMatch<Company, CompanyDuplicateReason>[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [hasProblems, setHasProblems] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const { draft } = form;
  const isNew = company === null;

  const error = (field: keyof CompanyDraft) => {
    const key = form.errorOf(field);
    return key ? t(key) : undefined;
  };
  const text = (field: TextKey) => ({
    name: field,
    value: draft[field],
    error: error(field),
    onChange: (event: { target: { value: string } }) => form.setField(field, event.target.value),
    onBlur: () => form.touch(field),
  });
  const focusField = (field: string) => formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();

  const write = async (): Promise<string | null> => {
    const parsed = companyCreateSchema.safeParse(toCompanyFields(draft));
    if (!parsed.success) return null;
    setIsBusy(true);
    setFailure(null);
    try {
      if (company === null) {
        const { id, undo } = await createRow('companies', parsed.data);
        showToast({
          message: t('crm.form.companyCreated', { name: parsed.data.name }),
          actionLabel: t('crm.common.undo'),
          onAction: undo,
        });
        return id;
      }
      const changed = listChangedFields(parsed.data, company);
      if (Object.keys(changed).length > 0) {
        const { undo } = await updateRow('companies', company.id, changed);
        showToast({ message: t('crm.detail.saved'), actionLabel: t('crm.common.undo'), onAction: undo });
      }
      onDone();
      return company.id;
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
    navigate(mergeWith ? buildCompanyMergePath([mergeWith, id]) : buildCompanyPath(id));
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
      const candidate = companyCreateSchema.parse(toCompanyFields(draft));
      const found = findCompanyDuplicates(candidate, companies ?? [], { limit: 5 });
      if (found.length > 0) {
        setMatches(found);
        return;
      }
    }
    if (isNew) await create();
    else await write();
  };

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
          <div className="form-grid__wide">
            <TextField label={t('crm.fields.name')} required autoComplete="organization" {...text('name')} />
          </div>
          <TextField label={t('crm.fields.siren')} inputMode="numeric" {...text('siren')} />
          <TextField label={t('crm.fields.siret')} inputMode="numeric" hint={t('crm.hints.siret')} {...text('siret')} />
          <TextField label={t('crm.fields.vat_number')} {...text('vat_number')} />
          <TextField label={t('crm.fields.sector')} {...text('sector')} />
          <SelectField
            label={t('crm.fields.size')}
            name="size"
            value={draft.size}
            options={[
              { value: '', label: t('crm.common.none') },
              ...COMPANY_SIZES.map((size) => ({ value: size, label: t(SIZE_KEYS[size]) })),
            ]}
            onChange={(event) => form.setField('size', event.target.value as CompanySize | '')}
          />
        </div>
      </Card>
      <Card title={t('crm.detail.coordinates')}>
        <div className="form-grid form-grid--two">
          <TextField label={t('crm.fields.email')} type="email" {...text('email')} />
          <TextField label={t('crm.fields.phone')} type="tel" hint={t('crm.hints.phone')} {...text('phone')} />
          <TextField label={t('crm.fields.website')} inputMode="url" {...text('website')} />
        </div>
      </Card>
      <Card title={t('crm.detail.address')}>
        <div className="form-grid form-grid--two">
          <TextField label={t('crm.fields.address_line1')} {...text('address_line1')} />
          <TextField label={t('crm.fields.address_line2')} {...text('address_line2')} />
          <TextField label={t('crm.fields.postal_code')} {...text('postal_code')} />
          <TextField label={t('crm.fields.city')} {...text('city')} />
          <TextField label={t('crm.fields.country')} hint={t('crm.hints.country')} maxLength={2} {...text('country')} />
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
          title={t('crm.duplicates.companyWarningTitle')}
          actions={
            <Button variant="secondary" isBusy={isBusy} onClick={() => void create()}>
              {t('crm.duplicates.createAnyway')}
            </Button>
          }
        >
          <p>{t('crm.duplicates.companyWarningBody')}</p>
          <ul className="duplicate-matches">
            {matches.map((match) => (
              <li key={match.row.id}>
                <strong>{match.row.name}</strong>{' '}
                <span>({match.reasons.map((reason) => t(COMPANY_REASON_KEYS[reason])).join(', ')})</span>
                <span className="duplicate-matches__actions">
                  <AppLink to={buildCompanyPath(match.row.id)}>{t('crm.duplicates.openExisting')}</AppLink>
                  {context.canEdit(match.row.owner_id) ? (
                    <Button variant="ghost" size="small" onClick={() => void create(match.row.id)}>
                      {t('crm.duplicates.merge')}
                    </Button>
                  ) : null}
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
