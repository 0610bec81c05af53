/**
 * /pipeline/:id — one opportunity: a stage stepper (click a stage to move; a lost stage asks why),
 * amount, probability and score with its explanation, the details, the time spent in each stage
 * (from the server's stage history), the activity timeline and the internal comments. Delete at
 * once with "Annuler" in a toast (the delete waits in the outbox for the undo window).
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { getContactDisplayName } from '@shared/crm/index.ts';
import { effectiveProbability, timeInStages } from '@shared/pipeline/index.ts';
import type { Opportunity, PipelineStage } from '@shared/sales/index.ts';
import { deleteRow, UNDO_WINDOW_MS } from '@web/lib/db/index.ts';
import { formatDateTime, useLanguage, useTranslateError } from '@web/i18n/index.ts';
import { buildCompanyPath, buildContactPath } from '@web/features/crm/index.ts';
import { Timeline } from '@web/features/activities/index.ts';
import { CommentThread } from '@web/features/comments/index.ts';
import { TaskList } from '@web/features/tasks/index.ts';
import { ScoreBadge, ScoreExplanation, useOpportunityScores } from '@web/features/scoring/index.ts';
import {
  Alert,
  AppLink,
  Badge,
  Button,
  Card,
  LoadingState,
  PageHeader,
  TrashIcon,
  useNow,
  usePageTitle,
  useToast,
} from '@web/ui/index.ts';
import type { PipelineContext } from '../hooks/use-pipeline-context.ts';
import {
  useCompany,
  useContact,
  useOpportunity,
  usePendingCount,
  useStageHistory,
  useStages,
} from '../hooks/use-pipeline-rows.ts';
import { useStageMove } from '../hooks/use-stage-move.tsx';
import { formatCalendarDate, formatDuration, formatMoney, formatOwner } from '../internal/format.ts';
import { getStageLabel, SOURCE_KEYS } from '../internal/labels.ts';
import { buildOpportunityEditPath, PIPELINE_PATHS } from '../paths.ts';
import { PipelineGate } from './pipeline-gate.tsx';
import './pipeline.css';

export function OpportunityPage() {
  const { id = '' } = useParams();
  return <PipelineGate>{(context) => <OpportunityDetail key={id} id={id} context={context} />}</PipelineGate>;
}

function OpportunityDetail({ id, context }: { readonly id: string; readonly context: PipelineContext }) {
  const { t } = useTranslation();
  const opportunity = useOpportunity(id);
  const stages = useStages();
  usePageTitle(opportunity ? opportunity.title : t('pipeline.title'));
  if (opportunity === undefined || stages === undefined) return <LoadingState label={t('pipeline.common.loading')} />;
  if (opportunity === null) {
    return (
      <div className="stack">
        <Alert tone="warning">{t('pipeline.detail.notFound')}</Alert>
        <AppLink to={PIPELINE_PATHS.board}>{t('pipeline.common.back')}</AppLink>
      </div>
    );
  }
  return <OpportunityView opportunity={opportunity} stages={stages} context={context} />;
}

function OpportunityView({
  opportunity,
  stages,
  context,
}: {
  readonly opportunity: Opportunity;
  readonly stages: readonly PipelineStage[];
  readonly context: PipelineContext;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const showToast = useToast();
  const translateError = useTranslateError();
  const { requestMove, dialog } = useStageMove();
  const company = useCompany(opportunity.company_id);
  const contact = useContact(opportunity.contact_id);
  const pending = usePendingCount(opportunity.id);
  const scores = useOpportunityScores();
  const score = scores.get(opportunity.id);
  const [failure, setFailure] = useState<string | null>(null);
  const stage = stages.find((candidate) => candidate.id === opportunity.stage_id);
  const canEdit = context.canEdit(opportunity.owner_id);
  const probability = effectiveProbability(opportunity, stage);

  const remove = async () => {
    try {
      const { undo } = await deleteRow('opportunities', opportunity.id);
      navigate(PIPELINE_PATHS.board);
      showToast({
        message: t('pipeline.detail.deleted', { title: opportunity.title }),
        actionLabel: t('pipeline.common.undo'),
        durationMs: UNDO_WINDOW_MS,
        onAction: async () => {
          const isUndone: unknown = await undo();
          showToast({ message: isUndone === false ? t('pipeline.detail.undoTooLate') : t('pipeline.detail.undone') });
        },
      });
    } catch (error) {
      setFailure(translateError(error));
    }
  };

  return (
    <div className="stack pipeline-page">
      <AppLink to={PIPELINE_PATHS.board}>{t('pipeline.common.back')}</AppLink>
      <div className="pipeline-page__header">
        <PageHeader title={opportunity.title} intro={company?.name} />
        {pending > 0 ? <Badge tone="warning">{t('pipeline.common.pendingSync')}</Badge> : null}
        <div className="pipeline-page__actions">
          {canEdit ? (
            <AppLink to={buildOpportunityEditPath(opportunity.id)} asButton="secondary">
              {t('pipeline.common.edit')}
            </AppLink>
          ) : null}
          {context.canDelete(opportunity.owner_id) ? (
            <Button variant="danger" onClick={() => void remove()}>
              <TrashIcon className="button__icon" />
              {t('pipeline.common.delete')}
            </Button>
          ) : null}
        </div>
      </div>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <nav aria-label={t('pipeline.detail.stages')}>
        <ol className="stage-stepper">
          {stages.map((candidate) => {
            const isCurrent = candidate.id === opportunity.stage_id;
            return (
              <li key={candidate.id} className={`stage-stepper__item stage-stepper__item--${candidate.kind}`}>
                <button
                  type="button"
                  className="stage-stepper__button"
                  aria-current={isCurrent ? 'step' : undefined}
                  disabled={!canEdit}
                  onClick={() => void requestMove(opportunity, candidate)}
                >
                  {getStageLabel(candidate, t)}
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
      {opportunity.loss_reason && stage?.kind === 'lost' ? (
        <Alert tone="warning" title={t('pipeline.fields.loss_reason')}>
          {opportunity.loss_reason}
        </Alert>
      ) : null}
      <div className="opportunity-figures">
        <div className="opportunity-figures__item">
          <span className="opportunity-figures__label">{t('pipeline.fields.amount')}</span>
          <span className="opportunity-figures__value">
            {formatMoney(opportunity.amount_cents, language, opportunity.currency)}
          </span>
        </div>
        <div className="opportunity-figures__item">
          <span className="opportunity-figures__label">{t('pipeline.fields.probability')}</span>
          <span className="opportunity-figures__value">
            {t('pipeline.detail.percent', { value: probability })}
            {opportunity.probability === null ? (
              <span className="opportunity-figures__note"> {t('pipeline.detail.stageProbability')}</span>
            ) : null}
          </span>
        </div>
        <div className="opportunity-figures__item">
          <span className="opportunity-figures__label">{t('pipeline.detail.weighted')}</span>
          <span className="opportunity-figures__value">
            {formatMoney(Math.round((opportunity.amount_cents * probability) / 100), language, opportunity.currency)}
          </span>
        </div>
        <div className="opportunity-figures__item">
          <span className="opportunity-figures__label">{t('pipeline.detail.score')}</span>
          <span className="opportunity-figures__value">
            {score ? <ScoreBadge result={score} /> : t('pipeline.detail.noScore')}
          </span>
        </div>
      </div>
      {score ? (
        <Card title={t('pipeline.detail.scoreExplanation')}>
          <ScoreExplanation result={score} />
        </Card>
      ) : null}
      <Card title={t('pipeline.detail.details')}>
        <dl className="details details--grid">
          <DetailRow label={t('pipeline.fields.company_id')}>
            {company ? <AppLink to={buildCompanyPath(company.id)}>{company.name}</AppLink> : null}
          </DetailRow>
          <DetailRow label={t('pipeline.fields.contact_id')}>
            {contact ? <AppLink to={buildContactPath(contact.id)}>{getContactDisplayName(contact)}</AppLink> : null}
          </DetailRow>
          <DetailRow label={t('pipeline.fields.stage_id')} value={stage ? getStageLabel(stage, t) : null} />
          <DetailRow
            label={t('pipeline.fields.expected_close_date')}
            value={formatCalendarDate(opportunity.expected_close_date, language)}
          />
          <DetailRow label={t('pipeline.fields.owner_id')} value={formatOwner(opportunity.owner_id, context, t)} />
          <DetailRow
            label={t('pipeline.fields.source')}
            value={opportunity.source ? t(SOURCE_KEYS[opportunity.source]) : null}
          />
          <DetailRow label={t('pipeline.fields.next_step')} value={opportunity.next_step} />
          <DetailRow label={t('pipeline.fields.tags')}>
            {opportunity.tags.length > 0 ? (
              <span className="badge-row">
                {opportunity.tags.map((tag) => (
                  <Badge key={tag}>{tag}</Badge>
                ))}
              </span>
            ) : null}
          </DetailRow>
          <DetailRow
            label={t('pipeline.fields.closed_at')}
            value={
              opportunity.closed_at ? formatDateTime(opportunity.closed_at, language, context.tenant.timeZone) : null
            }
          />
        </dl>
        {opportunity.notes ? <p className="pipeline-notes">{opportunity.notes}</p> : null}
      </Card>
      <StageTimes opportunityId={opportunity.id} stages={stages} />
      <Timeline
        record={{ table: 'opportunities', id: opportunity.id }}
        links={{ company_id: opportunity.company_id, contact_id: opportunity.contact_id }}
      />
      <TaskList record={{ table: 'opportunities', id: opportunity.id }} />
      <CommentThread record={{ table: 'opportunities', id: opportunity.id }} />
      {dialog}
    </div>
  );
}

/** Time spent in each stage, oldest first; the current stay runs until now. */
function StageTimes({
  opportunityId,
  stages,
}: {
  readonly opportunityId: string;
  readonly stages: readonly PipelineStage[];
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const history = useStageHistory(opportunityId);
  const now = useNow(60_000);
  const stays = useMemo(
    () => (history ? (timeInStages(history, new Date(now)).by_opportunity.get(opportunityId) ?? []) : []),
    [history, now, opportunityId],
  );
  const stagesById = new Map(stages.map((stage) => [stage.id, stage]));
  return (
    <Card title={t('pipeline.detail.timeInStages')}>
      {history === undefined ? (
        <LoadingState label={t('pipeline.common.loading')} />
      ) : stays.length === 0 ? (
        <p>{t('pipeline.detail.noHistory')}</p>
      ) : (
        <ol className="stage-times">
          {stays.map((stay) => {
            const stage = stagesById.get(stay.stage_id);
            return (
              <li key={`${stay.stage_id}-${stay.entered_at}`} className="stage-times__item">
                <span className="stage-times__name">
                  {stage ? getStageLabel(stage, t) : t('pipeline.stages.removed')}
                </span>
                <span>{formatDuration(stay.duration_ms, t)}</span>
                <span className="stage-times__since">
                  {stay.left_at
                    ? t('pipeline.detail.stayed', { date: formatDateTime(stay.entered_at, language) })
                    : t('pipeline.detail.since', { date: formatDateTime(stay.entered_at, language) })}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}

function DetailRow({
  label,
  value,
  children,
}: {
  readonly label: string;
  readonly value?: string | null;
  readonly children?: ReactNode;
}) {
  const { t } = useTranslation();
  const content = children ?? (value ? value : null);
  return (
    <div className="details__row">
      <dt>{label}</dt>
      <dd>{content ?? t('pipeline.common.none')}</dd>
    </div>
  );
}
