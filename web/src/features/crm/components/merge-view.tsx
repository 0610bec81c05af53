/**
 * The merge screen: the records side by side, the kept record chosen, one radio group per field
 * where they differ (default: the kept record's value, else the first filled one — merge.ts),
 * a preview of the result, then one update of the kept record and a delete of the others,
 * undoable together from the toast. Like any edit it syncs later and may come back in
 * "À traiter".
 */
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  COMPANY_SIZES,
  getContactDisplayName,
  PROCESSING_BASES,
  type CompanySize,
  type Contact,
  type ContactFields,
  type ProcessingBasis,
} from '@shared/crm/index.ts';
import { planContactMerge, type MergeChoices } from '@shared/crm/merge.ts';
import { deleteRow, updateRow, UNDO_WINDOW_MS, type Undo } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { Alert, AppLink, Button, Card, LoadingState, PageHeader, useToast } from '@web/ui/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';
import { useCompanies, useContacts } from '../hooks/use-replica-rows.ts';
import { formatOwner, formatPhone } from '../internal/format.ts';
import { BASIS_KEYS, getFieldLabelKey, SIZE_KEYS } from '../internal/labels.ts';
import { buildContactPath, CRM_PATHS } from '../paths.ts';

/** A field's value as the merge screens show it: names for ids, labels for codes, "(vide)". */
export function useFormatValue(context: CrmContext) {
  const { t } = useTranslation();
  const companies = useCompanies();
  const companiesById = useMemo(() => new Map((companies ?? []).map((company) => [company.id, company])), [companies]);
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('crm.merge.empty');
    if (field === 'owner_id') return formatOwner(String(value), context, t);
    if (field === 'company_id') return companiesById.get(String(value))?.name ?? t('crm.common.none');
    if (field === 'processing_basis' && isProcessingBasis(value)) return t(BASIS_KEYS[value]);
    if (field === 'size' && isCompanySize(value)) return t(SIZE_KEYS[value]);
    if (field === 'phone' || field === 'mobile') return formatPhone(String(value));
    if (typeof value === 'boolean') return value ? t('crm.common.yes') : t('crm.common.no');
    if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : t('crm.merge.empty');
    if (typeof value === 'object') {
      const entries = Object.entries(value);
      return entries.length > 0 ? entries.map(([key, v]) => `${key} = ${String(v)}`).join(', ') : t('crm.merge.empty');
    }
    return String(value as string | number);
  };
}

function isProcessingBasis(value: unknown): value is ProcessingBasis {
  return (PROCESSING_BASES as readonly unknown[]).includes(value);
}

function isCompanySize(value: unknown): value is CompanySize {
  return (COMPANY_SIZES as readonly unknown[]).includes(value);
}

export function MergeView({ ids, context }: { readonly ids: readonly string[]; readonly context: CrmContext }) {
  const { t } = useTranslation();
  const contacts = useContacts();
  const rows = useMemo(() => {
    if (!contacts) return undefined;
    const byId = new Map(contacts.map((contact) => [contact.id, contact]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }, [contacts, ids]);

  return (
    <div className="stack crm-page">
      <AppLink to={CRM_PATHS.contactDuplicates}>{t('crm.duplicates.title')}</AppLink>
      <PageHeader title={t('crm.merge.title')} intro={t('crm.merge.intro')} />
      {rows === undefined ? (
        <LoadingState label={t('crm.common.loading')} />
      ) : rows.length < 2 ? (
        <Alert tone="warning">{t('crm.merge.notEnough')}</Alert>
      ) : (
        <MergeForm key={rows.map((row) => row.id).join(',')} rows={rows} context={context} />
      )}
    </div>
  );
}

function MergeForm({ rows, context }: { readonly rows: readonly Contact[]; readonly context: CrmContext }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const showToast = useToast();
  const translateError = useTranslateError();
  const formatValue = useFormatValue(context);
  const [survivorId, setSurvivorId] = useState(rows[0]?.id ?? '');
  const [choices, setChoices] = useState<MergeChoices<ContactFields>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const survivor = rows.find((row) => row.id === survivorId) ?? rows[0];
  const others = rows.filter((row) => row.id !== survivor?.id);
  const plan = survivor ? planContactMerge(survivor, others, choices) : null;
  if (!survivor || !plan) return null;

  const confirm = async () => {
    setIsBusy(true);
    setFailure(null);
    const undos: Undo[] = [];
    try {
      if (Object.keys(plan.update).length > 0) {
        undos.push((await updateRow('contacts', plan.survivorId, plan.update)).undo);
      }
      for (const id of plan.deleteIds) undos.push((await deleteRow('contacts', id)).undo);
      navigate(buildContactPath(plan.survivorId));
      showToast({
        message: t('crm.merge.merged', { count: rows.length }),
        actionLabel: t('crm.common.undo'),
        durationMs: UNDO_WINDOW_MS,
        onAction: async () => {
          // Newest first: the deletes come back, then the kept record's old values.
          let isUndone = true;
          for (const undo of [...undos].reverse()) {
            const result: unknown = await undo();
            if (result === false) isUndone = false;
          }
          showToast({ message: isUndone ? t('crm.detail.undone') : t('crm.detail.undoTooLate') });
        },
      });
    } catch (error) {
      // Part of the merge may be written: undo it so the user is never left half-merged.
      for (const undo of undos.reverse()) await undo();
      setFailure(translateError(error));
      setIsBusy(false);
    }
  };

  return (
    <>
      <Card title={t('crm.merge.survivor')}>
        <fieldset className="merge-choice">
          <legend className="visually-hidden">{t('crm.merge.survivor')}</legend>
          {rows.map((row) => (
            <label key={row.id} className="merge-choice__option">
              <input
                type="radio"
                name="survivor"
                value={row.id}
                checked={row.id === survivor.id}
                disabled={!context.canEdit(row.owner_id)}
                onChange={() => {
                  setSurvivorId(row.id);
                  setChoices({});
                }}
              />
              <span>
                <strong>{getContactDisplayName(row)}</strong>
                <span className="merge-choice__meta">
                  {[row.email, row.phone ?? row.mobile].filter(Boolean).join(' · ')}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      </Card>
      {plan.differences.length > 0 ? (
        <Card title={t('crm.merge.preview')}>
          <div className="merge-fields">
            {plan.differences.map((difference) => {
              const labelKey = getFieldLabelKey(difference.field);
              const label = labelKey ? t(labelKey) : difference.field;
              const chosen =
                choices[difference.field] ??
                difference.values.find(
                  (entry) => JSON.stringify(entry.value) === JSON.stringify(plan.values[difference.field]),
                )?.id;
              return (
                <fieldset key={difference.field} className="merge-choice">
                  <legend className="field__label">{label}</legend>
                  {difference.values.map((entry) => (
                    <label key={entry.id} className="merge-choice__option">
                      <input
                        type="radio"
                        name={`field-${difference.field}`}
                        value={entry.id}
                        checked={chosen === entry.id}
                        onChange={() => setChoices({ ...choices, [difference.field]: entry.id })}
                      />
                      <span>{t('crm.merge.keep', { value: formatValue(difference.field, entry.value) })}</span>
                    </label>
                  ))}
                  <p className="merge-choice__result">
                    {t('crm.merge.preview')}
                    {'\u00a0: '}
                    <strong>{formatValue(difference.field, plan.values[difference.field])}</strong>
                  </p>
                </fieldset>
              );
            })}
          </div>
        </Card>
      ) : null}
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <div className="form-actions form-actions--between">
        <AppLink to={CRM_PATHS.contactDuplicates}>{t('crm.common.cancel')}</AppLink>
        <Button isBusy={isBusy} onClick={() => void confirm()}>
          {t('crm.merge.confirm')}
        </Button>
      </div>
    </>
  );
}
