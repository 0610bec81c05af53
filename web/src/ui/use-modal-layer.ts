/**
 * What every modal surface needs (WAI-ARIA dialog pattern): while it is mounted, everything else
 * on the page is `inert` (no focus, no clicks, hidden from assistive technology) and does not
 * scroll; focus moves inside on open and returns where it was on close; Tab and Shift+Tab stay
 * inside; Escape calls `onEscape` when there is one.
 */
import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** Focusable elements inside `root`, in tab order (document order; we never use tabindex > 0). */
export function listFocusable(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => element.tabIndex >= 0 && !element.closest('[inert], [hidden]'),
  );
}

/** Where focus lands by default: the first field to fill in, else the first control. */
function findInitialFocus(root: HTMLElement): HTMLElement | undefined {
  const focusable = listFocusable(root);
  return focusable.find((element) => element.matches('input, select, textarea')) ?? focusable[0];
}

/** Makes every other child of <body> inert; returns how to undo exactly what it did. */
function makeSiblingsInert(keep: HTMLElement): () => void {
  const changed: { element: HTMLElement; ariaHidden: string | null }[] = [];
  for (const child of document.body.children) {
    if (child === keep || !(child instanceof HTMLElement) || child.hasAttribute('inert')) continue;
    if (child.tagName === 'SCRIPT' || child.tagName === 'TEMPLATE') continue;
    // aria-hidden too: for assistive technology in browsers without `inert` (Safari < 15.5).
    const ariaHidden = child.getAttribute('aria-hidden');
    child.setAttribute('inert', '');
    child.setAttribute('aria-hidden', 'true');
    changed.push({ element: child, ariaHidden });
  }
  return () => {
    for (const { element, ariaHidden } of changed) {
      element.removeAttribute('inert');
      if (ariaHidden === null) element.removeAttribute('aria-hidden');
      else element.setAttribute('aria-hidden', ariaHidden);
    }
  };
}

export type ModalLayerOptions = {
  /** The element rendered into <body> (the portal's root): it stays interactive. */
  readonly layerRef: RefObject<HTMLElement | null>;
  /** The dialog itself: focus is kept inside it. */
  readonly dialogRef: RefObject<HTMLElement | null>;
  /** Receives focus on open; by default the first field, else the first control, else the dialog. */
  readonly initialFocusRef?: RefObject<HTMLElement | null> | undefined;
  /** Escape; without it, Escape does nothing (e.g. the lock screen). */
  readonly onEscape?: (() => void) | undefined;
};

/** Sets the layer up for as long as the component is mounted; returns the dialog's keydown handler. */
export function useModalLayer({ layerRef, dialogRef, initialFocusRef, onEscape }: ModalLayerOptions) {
  const onEscapeRef = useRef(onEscape);

  useEffect(() => {
    onEscapeRef.current = onEscape;
  }, [onEscape]);

  useEffect(() => {
    const layer = layerRef.current;
    const dialog = dialogRef.current;
    if (!layer || !dialog) return undefined;
    const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const restoreInert = makeSiblingsInert(layer);
    const previousOverflow = document.body.style.overflow;
    // The page behind must not scroll under a phone user's thumb.
    document.body.style.overflow = 'hidden';
    const target = initialFocusRef?.current ?? findInitialFocus(dialog) ?? dialog;
    target.focus({ preventScroll: true });
    return () => {
      restoreInert();
      document.body.style.overflow = previousOverflow;
      if (previouslyFocused?.isConnected) previouslyFocused.focus({ preventScroll: true });
    };
    // Once per opening: modal surfaces are mounted when open and unmounted when closed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      if (!onEscapeRef.current) return;
      event.stopPropagation();
      event.preventDefault();
      onEscapeRef.current();
      return;
    }
    const dialog = dialogRef.current;
    if (event.key !== 'Tab' || !dialog) return;
    const focusable = listFocusable(dialog);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };
}
