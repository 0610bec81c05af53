/**
 * One opportunity on the board: title (a link to its page), score badge, company, amount, owner's
 * initials and expected close date. The whole card can be dragged with a mouse, or with a long
 * press on a touch screen (so a short swipe still scrolls); the grip button is the keyboard's
 * handle (Space or Enter picks the card up, arrows choose the column, Space drops, Escape cancels).
 */
import { useDraggable } from '@dnd-kit/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Opportunity } from '@shared/sales/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import { ScoreBadge } from '@web/features/scoring/index.ts';
import type { PipelineContext } from '../hooks/use-pipeline-context.ts';
import { formatCalendarDate, formatMoney, formatOwner, getInitials } from '../internal/format.ts';
import type { ScoreResult } from '../internal/scores.ts';
import { buildOpportunityPath } from '../paths.ts';

export type OpportunityCardProps = {
  readonly opportunity: Opportunity;
  readonly companyName: string | undefined;
  readonly score: ScoreResult | undefined;
  readonly context: PipelineContext;
  readonly canMove: boolean;
};

export function DraggableOpportunityCard(props: OpportunityCardProps) {
  const { t } = useTranslation();
  const { opportunity, canMove } = props;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: opportunity.id,
    data: { opportunity },
    disabled: !canMove,
    attributes: { roleDescription: t('pipeline.dnd.roleDescription') },
  });
  return (
    <div
      ref={setNodeRef}
      {...listeners}
      className={isDragging ? 'opportunity-card opportunity-card--dragging' : 'opportunity-card'}
      data-opportunity-id={opportunity.id}
    >
      <OpportunityCardBody {...props} />
      {canMove ? (
        <button
          ref={setActivatorNodeRef}
          type="button"
          {...attributes}
          className="opportunity-card__handle"
          aria-label={t('pipeline.dnd.handle', { title: opportunity.title })}
        >
          <GripIcon />
        </button>
      ) : null}
    </div>
  );
}

/** The card as it follows the pointer (drag overlay): no link, no handle, nothing focusable. */
export function OpportunityCardPreview(props: OpportunityCardProps) {
  return (
    <div className="opportunity-card opportunity-card--overlay" aria-hidden="true">
      <OpportunityCardBody {...props} isStatic />
    </div>
  );
}

function OpportunityCardBody({
  opportunity,
  companyName,
  score,
  context,
  isStatic = false,
}: OpportunityCardProps & { readonly isStatic?: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const owner = opportunity.owner_id ? formatOwner(opportunity.owner_id, context, t) : null;
  return (
    <>
      <div className="opportunity-card__top">
        {isStatic ? (
          <span className="opportunity-card__title">{opportunity.title}</span>
        ) : (
          <Link className="opportunity-card__title" to={buildOpportunityPath(opportunity.id)}>
            {opportunity.title}
          </Link>
        )}
        {score ? <ScoreBadge result={score} /> : null}
      </div>
      {companyName ? <p className="opportunity-card__company">{companyName}</p> : null}
      <p className="opportunity-card__amount">
        {formatMoney(opportunity.amount_cents, language, opportunity.currency)}
      </p>
      <div className="opportunity-card__meta">
        {owner ? (
          <span className="owner-initials" title={owner}>
            <span aria-hidden="true">{getInitials(owner)}</span>
            <span className="visually-hidden">{t('pipeline.card.owner', { name: owner })}</span>
          </span>
        ) : null}
        {opportunity.expected_close_date ? (
          <span className="opportunity-card__date">
            {t('pipeline.card.closeDate', { date: formatCalendarDate(opportunity.expected_close_date, language) })}
          </span>
        ) : null}
      </div>
    </>
  );
}

function GripIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false" width="20" height="20">
      <circle cx="9" cy="6" r="1.6" />
      <circle cx="15" cy="6" r="1.6" />
      <circle cx="9" cy="12" r="1.6" />
      <circle cx="15" cy="12" r="1.6" />
      <circle cx="9" cy="18" r="1.6" />
      <circle cx="15" cy="18" r="1.6" />
    </svg>
  );
}
