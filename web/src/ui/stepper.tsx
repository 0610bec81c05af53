/**
 * Progress through a multi-step form: numbered steps, the done ones ticked, the current one
 * marked (aria-current="step") and announced in words ("Step 2 of 5").
 */
import { CheckIcon } from './icons.tsx';

export type StepperProps = {
  /** Name of the list of steps ("Progress"). */
  readonly label: string;
  readonly steps: readonly string[];
  /** Zero-based index of the current step. */
  readonly currentIndex: number;
  /** "Step 2 of 5", visible above the list. */
  readonly statusText: string;
  /** Accessible suffix for finished steps ("done"). */
  readonly doneLabel: string;
};

export function Stepper({ label, steps, currentIndex, statusText, doneLabel }: StepperProps) {
  return (
    <div className="stepper">
      <p className="stepper__status">{statusText}</p>
      {/* The list below says the same in words; the bar is for the eye only. */}
      <div className="stepper__bar" aria-hidden="true">
        <div className="stepper__bar-fill" style={{ width: `${((currentIndex + 1) / steps.length) * 100}%` }} />
      </div>
      <ol className="stepper__steps" aria-label={label}>
        {steps.map((step, index) => {
          const isDone = index < currentIndex;
          const isCurrent = index === currentIndex;
          return (
            <li
              key={step}
              className={[
                'stepper__step',
                isDone ? 'stepper__step--done' : '',
                isCurrent ? 'stepper__step--current' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              aria-current={isCurrent ? 'step' : undefined}
            >
              <span className="stepper__marker" aria-hidden="true">
                {isDone ? <CheckIcon /> : index + 1}
              </span>
              <span className="stepper__label">
                {step}
                {isDone ? <span className="visually-hidden"> ({doneLabel})</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
