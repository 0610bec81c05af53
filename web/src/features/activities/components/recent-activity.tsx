/** The home screen's "Activité récente": the team's latest ten items, live, with a link to the feed. */
import { useTranslation } from 'react-i18next';
import { AppLink, Card, LoadingState } from '@web/ui/index.ts';
import { useActivitiesContext } from '../hooks/use-activities-context.ts';
import { useActivityFeed } from '../hooks/use-activity-feed.ts';
import type { FeedFilters } from '../internal/feed.ts';
import { ACTIVITIES_PATHS } from '../paths.ts';
import { FeedList } from './feed-list.tsx';
import './activities.css';

const RECENT_COUNT = 10;

export type RecentActivityProps = {
  /** Only the user's own items (default: the whole team the user may see). */
  readonly isMineOnly?: boolean;
};

export function RecentActivity({ isMineOnly = false }: RecentActivityProps) {
  const { t } = useTranslation();
  const context = useActivitiesContext();
  const filters: FeedFilters = { kind: null, personId: isMineOnly ? (context?.userId ?? null) : null, companyId: null };
  const data = useActivityFeed(filters, RECENT_COUNT);
  return (
    <Card
      title={t('activities.recent.title')}
      titleAction={<AppLink to={ACTIVITIES_PATHS.feed}>{t('activities.recent.seeAll')}</AppLink>}
    >
      {!context || !data ? (
        <LoadingState label={t('activities.feed.loading')} />
      ) : data.items.length === 0 ? (
        <p>{t('activities.recent.empty')}</p>
      ) : (
        <FeedList data={data} context={context} />
      )}
    </Card>
  );
}
