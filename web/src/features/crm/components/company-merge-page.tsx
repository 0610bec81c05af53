/**
 * /entreprises/fusion?ids=a,b — the merge screen for companies, like the contacts' one: the kept
 * company chosen, one radio group per differing field (defaults from merge.ts, which also keeps
 * the SIRET consistent with the SIREN), then one update of the kept company, its contacts'
 * moves from the merged-away companies, and the deletes, undoable together from the toast.
 * Contacts move before the deletes so none is ever left pointing at a deleted company.
 */
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Company, CompanyFields } from '@shared/crm/index.ts';
import { listContactRelinks, planCompanyMerge, type MergeChoices } from '@shared/crm/merge.ts';
import { deleteRow, updateRow, UNDO_WINDOW_MS, type Undo } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { Alert, AppLink, Button, Card, LoadingState, PageHeader, usePageTitle, useToast } from '@web/ui/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';
import { useCompanies, useContacts } from '../hooks/use-replica-rows.ts';
import { formatPhone } from '../internal/format.ts';
import { getFieldLabelKey } from '../internal/labels.ts';
import { buildCompanyPath, CRM_PATHS } from '../paths.ts';
import { CrmGate } from './crm-gate.tsx';
import { useFormatValue } from './merge-view.tsx';
import './crm.css';

export function CompanyMergePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const ids = useMemo(() => (params.get('ids') ?? '').split(',').filter(Boolean), [params]);
  usePageTitle(t('crm.merge.companyTitle'));
  return <CrmGate>{(context) => <CompanyMergeView ids={ids} context={context} />}</CrmGate>;
}

function CompanyMergeView({ ids, context }: { readonly ids: readonly string[]; readonly context: CrmContext }) {
  const { t } = useTranslation();
  const companies = useCompanies();
  const rows = useMemo(() => {
    if (!companies) return undefined;
    const byId = new Map(companies.map((company) => [company.id, company]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }, [companies, ids]);

  return (
    <div className="stack crm-page">
      <AppLink to={CRM_PATHS.companies}>{t('crm.common.back')}</AppLink>
      <PageHeader title={t('crm.merge.companyTitle')} intro={t('crm.merge.companyIntro')} />
      {rows === undefined ? (
        <LoadingState label={t('crm.common.loading')} />
      ) : rows.length < 2 ? (
        <Alert tone="warning">{t('crm.merge.notEnough')}</Alert>
      ) : (
        <CompanyMergeForm key={rows.map((row) => row.id).join(',')} rows={rows} context={context} />
      )}
    </div>
  );
}

function CompanyMergeForm({ rows, context }: { readonly rows: readonly Company[]; readonly context: CrmContext }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const showToast = useToast();
  const translateError = useTranslateError();
  const formatValue = useFormatValue(context);
  const contacts = useContacts();
  const [survivorId, setSurvivorId] = useState(rows[0]?.id ?? '');
  const [choices, setChoices] = useState<MergeChoices<CompanyFields>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const survivor = rows.find((row) => row.id === survivorId) ?? rows[0];
  const others = rows.filter((row) => row.id !== survivor?.id);
  const plan = survivor ? planCompanyMerge(survivor, others, choices) : null;
  const relinks = plan ? listContactRelinks(contacts ?? [], plan) : [];
  if (!survivor || !plan) return null;

  const confirm = async () => {
    setIsBusy(true);
    setFailure(null);
    const undos: Undo[] = [];
    try {
      if (Object.keys(plan.update).length > 0) {
        undos.push((await updateRow('companies', plan.survivorId, plan.update)).undo);
      }
      for (const relink of relinks) {
        undos.push((await updateRow('contacts', relink.id, { company_id: relink.company_id })).undo);
      }
      for (const id of plan.deleteIds) undos.push((await deleteRow('companies', id)).undo);
      navigate(buildCompanyPath(plan.survivorId));
      showToast({
        message: t('crm.merge.merged', { count: rows.length }),
        actionLabel: t('crm.common.undo'),
        durationMs: UNDO_WINDOW_MS,
        onAction: async () => {
          // Newest first: the deletes come back, then the contacts' old companies, then the kept values.
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
                <strong>{row.name}</strong>
                <span className="merge-choice__meta">
                  {[row.siren, row.city, row.phone ? formatPhone(row.phone) : null].filter(Boolean).join(' · ')}
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
      {relinks.length > 0 ? <Alert tone="info">{t('crm.merge.relinks', { count: relinks.length })}</Alert> : null}
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <div className="form-actions form-actions--between">
        <AppLink to={CRM_PATHS.companies}>{t('crm.common.cancel')}</AppLink>
        <Button isBusy={isBusy} onClick={() => void confirm()}>
          {t('crm.merge.confirm')}
        </Button>
      </div>
    </>
  );
}
