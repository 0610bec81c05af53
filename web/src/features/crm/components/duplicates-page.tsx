/**
 * /contacts/doublons — groups of contacts that look like the same person (same e-mail, same
 * phone, close name), and, with `?ids=a,b`, the merge screen for those records.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { getContactDisplayName } from '@shared/crm/index.ts';
import { findDuplicateGroups } from '@shared/crm/duplicates.ts';
import { AppLink, Card, LoadingState, PageHeader, usePageTitle } from '@web/ui/index.ts';
import type { CrmContext } from '../hooks/use-crm-context.ts';
import { useContacts } from '../hooks/use-replica-rows.ts';
import { buildContactPath, buildMergePath, CRM_PATHS } from '../paths.ts';
import { CrmGate } from './crm-gate.tsx';
import { MergeView } from './merge-view.tsx';
import { REASON_KEYS } from './reason-keys.ts';
import './crm.css';

export function DuplicatesPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const ids = (params.get('ids') ?? '').split(',').filter(Boolean);
  usePageTitle(ids.length > 0 ? t('crm.merge.title') : t('crm.duplicates.title'));
  return (
    <CrmGate>
      {(context) =>
        ids.length > 0 ? <MergeView ids={ids} context={context} /> : <DuplicateGroups context={context} />
      }
    </CrmGate>
  );
}

function DuplicateGroups({ context }: { readonly context: CrmContext }) {
  const { t } = useTranslation();
  const contacts = useContacts();
  const groups = useMemo(() => (contacts ? findDuplicateGroups(contacts) : undefined), [contacts]);

  return (
    <div className="stack crm-page">
      <AppLink to={CRM_PATHS.contacts}>{t('crm.common.back')}</AppLink>
      <PageHeader title={t('crm.duplicates.title')} intro={t('crm.duplicates.intro')} />
      {groups === undefined ? (
        <LoadingState label={t('crm.common.loading')} />
      ) : groups.length === 0 ? (
        <div className="empty-state">
          <p>{t('crm.duplicates.none')}</p>
        </div>
      ) : (
        groups.map((group) => {
          const editable = group.rows.filter((row) => context.canEdit(row.owner_id));
          return (
            <Card
              key={group.rows.map((row) => row.id).join(',')}
              title={group.rows.map((row) => getContactDisplayName(row)).join(' · ')}
              subtitle={`${t('crm.duplicates.group', { count: group.rows.length })} (${group.reasons
                .map((reason) => t(REASON_KEYS[reason]))
                .join(', ')})`}
            >
              <ul className="item-list">
                {group.rows.map((row) => (
                  <li key={row.id} className="item-list__item">
                    <div className="item-list__main">
                      <AppLink to={buildContactPath(row.id)}>{getContactDisplayName(row)}</AppLink>
                      <span className="item-list__meta">
                        {[row.email, row.phone ?? row.mobile].filter(Boolean).join(' · ')}
                      </span>
                    </div>
                  </li>
                ))}
              </ul>
              {editable.length >= 2 ? (
                <div className="form-actions">
                  <AppLink to={buildMergePath(editable.map((row) => row.id))} asButton="primary">
                    {t('crm.duplicates.compare')}
                  </AppLink>
                </div>
              ) : null}
            </Card>
          );
        })
      )}
    </div>
  );
}
