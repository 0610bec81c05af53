/** Labelled multi-line text (notes), wired like TextField: error tied with aria-describedby. */
import { useId, type TextareaHTMLAttributes } from 'react';
import { AlertIcon } from '@web/ui/index.ts';

export type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'children'> & {
  readonly label: string;
  readonly error?: string | undefined;
};

export function TextAreaField({ label, error, className, ...props }: TextAreaFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="field__control">
        <textarea
          {...props}
          id={id}
          className={['field__input', 'field__textarea', className].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </div>
      {error ? (
        <p className="field__error" id={errorId}>
          <AlertIcon className="alert__icon" />
          {error}
        </p>
      ) : null}
    </div>
  );
}
