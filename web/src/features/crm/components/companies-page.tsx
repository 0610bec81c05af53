/**
 * /entreprises — the company's customers and prospects from the local replica: instant search,
 * filters, sort, saved views, table or cards, result count, CSV export of what is shown.
 */
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Company } from '@shared/crm/index.ts';
import { buildCompaniesCsv } from '@shared/crm/csv-export.ts';
import { useSyncState } from '@web/lib/db/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import { AppLink, Badge, Button, downloadText, LiveNotice, PageHeader, useNow, usePageTitle } from '@web/ui/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';
import { useCompanies, useSearchIds } from '../hooks/use-replica-rows.ts';
import { buildExportFileName } from '../internal/download.ts';
import { formatDay, formatOwner } from '../internal/format.ts';
import {
  applyCompanyListView,
  DEFAULT_VIEW,
  listTags,
  readView,
  writeView,
  type ListView,
} from '../internal/list-view.ts';
import { buildCompanyPath, CRM_PATHS } from '../paths.ts';
import { CrmGate } from './crm-gate.tsx';
import { ListToolbar } from './list-toolbar.tsx';
import { EmptyList, InitialSyncRows, NoResults } from './list-states.tsx';
import { RecordList, type RecordColumn } from './record-list.tsx';
import './crm.css';

export function CompaniesPage() {
  const { t } = useTranslation();
  usePageTitle(t('crm.nav.companies'));
  return <CrmGate>{(context) => <CompaniesList context={context} />}</CrmGate>;
}

function CompaniesList({ context }: { readonly context: CrmContext }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const now = useNow(60_000);
  const sync = useSyncState();
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<string | null>(null);
  const view = readView(params);
  const viewKey = writeView(view).toString();
  const companies = useCompanies();
  const searchIds = useSearchIds('companies', view.q, companies);
  const rows = useMemo(
    () =>
      companies && searchIds !== undefined
        ? applyCompanyListView(companies, searchIds, readView(new URLSearchParams(viewKey)), context.userId, now)
        : null,
    [companies, searchIds, viewKey, context.userId, now],
  );
  const tags = useMemo(() => listTags(companies ?? []), [companies]);
  const timeZone = context.tenant.timeZone;
  const changeView = (next: ListView) => setParams(writeView(next), { replace: true });

  const columns: RecordColumn<Company>[] = [
    {
      key: 'name',
      header: t('crm.list.columns.name'),
      width: 2,
      render: (row) => (
        <>
          <strong className="record-list__title">{row.name}</strong>
          {row.sector ? <span className="record-list__sub">{row.sector}</span> : null}
        </>
      ),
    },
    {
      key: 'ids',
      header: t('crm.list.columns.identifiers'),
      width: 1.5,
      render: (row) => row.siret ?? row.siren ?? '',
    },
    { key: 'city', header: t('crm.list.columns.city'), render: (row) => row.city ?? '' },
    {
      key: 'tags',
      header: t('crm.list.columns.tags'),
      width: 1.5,
      render: (row) => (
        <span className="badge-row">
          {row.tags.slice(0, 3).map((tag) => (
            <Badge key={tag}>{tag}</Badge>
          ))}
        </span>
      ),
    },
    { key: 'owner', header: t('crm.list.columns.owner'), render: (row) => formatOwner(row.owner_id, context, t) },
    {
      key: 'created',
      header: t('crm.list.columns.created'),
      render: (row) => formatDay(row.created_at, language, timeZone),
    },
  ];

  const exportCsv = () => {
    if (!rows) return;
    downloadText(buildExportFileName('entreprises'), buildCompaniesCsv(rows, { locale: language, timeZone }));
    setNotice(t('crm.export.done', { count: rows.length }));
  };

  const isEmpty = companies !== undefined && companies.length === 0;
  const isFirstSync = sync.phase === 'initial' || companies === undefined;

  return (
    <div className="stack crm-page">
      <div className="crm-page__header">
        <PageHeader title={t('crm.nav.companies')} />
        <div className="crm-page__actions">
          {context.canCreate ? (
            <AppLink to={CRM_PATHS.companyNew} asButton="primary">
              {t('crm.list.newCompany')}
            </AppLink>
          ) : null}
          <Button variant="ghost" onClick={exportCsv} disabled={!rows || rows.length === 0}>
            {t('crm.list.export')}
          </Button>
        </div>
      </div>
      <LiveNotice message={notice} onDismiss={() => setNotice(null)} />
      <ListToolbar
        context={context}
        view={view}
        tags={tags}
        placeholder={t('crm.list.companiesPlaceholder')}
        onChange={changeView}
        onNotice={setNotice}
      />
      <p className="crm-page__count" role="status" aria-live="polite">
        {rows ? t('crm.list.companiesCount', { count: rows.length }) : null}
      </p>
      {isFirstSync && (companies === undefined || isEmpty) ? (
        <InitialSyncRows sync={sync} label={t('crm.nav.companies')} />
      ) : isEmpty ? (
        <EmptyList
          title={t('crm.list.companiesEmptyTitle')}
          body={t('crm.list.companiesEmptyBody')}
          actions={
            context.canCreate ? (
              <AppLink to={CRM_PATHS.companyNew} asButton="primary">
                {t('crm.list.newCompany')}
              </AppLink>
            ) : undefined
          }
        />
      ) : rows && rows.length === 0 ? (
        <NoResults onClear={() => changeView(DEFAULT_VIEW)} />
      ) : rows ? (
        <RecordList
          label={t('crm.nav.companies')}
          rows={rows}
          columns={columns}
          hrefOf={(row) => buildCompanyPath(row.id)}
          renderCard={(row) => (
            <>
              <strong className="record-card__title">{row.name}</strong>
              <span className="record-card__line">{[row.sector, row.city].filter(Boolean).join(' · ')}</span>
              <span className="record-card__line">{row.siret ?? row.siren ?? ''}</span>
            </>
          )}
        />
      ) : null}
    </div>
  );
}
