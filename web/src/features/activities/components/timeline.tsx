/**
 * The unified timeline of a contact, company or opportunity: every activity of the record and of
 * the records under it, newest first, grouped by day in the company's time zone, with type
 * chips. Rows pulled from other devices appear as they sync (live replica query).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '@web/i18n/index.ts';
import { Button, Card, LoadingState, useNow } from '@web/ui/index.ts';
import { useActivitiesContext, type ActivitiesContext } from '../hooks/use-activities-context.ts';
import { useRecordTimeline, type TimelineData } from '../hooks/use-record-timeline.ts';
import { formatDayHeading } from '../internal/format.ts';
import { filterActivities, groupByDay, type TimelineFilter, type TimelineRecord } from '../internal/timeline.ts';
import { ActivityEntry } from './activity-entry.tsx';
import { getRecordLink, LogActivityDialog, type ActivityLinks } from './log-activity-dialog.tsx';
import { TypeChips } from './type-chips.tsx';
import './activities.css';

export type TimelineProps = {
  readonly record: TimelineRecord;
  /** Links of a new activity logged from here (e.g. a contact's company); the record's own is implied. */
  readonly links?: ActivityLinks;
};

/** Entries shown at first and added by "Afficher plus". */
const PAGE_SIZE = 50;

export function Timeline({ record, links = {} }: TimelineProps) {
  const { t } = useTranslation();
  const context = useActivitiesContext();
  const data = useRecordTimeline(record);
  const [isLogging, setIsLogging] = useState(false);
  const recordLinks: ActivityLinks = { ...links, ...getRecordLink(record) };
  return (
    <Card
      title={t('activities.timeline.title')}
      titleAction={
        context?.canLog ? (
          <Button variant="secondary" onClick={() => setIsLogging(true)}>
            {t('activities.form.open')}
          </Button>
        ) : null
      }
    >
      {!context || !data ? (
        <LoadingState label={t('activities.timeline.loading')} />
      ) : (
        <TimelineBody data={data} context={context} record={record} />
      )}
      {isLogging && context ? (
        <LogActivityDialog context={context} links={recordLinks} onClose={() => setIsLogging(false)} />
      ) : null}
    </Card>
  );
}

function TimelineBody({
  data,
  context,
  record,
}: {
  readonly data: TimelineData;
  readonly context: ActivitiesContext;
  readonly record: TimelineRecord;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const now = useNow(60_000);
  const [selected, setSelected] = useState<ReadonlySet<TimelineFilter>>(new Set());
  const [shown, setShown] = useState(PAGE_SIZE);
  const filtered = useMemo(() => filterActivities(data.activities, selected), [data.activities, selected]);
  const groups = useMemo(
    () => groupByDay(filtered.slice(0, shown), (row) => row.occurred_at, context.timeZone),
    [filtered, shown, context.timeZone],
  );

  if (data.activities.length === 0) {
    return (
      <div className="activity-empty">
        <p className="activity-empty__title">{t('activities.timeline.emptyTitle')}</p>
        <p>{t('activities.timeline.emptyBody')}</p>
      </div>
    );
  }
  return (
    <div className="stack">
      <TypeChips selected={selected} onChange={setSelected} />
      {filtered.length === 0 ? <p>{t('activities.timeline.emptyFiltered')}</p> : null}
      {groups.map((group) => (
        <section key={group.day} className="activity-day">
          <h3 className="activity-day__title">{formatDayHeading(group.day, now, language, context.timeZone, t)}</h3>
          <ol className="activity-list">
            {group.items.map((activity) => (
              <li key={activity.id} className="activity-list__item">
                <ActivityEntry activity={activity} labels={data} context={context} currentRecordId={record.id} />
              </li>
            ))}
          </ol>
        </section>
      ))}
      {filtered.length > shown ? (
        <Button variant="secondary" onClick={() => setShown((count) => count + PAGE_SIZE)}>
          {t('activities.timeline.showMore')}
        </Button>
      ) : null}
    </div>
  );
}
