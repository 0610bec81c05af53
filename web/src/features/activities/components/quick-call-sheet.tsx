/**
 * The home screen's "Noter un appel": pick a contact (the ones the user dealt with lately, or a
 * search over the local replica), then the same two taps as on a contact card.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getContactDisplayName, type Contact } from '@shared/crm/index.ts';
import { Button, Card, TextField } from '@web/ui/index.ts';
import { useActivitiesContext } from '../hooks/use-activities-context.ts';
import { useContactSearch, useRecentContacts } from '../hooks/use-recent-contacts.ts';
import { QuickActions } from './quick-actions.tsx';
import './activities.css';

export function QuickCallSheet() {
  const { t } = useTranslation();
  const context = useActivitiesContext();
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<Contact | null>(null);
  const recent = useRecentContacts(context?.userId ?? '');
  const found = useContactSearch(query);
  if (!context?.canLog) return null;
  const candidates = query.trim() ? found : recent;
  return (
    <Card title={t('activities.callSheet.title')}>
      {picked ? (
        <div className="stack">
          <p className="quick-call__picked">
            {t('activities.callSheet.callWith', { name: getContactDisplayName(picked) })}
          </p>
          <QuickActions contactId={picked.id} companyId={picked.company_id} />
          <Button variant="ghost" onClick={() => setPicked(null)}>
            {t('activities.callSheet.change')}
          </Button>
        </div>
      ) : (
        <div className="stack">
          <TextField
            label={t('activities.callSheet.searchLabel')}
            type="search"
            value={query}
            autoComplete="off"
            onChange={(event) => setQuery(event.target.value)}
          />
          {!query.trim() ? <p className="quick-call__heading">{t('activities.callSheet.recent')}</p> : null}
          {candidates && candidates.length > 0 ? (
            <ul className="quick-call__list">
              {candidates.map((contact) => (
                <li key={contact.id}>
                  <button type="button" className="quick-call__contact" onClick={() => setPicked(contact)}>
                    <span className="quick-call__name">{getContactDisplayName(contact)}</span>
                    {contact.job_title ? <span className="quick-call__meta">{contact.job_title}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          ) : candidates ? (
            <p>{query.trim() ? t('activities.callSheet.noResults') : t('activities.callSheet.noRecent')}</p>
          ) : null}
        </div>
      )}
    </Card>
  );
}
