/**
 * Labelled native select with hint and error, wired like TextField (aria-describedby,
 * aria-invalid). Native on purpose: phones show their own picker, keyboards just work.
 */
import { useId, type Ref, type SelectHTMLAttributes } from 'react';
import { AlertIcon } from './icons.tsx';

export type SelectOption = { readonly value: string; readonly label: string };

export type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'children'> & {
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  readonly options: readonly SelectOption[];
  readonly ref?: Ref<HTMLSelectElement>;
};

export function SelectField({ label, hint, error, options, className, ref, ...selectProps }: SelectFieldProps) {
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
      <div className="field__control">
        <select
          {...selectProps}
          ref={ref}
          id={id}
          className={['field__input', 'field__select', className].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
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
