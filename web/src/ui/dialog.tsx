/**
 * Modal dialogs (WAI-ARIA dialog pattern): labelled by the title, described by the description,
 * focus moved inside on open and returned on close, Tab kept inside, Escape and the × button
 * close, the rest of the page inert meanwhile (use-modal-layer.ts). Styles: patterns.css.
 * A bottom sheet on phones, a centred card on larger screens.
 */
import { useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { Alert } from './alert.tsx';
import { Button } from './button.tsx';
import { CloseIcon } from './icons.tsx';
import { useModalLayer } from './use-modal-layer.ts';

export type DialogProps = {
  /** Render nothing when false (callers may also mount the dialog conditionally). */
  readonly isOpen?: boolean;
  readonly title: ReactNode;
  /** Read with the title when the dialog opens (aria-describedby). */
  readonly description?: ReactNode;
  /** Escape, the × button and "cancel" buttons call it. */
  readonly onClose: () => void;
  /** Receives focus on open; by default the first field or button. */
  readonly initialFocusRef?: RefObject<HTMLElement | null>;
  readonly children?: ReactNode;
  /** Buttons at the bottom (stacked on phones, in a row on larger screens). */
  readonly footer?: ReactNode;
};

export function Dialog({ isOpen = true, ...props }: DialogProps) {
  return isOpen ? <OpenDialog {...props} /> : null;
}

function OpenDialog({ title, description, onClose, initialFocusRef, children, footer }: Omit<DialogProps, 'isOpen'>) {
  const { t } = useTranslation();
  const titleId = useId();
  const descriptionId = useId();
  const layerRef = useRef<HTMLDivElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const handleKeyDown = useModalLayer({ layerRef, dialogRef, initialFocusRef, onEscape: onClose });

  return createPortal(
    <div
      ref={layerRef}
      className="dialog-backdrop"
      onMouseDown={(event) => {
        // A click on the backdrop (outside the card) dismisses, as Escape does.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div
        ref={dialogRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        onKeyDown={handleKeyDown}
      >
        <div className="dialog__header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="dialog__close" aria-label={t('ui.dismiss')} onClick={onClose}>
            <CloseIcon />
          </button>
        </div>
        {description ? (
          <div id={descriptionId} className="dialog__description">
            {description}
          </div>
        ) : null}
        {children}
        {footer ? <div className="dialog__footer">{footer}</div> : null}
      </div>
    </div>,
    document.body,
  );
}

export type ConfirmDialogProps = {
  readonly isOpen?: boolean;
  readonly title: ReactNode;
  readonly description?: ReactNode;
  readonly children?: ReactNode;
  readonly confirmLabel: string;
  readonly cancelLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  /** While the confirmed action runs: the confirm button shows a spinner and ignores clicks. */
  readonly isBusy?: boolean;
  /** `danger` for irreversible actions (remove, delete). */
  readonly tone?: 'default' | 'danger';
  /** Translated failure of the confirmed action, shown in the dialog so the user can retry or cancel. */
  readonly error?: string | undefined;
};

/** "Are you sure?" — focus starts on Cancel, so Enter never confirms a destructive action by accident. */
export function ConfirmDialog({
  isOpen = true,
  title,
  description,
  children,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
  isBusy = false,
  tone = 'default',
  error,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      isOpen={isOpen}
      title={title}
      {...(description === undefined ? {} : { description })}
      onClose={onCancel}
      initialFocusRef={cancelRef}
      footer={
        <>
          <Button ref={cancelRef} variant="secondary" onClick={onCancel}>
            {cancelLabel}
          </Button>
          <Button variant={tone === 'danger' ? 'danger' : 'primary'} isBusy={isBusy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error ? <Alert tone="error">{error}</Alert> : null}
    </Dialog>
  );
}
