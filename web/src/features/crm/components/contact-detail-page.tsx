/**
 * /contacts/:id — one contact: every field, its company, tags, consent, custom fields, owner and
 * notes; quick actions (two-tap call, note, next step), the unified timeline and the internal
 * comments; edit in a form; delete at once with "Annuler" in a toast (the delete waits in the
 * outbox for the undo window before it is sent). Another device's edit shows up live.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { getContactDisplayName, type Contact } from '@shared/crm/index.ts';
import { deleteRow, UNDO_WINDOW_MS } from '@web/lib/db/index.ts';
import { QuickActions, Timeline } from '@web/features/activities/index.ts';
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
import { useCompany, useContact, usePendingCount } from '../hooks/use-replica-rows.ts';
import { formatDay, formatMoment, formatOwner, formatPhone } from '../internal/format.ts';
import { BASIS_KEYS } from '../internal/labels.ts';
import { buildCompanyPath, CRM_PATHS } from '../paths.ts';
import { ContactForm } from './contact-form.tsx';
import { CrmGate } from './crm-gate.tsx';
import { DetailRow } from './detail-row.tsx';
import './crm.css';

export function ContactDetailPage() {
  const { id = '' } = useParams();
  return <CrmGate>{(context) => <ContactDetail key={id} id={id} context={context} />}</CrmGate>;
}

function ContactDetail({ id, context }: { readonly id: string; readonly context: CrmContext }) {
  const { t } = useTranslation();
  const contact = useContact(id);
  usePageTitle(contact ? getContactDisplayName(contact) : t('crm.nav.contacts'));
  if (contact === undefined) return <LoadingState label={t('crm.common.loading')} />;
  if (contact === null) {
    return (
      <div className="stack">
        <Alert tone="warning">{t('crm.detail.contactNotFound')}</Alert>
        <AppLink to={CRM_PATHS.contacts}>{t('crm.common.back')}</AppLink>
      </div>
    );
  }
  return <ContactView contact={contact} context={context} />;
}

function ContactView({ contact, context }: { readonly contact: Contact; readonly context: CrmContext }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const showToast = useToast();
  const translateError = useTranslateError();
  const company = useCompany(contact.company_id ?? '');
  const pending = usePendingCount('contacts', contact.id);
  const [isEditing, setIsEditing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const canEdit = context.canEdit(contact.owner_id);
  const name = getContactDisplayName(contact);
  const timeZone = context.tenant.timeZone;

  const remove = async () => {
    try {
      const { undo } = await deleteRow('contacts', contact.id);
      navigate(CRM_PATHS.contacts);
      showToast({
        message: t('crm.detail.contactDeleted', { name }),
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
      <AppLink to={CRM_PATHS.contacts}>{t('crm.common.back')}</AppLink>
      <div className="crm-page__header">
        <PageHeader title={isEditing ? t('crm.form.editContactTitle') : name} intro={contact.job_title ?? undefined} />
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
        <ContactForm context={context} contact={contact} onDone={() => setIsEditing(false)} />
      ) : (
        <>
          <QuickActions contactId={contact.id} companyId={contact.company_id} />
          <Card title={t('crm.detail.identity')}>
            <dl className="details details--grid">
              <DetailRow label={t('crm.fields.first_name')} value={contact.first_name} />
              <DetailRow label={t('crm.fields.last_name')} value={contact.last_name} />
              <DetailRow label={t('crm.fields.company_id')}>
                {company ? (
                  <AppLink to={buildCompanyPath(company.id)}>{company.name}</AppLink>
                ) : (
                  t('crm.detail.noCompany')
                )}
              </DetailRow>
              <DetailRow label={t('crm.fields.job_title')} value={contact.job_title} />
            </dl>
          </Card>
          <Card title={t('crm.detail.coordinates')}>
            <dl className="details details--grid">
              <DetailRow label={t('crm.fields.email')}>
                {contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : null}
              </DetailRow>
              <DetailRow label={t('crm.fields.phone')}>
                {contact.phone ? <a href={`tel:${contact.phone}`}>{formatPhone(contact.phone)}</a> : null}
              </DetailRow>
              <DetailRow label={t('crm.fields.mobile')}>
                {contact.mobile ? <a href={`tel:${contact.mobile}`}>{formatPhone(contact.mobile)}</a> : null}
              </DetailRow>
              <DetailRow
                label={t('crm.detail.address')}
                value={[
                  contact.address_line1,
                  [contact.postal_code, contact.city].filter(Boolean).join(' '),
                  contact.country,
                ]
                  .filter(Boolean)
                  .join(', ')}
              />
            </dl>
          </Card>
          <Timeline record={{ table: 'contacts', id: contact.id }} links={{ company_id: contact.company_id }} />
          <TaskList record={{ table: 'contacts', id: contact.id }} />
          <CommentThread record={{ table: 'contacts', id: contact.id }} />
          <Card title={t('crm.detail.consent')}>
            <dl className="details details--grid">
              <DetailRow
                label={t('crm.fields.consent_marketing')}
                value={contact.consent_marketing ? t('crm.common.yes') : t('crm.common.no')}
              />
              {contact.consent_marketing_at ? (
                <DetailRow
                  label={t('crm.fields.consent_marketing_at')}
                  value={formatMoment(contact.consent_marketing_at, language, timeZone)}
                />
              ) : null}
              <DetailRow label={t('crm.fields.processing_basis')} value={t(BASIS_KEYS[contact.processing_basis])} />
            </dl>
          </Card>
          <Card title={t('crm.detail.more')}>
            <dl className="details details--grid">
              <DetailRow label={t('crm.fields.tags')}>
                {contact.tags.length > 0 ? (
                  <span className="badge-row">
                    {contact.tags.map((tag) => (
                      <Badge key={tag}>{tag}</Badge>
                    ))}
                  </span>
                ) : null}
              </DetailRow>
              <DetailRow label={t('crm.fields.owner_id')} value={formatOwner(contact.owner_id, context, t)} />
              <DetailRow
                label={t('crm.fields.last_contacted_at')}
                value={formatDay(contact.last_contacted_at, language, timeZone)}
              />
              <DetailRow
                label={t('crm.fields.created_at')}
                value={formatMoment(contact.created_at, language, timeZone)}
              />
              <DetailRow
                label={t('crm.fields.updated_at')}
                value={formatMoment(contact.updated_at, language, timeZone)}
              />
              {Object.entries(contact.custom_fields).map(([key, value]) => (
                <DetailRow key={key} label={key} value={value === null ? null : String(value)} />
              ))}
            </dl>
          </Card>
          <Card title={t('crm.fields.notes')}>
            <p className="crm-notes">{contact.notes ?? t('crm.common.none')}</p>
          </Card>
        </>
      )}
    </div>
  );
}
