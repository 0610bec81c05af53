/**
 * One activity in a timeline or feed: what happened (kind, subject, or the automatic sentence —
 * "Étape : Démo → Proposition"), its outcome and duration, who and when, the related records not
 * already on screen, and the write's sync state.
 */
import { useTranslation } from 'react-i18next';
import type { Activity } from '@shared/sales/index.ts';
import { buildContactPath } from '@web/features/crm/index.ts';
import { buildOpportunityPath } from '@web/features/pipeline/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import { AppLink, Badge } from '@web/ui/index.ts';
import { getAuthorName, type ActivitiesContext } from '../hooks/use-activities-context.ts';
import type { TimelineLabels } from '../hooks/use-record-timeline.ts';
import { formatTime, getStageLabel } from '../internal/format.ts';
import { KIND_KEYS, OUTCOME_KEYS } from '../internal/labels.ts';
import { isSystemKind } from '../internal/timeline.ts';

export type ActivityEntryProps = {
  readonly activity: Activity;
  readonly labels: TimelineLabels;
  readonly context: ActivitiesContext;
  /** The record whose page this is: no link back to it. */
  readonly currentRecordId?: string | undefined;
};

function useSystemSentence(activity: Activity, labels: TimelineLabels): string | null {
  const { t } = useTranslation();
  if (activity.kind === 'created') {
    if (activity.opportunity_id) return t('activities.timeline.createdOpportunity');
    if (activity.contact_id) return t('activities.timeline.createdContact');
    return t('activities.timeline.createdCompany');
  }
  if (activity.kind === 'stage_change') {
    const details = activity.details ?? {};
    const to = getStageLabel(details.to_stage_id ? labels.stages.get(details.to_stage_id) : undefined, t);
    if (!details.from_stage_id) return t('activities.timeline.stageEntered', { to });
    const from = getStageLabel(labels.stages.get(details.from_stage_id), t);
    return t('activities.timeline.stageChange', { from, to });
  }
  return null;
}

export function ActivityEntry({ activity, labels, context, currentRecordId }: ActivityEntryProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const systemSentence = useSystemSentence(activity, labels);
  const isSystem = isSystemKind(activity.kind);
  const author = getAuthorName(activity.owner_id, context, {
    me: t('activities.timeline.me'),
    unknown: t('activities.timeline.unknownAuthor'),
    system: t('activities.timeline.system'),
  });
  const opportunityTitle = activity.opportunity_id ? labels.opportunityTitles.get(activity.opportunity_id) : undefined;
  const contactName = activity.contact_id ? labels.contactNames.get(activity.contact_id) : undefined;
  return (
    <article className={`activity-entry${isSystem ? ' activity-entry--system' : ''}`}>
      <p className="activity-entry__head">
        <span className={`activity-entry__kind activity-entry__kind--${activity.kind}`}>
          {t(KIND_KEYS[activity.kind])}
        </span>
        <time dateTime={activity.occurred_at} className="activity-entry__time">
          {formatTime(activity.occurred_at, language, context.timeZone)}
        </time>
        <span className="activity-entry__author">{t('activities.timeline.author', { name: author })}</span>
        {labels.pendingIds.has(activity.id) ? <Badge tone="warning">{t('activities.timeline.pending')}</Badge> : null}
      </p>
      {systemSentence ? <p className="activity-entry__title">{systemSentence}</p> : null}
      {activity.kind === 'created' && activity.details?.to_stage_id ? (
        <p>
          {t('activities.timeline.stageEntered', {
            to: getStageLabel(labels.stages.get(activity.details.to_stage_id), t),
          })}
        </p>
      ) : null}
      {!systemSentence && activity.subject ? <p className="activity-entry__title">{activity.subject}</p> : null}
      {activity.outcome || activity.duration_minutes !== null ? (
        <p className="badge-row">
          {activity.outcome ? <Badge tone="info">{t(OUTCOME_KEYS[activity.outcome])}</Badge> : null}
          {activity.duration_minutes !== null ? (
            <Badge>{t('activities.timeline.duration', { count: activity.duration_minutes })}</Badge>
          ) : null}
        </p>
      ) : null}
      {activity.body ? <p className="activity-entry__body">{activity.body}</p> : null}
      {(opportunityTitle && activity.opportunity_id !== currentRecordId) ||
      (contactName && activity.contact_id !== currentRecordId) ? (
        <p className="activity-entry__links">
          {opportunityTitle && activity.opportunity_id && activity.opportunity_id !== currentRecordId ? (
            <AppLink to={buildOpportunityPath(activity.opportunity_id)}>
              {t('activities.timeline.onOpportunity', { title: opportunityTitle })}
            </AppLink>
          ) : null}
          {contactName && activity.contact_id && activity.contact_id !== currentRecordId ? (
            <AppLink to={buildContactPath(activity.contact_id)}>
              {t('activities.timeline.onContact', { name: contactName })}
            </AppLink>
          ) : null}
        </p>
      ) : null}
    </article>
  );
}
