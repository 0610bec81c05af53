/** A checkbox with its label and an optional hint, the whole row clickable (44 px target). */
import { useId, type InputHTMLAttributes } from 'react';

export type CheckboxFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type' | 'children'> & {
  readonly label: string;
  readonly hint?: string | undefined;
};

export function CheckboxField({ label, hint, className, ...inputProps }: CheckboxFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={['checkbox-field', className].filter(Boolean).join(' ')}>
      <input
        {...inputProps}
        id={id}
        type="checkbox"
        className="checkbox-field__input"
        aria-describedby={hint ? hintId : undefined}
      />
      <div className="checkbox-field__text">
        <label className="checkbox-field__label" htmlFor={id}>
          {label}
        </label>
        {hint ? (
          <p className="field__hint" id={hintId}>
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
