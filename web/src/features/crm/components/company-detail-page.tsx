/**
 * /entreprises/:id — one company: identity (SIREN, SIRET, VAT), contact details, address, tags,
 * owner, notes and its contacts; quick actions, the unified timeline (the company's, its
 * contacts' and its opportunities' activities), a link to the client's activity feed and the
 * internal comments; edit in a form; delete at once with "Annuler" in a toast.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { getContactDisplayName, type Company } from '@shared/crm/index.ts';
import { deleteRow, UNDO_WINDOW_MS } from '@web/lib/db/index.ts';
import { buildClientFeedPath, QuickActions, Timeline } from '@web/features/activities/index.ts';
import { CommentThread } from '@web/features/comments/index.ts';
import { TaskList } from '@web/features/tasks/index.ts';
import { useLanguage, useTranslateError } from '@web/i18n/index.ts';
import {
  Alert,
  AppLink,
  Badge,
  Button,
  Card,
  LoadingState,
  PageHeader,
  TrashIcon,
  usePageTitle,
  useToast,
} from '@web/ui/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';
import { useCompany, useCompanyContacts, usePendingCount } from '../hooks/use-replica-rows.ts';
import { formatMoment, formatOwner, formatPhone } from '../internal/format.ts';
import { SIZE_KEYS } from '../internal/labels.ts';
import { buildContactPath, CRM_PATHS } from '../paths.ts';
import { CompanyForm } from './company-form.tsx';
import { CrmGate } from './crm-gate.tsx';
import { DetailRow } from './detail-row.tsx';
import './crm.css';

export function CompanyDetailPage() {
  const { id = '' } = useParams();
  return <CrmGate>{(context) => <CompanyDetail key={id} id={id} context={context} />}</CrmGate>;
}

function CompanyDetail({ id, context }: { readonly id: string; readonly context: CrmContext }) {
  const { t } = useTranslation();
  const company = useCompany(id);
  usePageTitle(company ? company.name : t('crm.nav.companies'));
  if (company === undefined) return <LoadingState label={t('crm.common.loading')} />;
  if (company === null) {
    return (
      <div className="stack">
        <Alert tone="warning">{t('crm.detail.companyNotFound')}</Alert>
        <AppLink to={CRM_PATHS.companies}>{t('crm.common.back')}</AppLink>
      </div>
    );
  }
  return <CompanyView company={company} context={context} />;
}

function CompanyView({ company, context }: { readonly company: Company; readonly context: CrmContext }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const showToast = useToast();
  const translateError = useTranslateError();
  const contacts = useCompanyContacts(company.id);
  const pending = usePendingCount('companies', company.id);
  const [isEditing, setIsEditing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const canEdit = context.canEdit(company.owner_id);
  const timeZone = context.tenant.timeZone;

  const remove = async () => {
    try {
      const { undo } = await deleteRow('companies', company.id);
      navigate(CRM_PATHS.companies);
      showToast({
        message: t('crm.detail.companyDeleted', { name: company.name }),
        actionLabel: t('crm.common.undo'),
        durationMs: UNDO_WINDOW_MS,
        onAction: async () => {
          const isUndone: unknown = await undo();
          showToast({ message: isUndone === false ? t('crm.detail.undoTooLate') : t('crm.detail.undone') });
        },
      });
    } catch (error) {
      setFailure(translateError(error));
    }
  };

  return (
    <div className="stack crm-page">
      <AppLink to={CRM_PATHS.companies}>{t('crm.common.back')}</AppLink>
      <div className="crm-page__header">
        <PageHeader
          title={isEditing ? t('crm.form.editCompanyTitle') : company.name}
          intro={company.sector ?? undefined}
        />
        {pending > 0 ? <Badge tone="warning">{t('crm.common.pendingSync')}</Badge> : null}
        {canEdit && !isEditing ? (
          <div className="crm-page__actions">
            <Button variant="secondary" onClick={() => setIsEditing(true)}>
              {t('crm.common.edit')}
            </Button>
            <Button variant="danger" onClick={() => void remove()}>
              <TrashIcon className="button__icon" />
              {t('crm.common.delete')}
            </Button>
          </div>
        ) : null}
      </div>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      {isEditing ? (
        <CompanyForm context={context} company={company} onDone={() => setIsEditing(false)} />
      ) : (
        <>
          <QuickActions companyId={company.id} />
          <Card title={t('crm.detail.identity')}>
            <dl className="details details--grid">
              <DetailRow label={t('crm.fields.name')} value={company.name} />
              <DetailRow label={t('crm.fields.siren')} value={company.siren} />
              <DetailRow label={t('crm.fields.siret')} value={company.siret} />
              <DetailRow label={t('crm.fields.vat_number')} value={company.vat_number} />
              <DetailRow label={t('crm.fields.sector')} value={company.sector} />
              <DetailRow label={t('crm.fields.size')} value={company.size ? t(SIZE_KEYS[company.size]) : null} />
            </dl>
          </Card>
          <Card title={t('crm.detail.coordinates')}>
            <dl className="details details--grid">
              <DetailRow label={t('crm.fields.email')}>
                {company.email ? <a href={`mailto:${company.email}`}>{company.email}</a> : null}
              </DetailRow>
              <DetailRow label={t('crm.fields.phone')}>
                {company.phone ? <a href={`tel:${company.phone}`}>{formatPhone(company.phone)}</a> : null}
              </DetailRow>
              <DetailRow label={t('crm.fields.website')}>
                {company.website ? (
                  <a href={company.website} target="_blank" rel="noopener noreferrer">
                    {company.website}
                  </a>
                ) : null}
              </DetailRow>
              <DetailRow
                label={t('crm.detail.address')}
                value={[
                  company.address_line1,
                  company.address_line2,
                  [company.postal_code, company.city].filter(Boolean).join(' '),
                  company.country,
                ]
                  .filter(Boolean)
                  .join(', ')}
              />
            </dl>
          </Card>
          <Timeline record={{ table: 'companies', id: company.id }} />
          <AppLink to={buildClientFeedPath(company.id)}>{t('activities.feed.openClientFeed')}</AppLink>
          <TaskList record={{ table: 'companies', id: company.id }} />
          <CommentThread record={{ table: 'companies', id: company.id }} />
          <Card title={t('crm.detail.more')}>
            <dl className="details details--grid">
              <DetailRow label={t('crm.fields.tags')}>
                {company.tags.length > 0 ? (
                  <span className="badge-row">
                    {company.tags.map((tag) => (
                      <Badge key={tag}>{tag}</Badge>
                    ))}
                  </span>
                ) : null}
              </DetailRow>
              <DetailRow label={t('crm.fields.owner_id')} value={formatOwner(company.owner_id, context, t)} />
              <DetailRow
                label={t('crm.fields.created_at')}
                value={formatMoment(company.created_at, language, timeZone)}
              />
              <DetailRow
                label={t('crm.fields.updated_at')}
                value={formatMoment(company.updated_at, language, timeZone)}
              />
            </dl>
          </Card>
          <Card title={t('crm.detail.companyContacts')}>
            {contacts && contacts.length > 0 ? (
              <ul className="item-list">
                {contacts.map((contact) => (
                  <li key={contact.id} className="item-list__item">
                    <div className="item-list__main">
                      <AppLink to={buildContactPath(contact.id)}>{getContactDisplayName(contact)}</AppLink>
                      <span className="item-list__meta">
                        {[contact.job_title, contact.email].filter(Boolean).join(' · ')}
                      </span>
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('crm.detail.noContacts')}</p>
            )}
          </Card>
          <Card title={t('crm.fields.notes')}>
            <p className="crm-notes">{company.notes ?? t('crm.common.none')}</p>
          </Card>
        </>
      )}
    </div>
  );
}
