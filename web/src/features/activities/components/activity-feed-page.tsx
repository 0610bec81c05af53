/**
 * /activite — the team's activity feed (seed 001 C2): every activity, comment and task the user
 * may see, newest first, moving live as changes sync in; filters by type, person and client are
 * kept in the address (shareable, and the company page links to its client's feed).
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import { Alert, Button, LoadingState, PageHeader, SelectField, usePageTitle } from '@web/ui/index.ts';
import { useActivitiesContext } from '../hooks/use-activities-context.ts';
import { useActivityFeed } from '../hooks/use-activity-feed.ts';
import { FEED_KINDS, type FeedFilters, type FeedKind } from '../internal/feed.ts';
import { KIND_KEYS } from '../internal/labels.ts';
import { FeedList } from './feed-list.tsx';
import './activities.css';

const PAGE_SIZE = 100;

function isFeedKind(value: string | null): value is FeedKind {
  return value !== null && (FEED_KINDS as readonly string[]).includes(value);
}

export function ActivityFeedPage() {
  const { t } = useTranslation();
  usePageTitle(t('activities.feed.title'));
  const context = useActivitiesContext();
  const [params, setParams] = useSearchParams();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const kind = params.get('type');
  const filters: FeedFilters = {
    kind: isFeedKind(kind) ? kind : null,
    personId: params.get('personne') || null,
    companyId: params.get('client') || null,
  };
  const data = useActivityFeed(filters, limit);
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    setLimit(PAGE_SIZE);
  };
  const companyOptions = data ? [...data.companyNames].sort((a, b) => a[1].localeCompare(b[1])) : [];
  if (context && (context.tenant.role === 'client' || !canAct(context.tenant.role, 'activities', 'read'))) {
    return <Alert tone="info">{t('crm.common.noAccess')}</Alert>;
  }

  return (
    <div className="stack">
      <PageHeader title={t('activities.feed.title')} intro={t('activities.feed.intro')} />
      <div className="feed-filters">
        <SelectField
          label={t('activities.feed.kind')}
          value={filters.kind ?? ''}
          onChange={(event) => setFilter('type', event.target.value)}
          options={[
            { value: '', label: t('activities.feed.allKinds') },
            ...FEED_KINDS.map((value) => ({
              value,
              label:
                value === 'system'
                  ? t('activities.filters.system')
                  : value === 'comment'
                    ? t('activities.filters.comment')
                    : value === 'task'
                      ? t('activities.filters.task')
                      : t(KIND_KEYS[value]),
            })),
          ]}
        />
        <SelectField
          label={t('activities.feed.person')}
          value={filters.personId ?? ''}
          onChange={(event) => setFilter('personne', event.target.value)}
          options={[
            { value: '', label: t('activities.feed.everyone') },
            ...(context?.members ?? []).map((member) => ({
              value: member.user_id,
              label:
                member.user_id === context?.userId
                  ? t('activities.timeline.me')
                  : (member.display_name ?? member.email),
            })),
          ]}
        />
        <SelectField
          label={t('activities.feed.client')}
          value={filters.companyId ?? ''}
          onChange={(event) => setFilter('client', event.target.value)}
          options={[
            { value: '', label: t('activities.feed.allClients') },
            ...companyOptions.map(([id, name]) => ({ value: id, label: name })),
          ]}
        />
      </div>
      {!context || !data ? (
        <LoadingState label={t('activities.feed.loading')} />
      ) : data.items.length === 0 ? (
        <div className="activity-empty">
          <p className="activity-empty__title">{t('activities.feed.emptyTitle')}</p>
          <p>{t('activities.feed.emptyBody')}</p>
        </div>
      ) : (
        <>
          <FeedList data={data} context={context} />
          {data.hasMore ? (
            <Button variant="secondary" onClick={() => setLimit((count) => count + PAGE_SIZE)}>
              {t('activities.timeline.showMore')}
            </Button>
          ) : null}
        </>
      )}
    </div>
  );
}
