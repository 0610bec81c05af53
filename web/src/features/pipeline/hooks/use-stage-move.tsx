/**
 * Moving an opportunity to another stage, the same way from the board, the list and the
 * opportunity page: one local write (`stage_id`, replica + outbox, synced later; works offline)
 * with "Annuler" in a toast. A lost stage first asks for the loss reason; cancelling that dialog
 * leaves the opportunity where it was. A won stage writes nothing else: the server sets closed_at
 * and records the stage history when the write arrives.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Opportunity, PipelineStage } from '@shared/sales/index.ts';
import { updateRow } from '@web/lib/db/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { useToast } from '@web/ui/index.ts';
import { LossReasonDialog } from '../components/loss-reason-dialog.tsx';
import { getStageLabel } from '../internal/labels.ts';

type PendingMove = { readonly opportunity: Opportunity; readonly stage: PipelineStage };

export type StageMove = {
  /** Moves at once, or opens the loss-reason dialog for a lost stage. Resolves when written or asked. */
  readonly requestMove: (opportunity: Opportunity, stage: PipelineStage) => Promise<void>;
  /** The loss-reason dialog while one is open (render it somewhere on the page). */
  readonly dialog: ReactNode;
};

export function useStageMove(): StageMove {
  const { t } = useTranslation();
  const showToast = useToast();
  const translateError = useTranslateError();
  const [pending, setPending] = useState<PendingMove | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const write = async (opportunity: Opportunity, stage: PipelineStage, extra: Record<string, unknown>) => {
    const stageName = getStageLabel(stage, t);
    try {
      const { undo } = await updateRow('opportunities', opportunity.id, { stage_id: stage.id, ...extra });
      showToast({
        message: t('pipeline.board.moved', { title: opportunity.title, stage: stageName }),
        actionLabel: t('pipeline.common.undo'),
        onAction: undo,
      });
    } catch (error) {
      showToast({ message: t('pipeline.board.moveFailed', { reason: translateError(error) }) });
    }
  };

  const requestMove = async (opportunity: Opportunity, stage: PipelineStage) => {
    if (opportunity.stage_id === stage.id) return;
    if (stage.kind === 'lost') {
      setPending({ opportunity, stage });
      return;
    }
    await write(opportunity, stage, {});
  };

  const dialog = pending ? (
    <LossReasonDialog
      title={pending.opportunity.title}
      stageName={getStageLabel(pending.stage, t)}
      initialReason={pending.opportunity.loss_reason ?? ''}
      isBusy={isBusy}
      onCancel={() => setPending(null)}
      onConfirm={(reason) => {
        setIsBusy(true);
        void write(pending.opportunity, pending.stage, { loss_reason: reason }).finally(() => {
          setIsBusy(false);
          setPending(null);
        });
      }}
    />
  ) : null;

  return { requestMove, dialog };
}
