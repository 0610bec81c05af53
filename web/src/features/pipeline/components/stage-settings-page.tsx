/**
 * /parametres/pipeline — the company's stages (owner, admin, manager per the matrix resource
 * `pipeline_stages`): rename, reorder (drag the grip, or keyboard: Space, arrows, Space; or the
 * ↑ ↓ buttons), change the default probability, add and remove open stages. The won and lost
 * stages stay fixed at the end (the server's closing rules depend on them). A stage that still
 * holds opportunities cannot be removed: the page says how many to move first. Every change is a
 * local write (works offline, synced later).
 */
import { useMemo, useState } from 'react';
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useTranslation } from 'react-i18next';
import type { PipelineStage } from '@shared/sales/index.ts';
import { createRow, deleteRow, updateRow, UNDO_WINDOW_MS } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import {
  Alert,
  AppLink,
  Badge,
  Button,
  Card,
  LoadingState,
  PageHeader,
  PlusIcon,
  TextField,
  TrashIcon,
  usePageTitle,
  useToast,
} from '@web/ui/index.ts';
import type { PipelineContext } from '../hooks/use-pipeline-context.ts';
import { useOpportunities, useStages } from '../hooks/use-pipeline-rows.ts';
import { getStageLabel, KIND_KEYS, STAGE_KEYS } from '../internal/labels.ts';
import { PIPELINE_PATHS } from '../paths.ts';
import { PipelineGate } from './pipeline-gate.tsx';
import './pipeline.css';

export function StageSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('pipeline.settings.title'));
  return (
    <div className="stack pipeline-page">
      <AppLink to={PIPELINE_PATHS.board}>{t('pipeline.common.back')}</AppLink>
      <PageHeader title={t('pipeline.settings.title')} intro={t('pipeline.settings.intro')} />
      <PipelineGate>
        {(context) =>
          context.canManageStages ? (
            <StageSettings context={context} />
          ) : (
            <Alert tone="info">{t('pipeline.settings.noAccess')}</Alert>
          )
        }
      </PipelineGate>
    </div>
  );
}

/** Positions after a reorder: open stages 0..n-1 in their new order, then won and lost. */
function listPositionChanges(open: readonly PipelineStage[], closed: readonly PipelineStage[]) {
  return [...open, ...closed]
    .map((stage, position) => ({ stage, position }))
    .filter(({ stage, position }) => stage.position !== position);
}

function StageSettings({ context: _context }: { readonly context: PipelineContext }) {
  const { t } = useTranslation();
  const showToast = useToast();
  const translateError = useTranslateError();
  const stages = useStages();
  const opportunities = useOpportunities();
  const [notice, setNotice] = useState<string | null>(null);
  const counts = useMemo(() => {
    const byStage = new Map<string, number>();
    for (const opportunity of opportunities ?? []) {
      byStage.set(opportunity.stage_id, (byStage.get(opportunity.stage_id) ?? 0) + 1);
    }
    return byStage;
  }, [opportunities]);
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 8 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  if (stages === undefined) return <LoadingState label={t('pipeline.common.loading')} />;
  const open = stages.filter((stage) => stage.kind === 'open');
  const closed = stages.filter((stage) => stage.kind !== 'open');
  const nameOf = (id: string | number) => {
    const stage = stages.find((candidate) => candidate.id === id);
    return stage ? getStageLabel(stage, t) : '';
  };
  const positionOf = (id: string | number) => open.findIndex((stage) => stage.id === id) + 1;

  const run = async (action: () => Promise<unknown>) => {
    setNotice(null);
    try {
      await action();
    } catch (error) {
      setNotice(translateError(error));
    }
  };

  const reorder = (next: readonly PipelineStage[]) =>
    run(async () => {
      for (const { stage, position } of listPositionChanges(next, closed)) {
        await updateRow('pipeline_stages', stage.id, { position });
      }
    });

  const move = (index: number, step: number) => {
    const target = index + step;
    if (target < 0 || target >= open.length) return;
    void reorder(arrayMove(open, index, target));
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = open.findIndex((stage) => stage.id === active.id);
    const to = open.findIndex((stage) => stage.id === over.id);
    if (from >= 0 && to >= 0) void reorder(arrayMove(open, from, to));
  };

  const add = () =>
    run(async () => {
      const name = t('pipeline.settings.newStageName', { number: open.length + 1 });
      // Room at the end of the open stages: won and lost move one step right.
      for (const [offset, stage] of closed.entries()) {
        const position = open.length + 1 + offset;
        if (stage.position !== position) await updateRow('pipeline_stages', stage.id, { position });
      }
      await createRow('pipeline_stages', { name, position: open.length, probability: 50, kind: 'open' });
      showToast({ message: t('pipeline.settings.added', { name }) });
    });

  const remove = (stage: PipelineStage) => {
    const name = getStageLabel(stage, t);
    const count = counts.get(stage.id) ?? 0;
    if (count > 0) {
      setNotice(t('pipeline.settings.notEmpty', { name, count }));
      return;
    }
    if (open.length <= 1) {
      setNotice(t('pipeline.settings.lastOpen'));
      return;
    }
    void run(async () => {
      const { undo } = await deleteRow('pipeline_stages', stage.id);
      showToast({
        message: t('pipeline.settings.removed', { name }),
        actionLabel: t('pipeline.common.undo'),
        durationMs: UNDO_WINDOW_MS,
        onAction: undo,
      });
    });
  };

  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      t('pipeline.settings.dnd.pickedUp', { name: nameOf(active.id), position: positionOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over
        ? t('pipeline.settings.dnd.over', { name: nameOf(active.id), position: positionOf(over.id) })
        : t('pipeline.settings.dnd.notOver', { name: nameOf(active.id) }),
    onDragEnd: ({ active, over }) =>
      over
        ? t('pipeline.settings.dnd.dropped', { name: nameOf(active.id), position: positionOf(over.id) })
        : t('pipeline.settings.dnd.cancelled', { name: nameOf(active.id) }),
    onDragCancel: ({ active }) => t('pipeline.settings.dnd.cancelled', { name: nameOf(active.id) }),
  };

  return (
    <div className="stack">
      {notice ? (
        <Alert tone="warning" title={t('pipeline.settings.cannotRemove')}>
          {notice}
        </Alert>
      ) : null}
      <Card title={t('pipeline.settings.openStages')} subtitle={t('pipeline.settings.reorderHint')}>
        <DndContext
          sensors={sensors}
          collisionDetection={closestCenter}
          accessibility={{
            announcements,
            screenReaderInstructions: { draggable: t('pipeline.settings.dnd.instructions') },
          }}
          onDragEnd={onDragEnd}
        >
          <SortableContext items={open.map((stage) => stage.id)} strategy={verticalListSortingStrategy}>
            <ol className="stage-settings">
              {open.map((stage, index) => (
                <SortableStageRow
                  key={stage.id}
                  stage={stage}
                  count={counts.get(stage.id) ?? 0}
                  isFirst={index === 0}
                  isLast={index === open.length - 1}
                  onMove={(step) => move(index, step)}
                  onRemove={() => remove(stage)}
                  onSave={(fields) => void run(() => updateRow('pipeline_stages', stage.id, fields))}
                />
              ))}
            </ol>
          </SortableContext>
        </DndContext>
        <div className="form-actions">
          <Button variant="secondary" onClick={() => void add()}>
            <PlusIcon className="button__icon" />
            {t('pipeline.settings.add')}
          </Button>
        </div>
      </Card>
      <Card title={t('pipeline.settings.closedStages')} subtitle={t('pipeline.settings.closedHint')}>
        <ol className="stage-settings">
          {closed.map((stage) => (
            <li key={stage.id} className="stage-settings__row">
              <StageEditor
                // A change synced from elsewhere resets the fields to the stored values.
                key={`${stage.name ?? ''}:${stage.probability}`}
                stage={stage}
                count={counts.get(stage.id) ?? 0}
                onSave={(fields) => void run(() => updateRow('pipeline_stages', stage.id, fields))}
              />
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}

type StageRowProps = {
  readonly stage: PipelineStage;
  readonly count: number;
  readonly isFirst: boolean;
  readonly isLast: boolean;
  readonly onMove: (step: number) => void;
  readonly onRemove: () => void;
  readonly onSave: (fields: Record<string, unknown>) => void;
};

function SortableStageRow({ stage, count, isFirst, isLast, onMove, onRemove, onSave }: StageRowProps) {
  const { t } = useTranslation();
  const name = getStageLabel(stage, t);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: stage.id,
    attributes: { roleDescription: t('pipeline.settings.dnd.roleDescription') },
  });
  return (
    <li
      ref={setNodeRef}
      className={isDragging ? 'stage-settings__row stage-settings__row--dragging' : 'stage-settings__row'}
      style={{ transform: CSS.Transform.toString(transform), transition }}
    >
      <button
        ref={setActivatorNodeRef}
        type="button"
        className="stage-settings__handle"
        aria-label={t('pipeline.settings.reorder', { name })}
        {...attributes}
        {...listeners}
      >
        <span aria-hidden="true">⠿</span>
      </button>
      <StageEditor key={`${stage.name ?? ''}:${stage.probability}`} stage={stage} count={count} onSave={onSave} />
      <div className="stage-settings__actions">
        <Button
          variant="ghost"
          size="small"
          disabled={isFirst}
          aria-label={t('pipeline.settings.moveUp', { name })}
          onClick={() => onMove(-1)}
        >
          ↑
        </Button>
        <Button
          variant="ghost"
          size="small"
          disabled={isLast}
          aria-label={t('pipeline.settings.moveDown', { name })}
          onClick={() => onMove(1)}
        >
          ↓
        </Button>
        <Button variant="ghost" size="small" aria-label={t('pipeline.settings.remove', { name })} onClick={onRemove}>
          <TrashIcon className="button__icon" />
        </Button>
      </div>
    </li>
  );
}

/** Name and probability of one stage, saved when the field is left (if changed and valid). */
function StageEditor({
  stage,
  count,
  onSave,
}: {
  readonly stage: PipelineStage;
  readonly count: number;
  readonly onSave: (fields: Record<string, unknown>) => void;
}) {
  const { t } = useTranslation();
  const defaultName = stage.key ? t(STAGE_KEYS[stage.key]) : '';
  const [name, setName] = useState(stage.name ?? '');
  const [probability, setProbability] = useState(String(stage.probability));
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [probabilityError, setProbabilityError] = useState<string | undefined>(undefined);
  const isClosed = stage.kind !== 'open';
  const label = getStageLabel(stage, t);

  const saveName = () => {
    const trimmed = name.trim();
    // A default stage without a name shows its translated name again; a custom one needs a name.
    if (trimmed === '' && stage.key === null) {
      setNameError(t('pipeline.errors.required'));
      return;
    }
    if (trimmed.length > 60) {
      setNameError(t('pipeline.errors.too_long'));
      return;
    }
    setNameError(undefined);
    const next = trimmed === '' ? null : trimmed;
    if (next !== stage.name) onSave({ name: next });
  };
  const saveProbability = () => {
    const value = Number(probability.trim());
    if (!/^\d+$/.test(probability.trim()) || value > 100) {
      setProbabilityError(t('pipeline.errors.probability'));
      return;
    }
    setProbabilityError(undefined);
    if (value !== stage.probability) onSave({ probability: value });
  };

  return (
    <div className="stage-settings__fields">
      <TextField
        label={t('pipeline.settings.name', { name: label })}
        value={name}
        placeholder={defaultName || undefined}
        maxLength={60}
        error={nameError}
        onChange={(event) => setName(event.target.value)}
        onBlur={saveName}
      />
      <TextField
        label={t('pipeline.settings.probability', { name: label })}
        inputMode="numeric"
        value={probability}
        disabled={isClosed}
        error={probabilityError}
        onChange={(event) => setProbability(event.target.value)}
        onBlur={saveProbability}
      />
      <p className="stage-settings__meta">
        {isClosed ? <Badge tone="info">{t(KIND_KEYS[stage.kind])}</Badge> : null}{' '}
        {t('pipeline.settings.count', { count })}
      </p>
    </div>
  );
}
