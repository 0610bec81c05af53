/**
 * /contacts — every contact of the company from the local replica: instant search (the engine's
 * accent-insensitive prefix index), filters, sort, saved views, a table on wide screens and cards
 * on phones, the result count, CSV export of exactly what is shown.
 */
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { getContactDisplayName, type Company, type Contact } from '@shared/crm/index.ts';
import { buildContactsCsv } from '@shared/crm/csv-export.ts';
import {
  applyContactView,
  buildViewSearchParams,
  DEFAULT_VIEW,
  parseViewSearchParams,
  type ViewFilter,
} from '@shared/crm/views.ts';
import { useSyncState } from '@web/lib/db/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import { AppLink, Badge, Button, downloadText, LiveNotice, PageHeader, usePageTitle } from '@web/ui/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';
import { useCompanies, useContacts, useSearchIds } from '../hooks/use-replica-rows.ts';
import { buildExportFileName } from '../internal/download.ts';
import { formatDay, formatOwner, formatPhone } from '../internal/format.ts';
import { listTags } from '../internal/list-view.ts';
import { buildContactPath, CRM_PATHS } from '../paths.ts';
import { CrmGate } from './crm-gate.tsx';
import { ContactToolbar } from './contact-toolbar.tsx';
import { EmptyList, InitialSyncRows, NoResults } from './list-states.tsx';
import { RecordList, type RecordColumn } from './record-list.tsx';
import './crm.css';

export function ContactsPage() {
  const { t } = useTranslation();
  usePageTitle(t('crm.nav.contacts'));
  return <CrmGate>{(context) => <ContactsList context={context} />}</CrmGate>;
}

/**
 * The contacts a view shows. The search runs on the engine's index (best matches first); the
 * shared view model then filters and sorts — except that a search with the default sort keeps
 * the search's ranking.
 */
function applyListView(
  contacts: readonly Contact[],
  searchIds: readonly string[] | null,
  view: ViewFilter,
  companiesById: ReadonlyMap<string, Company>,
  timeZone: string,
): Contact[] {
  const rest: Record<string, unknown> = { ...view };
  delete rest['query'];
  const filters = rest as ViewFilter;
  if (!searchIds) return applyContactView(contacts, filters, { companiesById, timeZone });
  const rank = new Map(searchIds.map((id, index) => [id, index]));
  const found = applyContactView(
    contacts.filter((contact) => rank.has(contact.id)),
    filters,
    { companiesById, timeZone },
  );
  const isDefaultSort = view.sort.field === DEFAULT_VIEW.sort.field && view.sort.dir === DEFAULT_VIEW.sort.dir;
  return isDefaultSort ? found.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0)) : found;
}

function Tags({ tags }: { readonly tags: readonly string[] }) {
  return tags.length > 0 ? (
    <span className="badge-row">
      {tags.slice(0, 3).map((tag) => (
        <Badge key={tag}>{tag}</Badge>
      ))}
      {tags.length > 3 ? <Badge>{`+${tags.length - 3}`}</Badge> : null}
    </span>
  ) : null;
}

function ContactsList({ context }: { readonly context: CrmContext }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const sync = useSyncState();
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<string | null>(null);
  const view = parseViewSearchParams(params);
  const viewKey = new URLSearchParams(buildViewSearchParams(view)).toString();
  const contacts = useContacts();
  const companies = useCompanies();
  const searchIds = useSearchIds('contacts', view.query ?? '', contacts);
  const companiesById = useMemo(
    () => new Map<string, Company>((companies ?? []).map((company) => [company.id, company])),
    [companies],
  );
  const timeZone = context.tenant.timeZone;
  // The view is rebuilt from the URL each render: its URL form is the stable dependency.
  const rows = useMemo(
    () =>
      contacts && searchIds !== undefined
        ? applyListView(
            contacts,
            searchIds,
            parseViewSearchParams(new URLSearchParams(viewKey)),
            companiesById,
            timeZone,
          )
        : null,
    [contacts, searchIds, viewKey, companiesById, timeZone],
  );
  const tags = useMemo(() => listTags(contacts ?? []), [contacts]);

  const changeView = (next: ViewFilter) =>
    setParams(new URLSearchParams(buildViewSearchParams(next)), { replace: true });

  const columns: RecordColumn<Contact>[] = [
    {
      key: 'name',
      header: t('crm.list.columns.name'),
      width: 2,
      render: (row) => (
        <>
          <strong className="record-list__title">{getContactDisplayName(row)}</strong>
          {row.job_title ? <span className="record-list__sub">{row.job_title}</span> : null}
        </>
      ),
    },
    {
      key: 'company',
      header: t('crm.list.columns.company'),
      width: 1.5,
      render: (row) => (row.company_id ? (companiesById.get(row.company_id)?.name ?? '') : ''),
    },
    {
      key: 'contact',
      header: t('crm.list.columns.contact'),
      width: 2,
      render: (row) => (
        <>
          {row.email ? <span className="record-list__sub">{row.email}</span> : null}
          {row.phone || row.mobile ? (
            <span className="record-list__sub">{formatPhone(row.mobile ?? row.phone)}</span>
          ) : null}
        </>
      ),
    },
    { key: 'tags', header: t('crm.list.columns.tags'), width: 1.5, render: (row) => <Tags tags={row.tags} /> },
    {
      key: 'owner',
      header: t('crm.list.columns.owner'),
      render: (row) => formatOwner(row.owner_id, context, t),
    },
    {
      key: 'created',
      header: t('crm.list.columns.created'),
      render: (row) => formatDay(row.created_at, language, timeZone),
    },
  ];

  const exportCsv = () => {
    if (!rows) return;
    downloadText(
      buildExportFileName('contacts'),
      buildContactsCsv(rows, companiesById, { locale: language, timeZone }),
    );
    setNotice(t('crm.export.done', { count: rows.length }));
  };

  const isEmpty = contacts !== undefined && contacts.length === 0;
  const isFirstSync = sync.phase === 'initial' || contacts === undefined;

  return (
    <div className="stack crm-page">
      <div className="crm-page__header">
        <PageHeader title={t('crm.nav.contacts')} />
        <div className="crm-page__actions">
          {context.canCreate ? (
            <AppLink to={CRM_PATHS.contactNew} asButton="primary">
              {t('crm.list.newContact')}
            </AppLink>
          ) : null}
          {context.canCreate ? (
            <AppLink to={CRM_PATHS.contactImport} asButton="secondary">
              {t('crm.list.import')}
            </AppLink>
          ) : null}
          <AppLink to={CRM_PATHS.contactDuplicates} asButton="ghost">
            {t('crm.list.duplicates')}
          </AppLink>
          <Button variant="ghost" onClick={exportCsv} disabled={!rows || rows.length === 0}>
            {t('crm.list.export')}
          </Button>
        </div>
      </div>
      <LiveNotice message={notice} onDismiss={() => setNotice(null)} />
      <ContactToolbar context={context} view={view} tags={tags} onChange={changeView} onNotice={setNotice} />
      <p className="crm-page__count" role="status" aria-live="polite">
        {rows ? t('crm.list.contactsCount', { count: rows.length }) : null}
      </p>
      {isFirstSync && (contacts === undefined || isEmpty) ? (
        <InitialSyncRows sync={sync} label={t('crm.nav.contacts')} />
      ) : isEmpty ? (
        <EmptyList
          title={t('crm.list.contactsEmptyTitle')}
          body={t('crm.list.contactsEmptyBody')}
          actions={
            context.canCreate ? (
              <>
                <AppLink to={CRM_PATHS.contactNew} asButton="primary">
                  {t('crm.list.newContact')}
                </AppLink>
                <AppLink to={CRM_PATHS.contactImport} asButton="secondary">
                  {t('crm.list.import')}
                </AppLink>
              </>
            ) : undefined
          }
        />
      ) : rows && rows.length === 0 ? (
        <NoResults onClear={() => changeView(DEFAULT_VIEW)} />
      ) : rows ? (
        <RecordList
          label={t('crm.nav.contacts')}
          rows={rows}
          columns={columns}
          hrefOf={(row) => buildContactPath(row.id)}
          renderCard={(row) => (
            <>
              <strong className="record-card__title">{getContactDisplayName(row)}</strong>
              <span className="record-card__line">
                {[row.job_title, row.company_id ? companiesById.get(row.company_id)?.name : null]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              <span className="record-card__line">{row.email ?? formatPhone(row.mobile ?? row.phone)}</span>
              <Tags tags={row.tags} />
            </>
          )}
        />
      ) : null}
    </div>
  );
}
