/**
 * The compact list view (the default on phones): every filtered opportunity in one column, best
 * score first by default, each with its stage as a picker — moving from the list is one native
 * select, no dragging (a lost stage still asks for the reason).
 */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Opportunity, PipelineStage } from '@shared/sales/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import { ScoreBadge } from '@web/features/scoring/index.ts';
import { SelectField } from '@web/ui/index.ts';
import type { PipelineContext } from '../hooks/use-pipeline-context.ts';
import { useStageMove } from '../hooks/use-stage-move.tsx';
import { sortOpportunities, type SortOrder } from '../internal/filters.ts';
import { formatCalendarDate, formatMoney, formatOwner } from '../internal/format.ts';
import { getStageLabel } from '../internal/labels.ts';
import type { ScoreMap } from '../internal/scores.ts';
import { buildOpportunityPath } from '../paths.ts';

export type OpportunityListProps = {
  readonly stages: readonly PipelineStage[];
  readonly opportunities: readonly Opportunity[];
  readonly scores: ScoreMap;
  readonly sort: SortOrder;
  readonly companyNames: ReadonlyMap<string, string>;
  readonly context: PipelineContext;
};

export function OpportunityList({ stages, opportunities, scores, sort, companyNames, context }: OpportunityListProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { requestMove, dialog } = useStageMove();
  const sorted = sortOpportunities(opportunities, sort, scores);
  const stageOptions = stages.map((stage) => ({ value: stage.id, label: getStageLabel(stage, t) }));
  return (
    <>
      <ul className="opportunity-list" aria-label={t('pipeline.list.label')}>
        {sorted.map((opportunity) => {
          const score = scores.get(opportunity.id);
          const company = opportunity.company_id ? companyNames.get(opportunity.company_id) : undefined;
          return (
            <li key={opportunity.id} className="opportunity-list__item">
              <div className="opportunity-list__main">
                <div className="opportunity-card__top">
                  <Link className="opportunity-card__title" to={buildOpportunityPath(opportunity.id)}>
                    {opportunity.title}
                  </Link>
                  {score ? <ScoreBadge result={score} /> : null}
                </div>
                <p className="opportunity-card__company">
                  {[company, formatMoney(opportunity.amount_cents, language, opportunity.currency)]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
                <p className="opportunity-card__meta">
                  {[
                    formatOwner(opportunity.owner_id, context, t),
                    opportunity.expected_close_date
                      ? t('pipeline.card.closeDate', {
                          date: formatCalendarDate(opportunity.expected_close_date, language),
                        })
                      : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </div>
              <div className="opportunity-list__stage">
                <SelectField
                  label={t('pipeline.list.stageOf', { title: opportunity.title })}
                  value={opportunity.stage_id}
                  options={stageOptions}
                  disabled={!context.canEdit(opportunity.owner_id)}
                  onChange={(event) => {
                    const stage = stages.find((candidate) => candidate.id === event.target.value);
                    if (stage) void requestMove(opportunity, stage);
                  }}
                />
              </div>
            </li>
          );
        })}
      </ul>
      {dialog}
    </>
  );
}
