/**
 * For the home screen: the user's open opportunities, hottest first (score computed on the device,
 * else the server's), with amount, stage and close date. Reads the replica, so it works offline.
 * Renders nothing for roles without the pipeline.
 */
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '@web/i18n/index.ts';
import { useCurrentTenant } from '@web/features/tenancy/index.ts';
import { ScoreBadge, useOpportunityScores } from '@web/features/scoring/index.ts';
import { AppLink, Card, LoadingState } from '@web/ui/index.ts';
import { useCompanyNames, useOpportunities, useStages } from '../hooks/use-pipeline-rows.ts';
import { sortOpportunities } from '../internal/filters.ts';
import { formatCalendarDate, formatMoney } from '../internal/format.ts';
import { getStageLabel } from '../internal/labels.ts';
import { buildOpportunityPath, PIPELINE_PATHS } from '../paths.ts';
import { canUsePipeline } from './pipeline-gate.tsx';
import './pipeline.css';

export type HotOpportunitiesProps = {
  /** How many to show (default 5). */
  readonly limit?: number;
};

export function HotOpportunities({ limit = 5 }: HotOpportunitiesProps) {
  const { tenant, userId } = useCurrentTenant();
  if (!tenant || !userId || !canUsePipeline(tenant.role)) return null;
  return <HotList limit={limit} userId={userId} />;
}

function HotList({ limit, userId }: { readonly limit: number; readonly userId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const stages = useStages();
  const opportunities = useOpportunities();
  const companyNames = useCompanyNames();
  const scores = useOpportunityScores();
  const hot = useMemo(() => {
    if (!stages || !opportunities) return undefined;
    const open = new Set(stages.filter((stage) => stage.kind === 'open').map((stage) => stage.id));
    const mine = opportunities.filter(
      (opportunity) => opportunity.owner_id === userId && open.has(opportunity.stage_id),
    );
    return sortOpportunities(mine, 'score', scores).slice(0, limit);
  }, [stages, opportunities, scores, userId, limit]);
  const stagesById = new Map((stages ?? []).map((stage) => [stage.id, stage]));

  return (
    <Card
      title={t('pipeline.hot.title')}
      titleAction={<AppLink to={PIPELINE_PATHS.board}>{t('pipeline.hot.all')}</AppLink>}
    >
      {hot === undefined ? (
        <LoadingState label={t('pipeline.common.loading')} />
      ) : hot.length === 0 ? (
        <p>{t('pipeline.hot.empty')}</p>
      ) : (
        <ol className="hot-opportunities">
          {hot.map((opportunity) => {
            const score = scores.get(opportunity.id);
            const stage = stagesById.get(opportunity.stage_id);
            const company = opportunity.company_id ? companyNames.get(opportunity.company_id) : undefined;
            return (
              <li key={opportunity.id} className="hot-opportunities__item">
                <div className="opportunity-card__top">
                  <Link className="opportunity-card__title" to={buildOpportunityPath(opportunity.id)}>
                    {opportunity.title}
                  </Link>
                  {score ? <ScoreBadge result={score} /> : null}
                </div>
                <p className="opportunity-card__company">
                  {[
                    company,
                    formatMoney(opportunity.amount_cents, language, opportunity.currency),
                    stage ? getStageLabel(stage, t) : '',
                    opportunity.expected_close_date
                      ? t('pipeline.card.closeDate', {
                          date: formatCalendarDate(opportunity.expected_close_date, language),
                        })
                      : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
