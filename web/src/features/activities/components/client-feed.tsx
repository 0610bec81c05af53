/**
 * A client's activity feed (seed 001 C2), for a company page: activities, comments and tasks on
 * the company, its contacts and its opportunities, live as they sync in.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, LoadingState } from '@web/ui/index.ts';
import { useActivitiesContext } from '../hooks/use-activities-context.ts';
import { useActivityFeed } from '../hooks/use-activity-feed.ts';
import type { FeedFilters } from '../internal/feed.ts';
import { FeedList } from './feed-list.tsx';
import './activities.css';

const NO_FILTERS: FeedFilters = { kind: null, personId: null, companyId: null };
const PAGE_SIZE = 30;

export function ClientFeed({ companyId }: { readonly companyId: string }) {
  const { t } = useTranslation();
  const context = useActivitiesContext();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const data = useActivityFeed(NO_FILTERS, limit, companyId);
  return (
    <Card title={t('activities.feed.clientTitle')}>
      {!context || !data ? (
        <LoadingState label={t('activities.feed.loading')} />
      ) : data.items.length === 0 ? (
        <p>{t('activities.feed.emptyBody')}</p>
      ) : (
        <>
          <FeedList data={data} context={context} isClientScope />
          {data.hasMore ? (
            <Button variant="secondary" onClick={() => setLimit((count) => count + PAGE_SIZE)}>
              {t('activities.timeline.showMore')}
            </Button>
          ) : null}
        </>
      )}
    </Card>
  );
}
