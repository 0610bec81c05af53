/**
 * A transient message at the bottom of the screen with an optional action ("Annuler" after a
 * delete). One toast at a time: the next replaces it. It lives in a polite live region that
 * exists before it fills, so screen readers announce it; it stays while hovered or focused, so
 * a keyboard user reaching the action is not raced by the timer.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { CloseIcon } from './icons.tsx';
import './toast.css';

export type ToastOptions = {
  readonly message: string;
  /** The action's label ("Annuler"); the action runs once, then the toast closes. */
  readonly actionLabel?: string;
  readonly onAction?: () => unknown;
  /** How long the toast stays (default 6 s). */
  readonly durationMs?: number;
};

type ShowToast = (options: ToastOptions) => void;

const ToastContext = createContext<ShowToast | null>(null);

const DEFAULT_DURATION_MS = 6000;

type CurrentToast = ToastOptions & { readonly key: number };

export function ToastProvider({
  dismissLabel,
  children,
}: {
  readonly dismissLabel: string;
  readonly children: ReactNode;
}) {
  const [toast, setToast] = useState<CurrentToast | null>(null);
  const [isHeld, setIsHeld] = useState(false);
  const nextKey = useRef(0);

  const show = useCallback<ShowToast>((options) => {
    nextKey.current += 1;
    setToast({ ...options, key: nextKey.current });
  }, []);

  useEffect(() => {
    if (!toast || isHeld) return undefined;
    const timer = window.setTimeout(() => setToast(null), toast.durationMs ?? DEFAULT_DURATION_MS);
    return () => window.clearTimeout(timer);
  }, [toast, isHeld]);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div
        className="toast"
        role="status"
        aria-live="polite"
        onMouseEnter={() => setIsHeld(true)}
        onMouseLeave={() => setIsHeld(false)}
        onFocus={() => setIsHeld(true)}
        onBlur={() => setIsHeld(false)}
      >
        {toast ? (
          <div key={toast.key} className="toast__card">
            <p className="toast__message">{toast.message}</p>
            {toast.actionLabel && toast.onAction ? (
              <button
                type="button"
                className="toast__action"
                onClick={() => {
                  const action = toast.onAction;
                  setToast(null);
                  setIsHeld(false);
                  void action?.();
                }}
              >
                {toast.actionLabel}
              </button>
            ) : null}
            <button
              type="button"
              className="toast__dismiss"
              aria-label={dismissLabel}
              onClick={() => {
                setToast(null);
                setIsHeld(false);
              }}
            >
              <CloseIcon />
            </button>
          </div>
        ) : null}
      </div>
    </ToastContext.Provider>
  );
}

/** Shows a toast; outside a ToastProvider (isolated component tests) it does nothing. */
export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  return show ?? ignoreToast;
}

function ignoreToast(): void {}
