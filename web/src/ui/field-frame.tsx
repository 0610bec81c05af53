/**
 * The frame every labelled control shares (TextField, PasswordField, TextAreaField, SelectField):
 * label, hint, the control, error. The control gets `describedBy` and `invalid` to put on itself,
 * so screen readers read the hint and the error with the field.
 */
import { useId, type ReactNode } from 'react';
import { AlertIcon } from './icons.tsx';

export type FieldControl = {
  readonly id: string;
  /** aria-describedby for the control: the hint and the error, when shown. */
  readonly describedBy: string | undefined;
  /** aria-invalid for the control. */
  readonly invalid: true | undefined;
};

export type FieldFrameProps = {
  readonly label: string;
  readonly hint?: string | undefined;
  /** Translated message; shown under the field and marks it invalid. */
  readonly error?: string | undefined;
  readonly renderControl: (control: FieldControl) => ReactNode;
};

export function FieldFrame({ label, hint, error, renderControl }: FieldFrameProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <div className="field__control">{renderControl({ id, describedBy, invalid: error ? true : undefined })}</div>
      {error ? (
        <p className="field__error" id={errorId}>
          <AlertIcon className="alert__icon" />
          {error}
        </p>
      ) : null}
    </div>
  );
}
