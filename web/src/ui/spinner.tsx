/** A spinner; decorative unless given a label (then announced as a status). */
export type SpinnerProps = {
  readonly size?: 'normal' | 'large';
  /** Accessible text; omit when surrounding text already says what is happening. */
  readonly label?: string;
};

export function Spinner({ size = 'normal', label }: SpinnerProps) {
  const svg = (
    <svg
      className={size === 'large' ? 'spinner spinner--large' : 'spinner'}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeOpacity="0.2" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
  if (!label) return svg;
  return (
    <span role="status">
      {svg}
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

/** Full-area loading state with visible text. */
export function LoadingState({ label }: { readonly label: string }) {
  return (
    <div className="loading-state" role="status" aria-live="polite">
      <Spinner size="large" />
      <p>{label}</p>
    </div>
  );
}
