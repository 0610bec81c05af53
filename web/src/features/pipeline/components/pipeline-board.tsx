/**
 * The Kanban board: one column per stage (count, total and weighted total in its sticky header),
 * cards sorted by score, close date or amount. Cards move with @dnd-kit:
 *   - mouse: drag after 8 px (a click still opens the card);
 *   - touch: long press (250 ms) then drag, so a swipe still scrolls the board;
 *   - keyboard: the card's grip button — Space/Enter picks it up, ← → go to the previous/next
 *     column, Space/Enter drops, Escape cancels; every step is announced in the user's language.
 * A drop writes `stage_id` locally (useStageMove: offline-safe, undoable); a lost column asks for
 * the reason first. On a phone the board scrolls one column at a time (scroll snap).
 */
import { useMemo, useRef, useState } from 'react';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  pointerWithin,
  rectIntersection,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { useTranslation } from 'react-i18next';
import { summariseStages, type StageSummary } from '@shared/pipeline/index.ts';
import type { Opportunity, PipelineStage } from '@shared/sales/index.ts';
import { useLanguage } from '@web/i18n/index.ts';
import type { PipelineContext } from '../hooks/use-pipeline-context.ts';
import { useStageMove } from '../hooks/use-stage-move.tsx';
import { sortOpportunities, type SortOrder } from '../internal/filters.ts';
import { formatMoney } from '../internal/format.ts';
import { getStageLabel } from '../internal/labels.ts';
import type { ScoreMap } from '../internal/scores.ts';
import { DraggableOpportunityCard, OpportunityCardPreview } from './opportunity-card.tsx';

export type PipelineBoardProps = {
  readonly stages: readonly PipelineStage[];
  /** Already filtered. */
  readonly opportunities: readonly Opportunity[];
  readonly scores: ScoreMap;
  readonly sort: SortOrder;
  readonly companyNames: ReadonlyMap<string, string>;
  readonly context: PipelineContext;
};

type DragData = { readonly opportunity?: Opportunity };

export function PipelineBoard({ stages, opportunities, scores, sort, companyNames, context }: PipelineBoardProps) {
  const { t } = useTranslation();
  const { requestMove, dialog } = useStageMove();
  const [active, setActive] = useState<Opportunity | null>(null);
  // The column a keyboard drag points at: keyboard moves go column to column by stage order, not
  // by geometry, so they work whatever the layout (and in tests, where nothing has a size).
  const keyboardTarget = useRef<UniqueIdentifier | null>(null);
  const stageIds = useMemo(() => stages.map((stage) => stage.id), [stages]);
  const stagesById = useMemo(() => new Map(stages.map((stage) => [stage.id, stage])), [stages]);
  const summaries = useMemo(
    () => new Map(summariseStages(opportunities, stages).map((summary) => [summary.stage_id, summary])),
    [opportunities, stages],
  );
  const columns = useMemo(() => {
    const byStage = new Map<string, Opportunity[]>(stages.map((stage) => [stage.id, []]));
    for (const opportunity of opportunities) byStage.get(opportunity.stage_id)?.push(opportunity);
    return new Map([...byStage].map(([id, list]) => [id, sortOpportunities(list, sort, scores)]));
  }, [opportunities, stages, sort, scores]);

  const coordinateGetter: KeyboardCoordinateGetter = (event, { currentCoordinates, context: dnd }) => {
    const step = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return undefined;
    event.preventDefault();
    const activeData = dnd.active?.data.current as DragData | undefined;
    const from = keyboardTarget.current ?? activeData?.opportunity?.stage_id ?? null;
    const index = from === null ? -1 : stageIds.indexOf(String(from));
    const next = stageIds[Math.min(stageIds.length - 1, Math.max(0, index + step))];
    if (next === undefined || next === from) return undefined;
    keyboardTarget.current = next;
    const rect = dnd.droppableRects.get(next);
    // Over the target column when it has a size; else a nudge, so the sensor reports a move.
    return rect && rect.width > 0
      ? { x: rect.left + 8, y: Math.max(rect.top + 48, currentCoordinates.y) }
      : { x: currentCoordinates.x + step, y: currentCoordinates.y };
  };

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 8 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter }),
  );

  const collisionDetection: CollisionDetection = (args) => {
    const target = keyboardTarget.current;
    if (target !== null) {
      const container = args.droppableContainers.find((candidate) => candidate.id === target);
      return container ? [{ id: target, data: { droppableContainer: container, value: 0 } }] : [];
    }
    const within = pointerWithin(args);
    return within.length > 0 ? within : rectIntersection(args);
  };

  const titleOf = (id: UniqueIdentifier) => opportunities.find((opportunity) => opportunity.id === id)?.title ?? '';
  const stageNameOf = (id: UniqueIdentifier | undefined) => {
    const stage = id === undefined ? undefined : stagesById.get(String(id));
    return stage ? getStageLabel(stage, t) : '';
  };
  const announcements: Announcements = {
    onDragStart: ({ active: dragged }) =>
      t('pipeline.dnd.pickedUp', {
        title: titleOf(dragged.id),
        stage: stageNameOf((dragged.data.current as DragData | undefined)?.opportunity?.stage_id),
      }),
    onDragOver: ({ active: dragged, over }) =>
      over
        ? t('pipeline.dnd.over', { title: titleOf(dragged.id), stage: stageNameOf(over.id) })
        : t('pipeline.dnd.notOver', { title: titleOf(dragged.id) }),
    onDragEnd: ({ active: dragged, over }) =>
      over
        ? t('pipeline.dnd.dropped', { title: titleOf(dragged.id), stage: stageNameOf(over.id) })
        : t('pipeline.dnd.droppedNowhere', { title: titleOf(dragged.id) }),
    onDragCancel: ({ active: dragged }) => t('pipeline.dnd.cancelled', { title: titleOf(dragged.id) }),
  };

  const onDragStart = (event: DragStartEvent) => {
    keyboardTarget.current = null;
    setActive((event.active.data.current as DragData | undefined)?.opportunity ?? null);
  };
  const onDragEnd = (event: DragEndEvent) => {
    keyboardTarget.current = null;
    setActive(null);
    const opportunity = (event.active.data.current as DragData | undefined)?.opportunity;
    const stage = event.over ? stagesById.get(String(event.over.id)) : undefined;
    if (opportunity && stage) void requestMove(opportunity, stage);
  };
  const onDragCancel = () => {
    keyboardTarget.current = null;
    setActive(null);
  };

  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        accessibility={{
          announcements,
          screenReaderInstructions: { draggable: t('pipeline.dnd.instructions') },
        }}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
      >
        <div className="pipeline-board" role="region" aria-label={t('pipeline.board.label')} tabIndex={0}>
          {stages.map((stage) => (
            <StageColumn
              key={stage.id}
              stage={stage}
              summary={summaries.get(stage.id)}
              opportunities={columns.get(stage.id) ?? []}
              scores={scores}
              companyNames={companyNames}
              context={context}
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>
          {active ? (
            <OpportunityCardPreview
              opportunity={active}
              companyName={active.company_id ? companyNames.get(active.company_id) : undefined}
              score={scores.get(active.id)}
              context={context}
              canMove
            />
          ) : null}
        </DragOverlay>
      </DndContext>
      {dialog}
    </>
  );
}

function StageColumn({
  stage,
  summary,
  opportunities,
  scores,
  companyNames,
  context,
}: {
  readonly stage: PipelineStage;
  readonly summary: StageSummary | undefined;
  readonly opportunities: readonly Opportunity[];
  readonly scores: ScoreMap;
  readonly companyNames: ReadonlyMap<string, string>;
  readonly context: PipelineContext;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, data: { stage } });
  const name = getStageLabel(stage, t);
  const headingId = `stage-${stage.id}`;
  return (
    <section
      ref={setNodeRef}
      className={['pipeline-column', `pipeline-column--${stage.kind}`, isOver ? 'pipeline-column--over' : '']
        .filter(Boolean)
        .join(' ')}
      aria-labelledby={headingId}
      data-stage-id={stage.id}
    >
      <header className="pipeline-column__header">
        <h2 id={headingId} className="pipeline-column__title">
          {name} <span className="pipeline-column__count">{summary?.count ?? 0}</span>
        </h2>
        <dl className="pipeline-column__totals">
          <div>
            <dt>{t('pipeline.board.total')}</dt>
            <dd data-testid="stage-total">{formatMoney(summary?.total_cents ?? 0, language)}</dd>
          </div>
          <div>
            <dt>{t('pipeline.board.weighted')}</dt>
            <dd data-testid="stage-weighted">{formatMoney(summary?.weighted_cents ?? 0, language)}</dd>
          </div>
        </dl>
      </header>
      {opportunities.length === 0 ? (
        <p className="pipeline-column__empty">{t('pipeline.board.emptyColumn')}</p>
      ) : (
        <ul className="pipeline-column__cards" aria-labelledby={headingId}>
          {opportunities.map((opportunity) => (
            <li key={opportunity.id}>
              <DraggableOpportunityCard
                opportunity={opportunity}
                companyName={opportunity.company_id ? companyNames.get(opportunity.company_id) : undefined}
                score={scores.get(opportunity.id)}
                context={context}
                canMove={context.canEdit(opportunity.owner_id)}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
