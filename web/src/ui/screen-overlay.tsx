/**
 * A modal surface covering the whole viewport with an opaque background (the inactivity lock):
 * nothing of the page stays readable behind it, the page is `inert`, focus stays inside, and it
 * cannot be dismissed with Escape — only by what its content offers (unlock, sign out).
 */
import { useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { LogoMark } from './icons.tsx';
import { useModalLayer } from './use-modal-layer.ts';
import './screen-overlay.css';

export type ScreenOverlayProps = {
  readonly title: ReactNode;
  /** Read with the title when the overlay appears (aria-describedby). */
  readonly description?: ReactNode;
  /** Receives focus on open; by default the first field or button. */
  readonly initialFocusRef?: RefObject<HTMLElement | null>;
  /** Top-right corner (e.g. the language switch). */
  readonly corner?: ReactNode;
  readonly children?: ReactNode;
  /** Under the card (e.g. "Not you? Sign out"). */
  readonly footer?: ReactNode;
};

export function ScreenOverlay({ title, description, initialFocusRef, corner, children, footer }: ScreenOverlayProps) {
  const titleId = useId();
  const descriptionId = useId();
  const layerRef = useRef<HTMLDivElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const handleKeyDown = useModalLayer({ layerRef, dialogRef, initialFocusRef });

  return createPortal(
    <div ref={layerRef} className="screen-overlay">
      <div
        ref={dialogRef}
        className="screen-overlay__dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        onKeyDown={handleKeyDown}
      >
        {corner ? <div className="screen-overlay__corner">{corner}</div> : null}
        <div className="screen-overlay__card">
          <LogoMark className="screen-overlay__logo" />
          <h1 id={titleId} className="screen-overlay__title">
            {title}
          </h1>
          {description ? (
            <div id={descriptionId} className="screen-overlay__description">
              {description}
            </div>
          ) : null}
          {children}
        </div>
        {footer ? <div className="screen-overlay__footer">{footer}</div> : null}
      </div>
    </div>,
    document.body,
  );
}
