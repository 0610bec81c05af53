/**
 * Asked before an opportunity enters a lost stage: why it was lost (the database refuses a lost
 * opportunity without a reason). Cancelling leaves the opportunity where it was.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, TextAreaField } from '@web/ui/index.ts';

/** The database's limit (opportunities.loss_reason ≤ 500 characters). */
export const MAX_LOSS_REASON = 500;

export type LossReasonDialogProps = {
  readonly title: string;
  readonly stageName: string;
  readonly initialReason: string;
  readonly onConfirm: (reason: string) => void;
  readonly onCancel: () => void;
  readonly isBusy?: boolean;
};

export function LossReasonDialog({
  title,
  stageName,
  initialReason,
  onConfirm,
  onCancel,
  isBusy = false,
}: LossReasonDialogProps) {
  const { t } = useTranslation();
  const formId = useId();
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState(initialReason);
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (trimmed === '') {
      setError(t('pipeline.lossDialog.required'));
      fieldRef.current?.focus();
      return;
    }
    if (trimmed.length > MAX_LOSS_REASON) {
      setError(t('pipeline.errors.too_long'));
      fieldRef.current?.focus();
      return;
    }
    onConfirm(trimmed);
  };

  return (
    <Dialog
      title={t('pipeline.lossDialog.title')}
      description={t('pipeline.lossDialog.description', { title, stage: stageName })}
      onClose={onCancel}
      initialFocusRef={fieldRef}
      footer={
        <>
          <Button variant="secondary" onClick={onCancel}>
            {t('pipeline.common.cancel')}
          </Button>
          <Button type="submit" form={formId} isBusy={isBusy}>
            {t('pipeline.lossDialog.confirm')}
          </Button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={submit}>
        <TextAreaField
          ref={fieldRef}
          label={t('pipeline.fields.loss_reason')}
          name="loss_reason"
          rows={3}
          value={reason}
          error={error}
          onChange={(event) => {
            setReason(event.target.value);
            setError(undefined);
          }}
        />
      </form>
    </Dialog>
  );
}
