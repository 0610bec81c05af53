/**
 * The funnel: how many opportunities reached each open stage and then won, with the conversion from
 * each step to the next (shared/pipeline computeFunnel, from the stage history). Plain bars with
 * the numbers in words, so screen readers and print get the same as the eye.
 */
import { useTranslation } from 'react-i18next';
import { computeFunnel } from '@shared/pipeline/index.ts';
import type { OpportunityStageHistory, PipelineStage } from '@shared/sales/index.ts';
import { LOCALE_BY_LANGUAGE, useLanguage } from '@web/i18n/index.ts';
import { getStageLabel } from '../internal/labels.ts';

export type FunnelViewProps = {
  readonly stages: readonly PipelineStage[];
  /** Stage history of the opportunities shown (already filtered). */
  readonly history: readonly OpportunityStageHistory[];
};

export function FunnelView({ stages, history }: FunnelViewProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const funnel = computeFunnel(history, stages);
  const stagesById = new Map(stages.map((stage) => [stage.id, stage]));
  const percent = (ratio: number) =>
    new Intl.NumberFormat(LOCALE_BY_LANGUAGE[language], { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
  const widest = Math.max(1, ...funnel.steps.map((step) => step.reached));
  if (funnel.overall === null) {
    return (
      <div className="empty-state">
        <h2>{t('pipeline.funnel.emptyTitle')}</h2>
        <p>{t('pipeline.funnel.emptyBody')}</p>
      </div>
    );
  }
  return (
    <section className="funnel" aria-labelledby="funnel-title">
      <h2 id="funnel-title">{t('pipeline.funnel.title')}</h2>
      <p className="funnel__overall">{t('pipeline.funnel.overall', { percent: percent(funnel.overall) })}</p>
      <ol className="funnel__steps">
        {funnel.steps.map((step) => {
          const stage = stagesById.get(step.stage_id);
          const name = stage ? getStageLabel(stage, t) : '';
          return (
            <li key={step.stage_id} className="funnel__step">
              <div className="funnel__label">
                <span className="funnel__name">{name}</span>
                <span>{t('pipeline.funnel.reached', { count: step.reached })}</span>
              </div>
              <div className="funnel__track" aria-hidden="true">
                <div className="funnel__bar" style={{ width: `${(step.reached / widest) * 100}%` }} />
              </div>
              {step.conversion !== null ? (
                <p className="funnel__conversion">
                  {t('pipeline.funnel.conversion', { percent: percent(step.conversion), count: step.advanced ?? 0 })}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
