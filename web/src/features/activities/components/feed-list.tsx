/**
 * The items of an activity feed, grouped by day: activities as on a timeline, comments and
 * tasks as one line each with their author, record and client.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { buildCompanyPath, buildContactPath } from '@web/features/crm/index.ts';
import { buildOpportunityPath } from '@web/features/pipeline/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import { AppLink, useNow } from '@web/ui/index.ts';
import { getAuthorName, type ActivitiesContext } from '../hooks/use-activities-context.ts';
import type { FeedData } from '../hooks/use-activity-feed.ts';
import { getItemCompanyId, type FeedItem } from '../internal/feed.ts';
import { formatDayHeading, formatTime } from '../internal/format.ts';
import { groupByDay } from '../internal/timeline.ts';
import { ActivityEntry } from './activity-entry.tsx';

export type FeedListProps = {
  readonly data: FeedData;
  readonly context: ActivitiesContext;
  /** A client's own feed: no client link on each item. */
  readonly isClientScope?: boolean;
};

export function FeedList({ data, context, isClientScope = false }: FeedListProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const now = useNow(60_000);
  const groups = useMemo(
    () => groupByDay(data.items, (item) => item.at, context.timeZone),
    [data.items, context.timeZone],
  );
  return (
    <div className="stack">
      {groups.map((group) => (
        <section key={group.day} className="activity-day">
          <h3 className="activity-day__title">{formatDayHeading(group.day, now, language, context.timeZone, t)}</h3>
          <ol className="activity-list">
            {group.items.map((item) => (
              <li key={item.key} className="activity-list__item">
                <FeedEntry item={item} data={data} context={context} isClientScope={isClientScope} />
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

function FeedEntry({
  item,
  data,
  context,
  isClientScope,
}: {
  readonly item: FeedItem;
  readonly data: FeedData;
  readonly context: ActivitiesContext;
  readonly isClientScope: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const companyId = isClientScope ? null : getItemCompanyId(item, data);
  const companyName = companyId ? data.companyNames.get(companyId) : undefined;
  const clientLink =
    companyId && companyName ? (
      <p className="activity-entry__links">
        <AppLink to={buildCompanyPath(companyId)}>{companyName}</AppLink>
      </p>
    ) : null;
  if (item.type === 'activity') {
    return (
      <div>
        <ActivityEntry activity={item.row} labels={data} context={context} />
        {clientLink}
      </div>
    );
  }
  const author = getAuthorName(item.actorId, context, {
    me: t('activities.timeline.me'),
    unknown: t('activities.timeline.unknownAuthor'),
    system: t('activities.timeline.system'),
  });
  const record = getRecordTarget(item, data);
  return (
    <article className="activity-entry">
      <p className="activity-entry__head">
        <span className={`activity-entry__kind activity-entry__kind--${item.type}`}>
          {item.type === 'comment' ? t('activities.feed.commented') : t('activities.filters.task')}
        </span>
        <time dateTime={item.at} className="activity-entry__time">
          {formatTime(item.at, language, context.timeZone)}
        </time>
        <span className="activity-entry__author">{t('activities.timeline.author', { name: author })}</span>
      </p>
      {item.type === 'comment' ? (
        <p className="activity-entry__body">{item.row.body}</p>
      ) : (
        <p className="activity-entry__title">
          {item.type === 'task_done'
            ? t('activities.feed.taskDone', { title: item.row.title })
            : t('activities.feed.taskCreated', { title: item.row.title })}
        </p>
      )}
      {record ? (
        <p className="activity-entry__links">
          <AppLink to={record.href}>{record.label}</AppLink>
        </p>
      ) : null}
      {clientLink}
    </article>
  );
}

/** The contact or opportunity a comment or task is about (companies show as the client link). */
function getRecordTarget(item: FeedItem, data: FeedData): { href: string; label: string } | null {
  let contactId: string | null = null;
  let opportunityId: string | null = null;
  if (item.type === 'comment') {
    if (item.row.record_table === 'contacts') contactId = item.row.record_id;
    if (item.row.record_table === 'opportunities') opportunityId = item.row.record_id;
  } else if (item.type !== 'activity') {
    contactId = item.row.contact_id;
    opportunityId = item.row.opportunity_id;
  }
  const title = opportunityId ? data.opportunityTitles.get(opportunityId) : undefined;
  if (opportunityId && title) return { href: buildOpportunityPath(opportunityId), label: title };
  const name = contactId ? data.contactNames.get(contactId) : undefined;
  if (contactId && name) return { href: buildContactPath(contactId), label: name };
  return null;
}
