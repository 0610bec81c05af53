/**
 * Labelled native select with hint and error, wired like TextField (aria-describedby,
 * aria-invalid). Native on purpose: phones show their own picker, keyboards just work.
 */
import type { Ref, SelectHTMLAttributes } from 'react';
import { FieldFrame } from './field-frame.tsx';

export type SelectOption = { readonly value: string; readonly label: string };

export type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'children'> & {
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  readonly options: readonly SelectOption[];
  readonly ref?: Ref<HTMLSelectElement>;
};

export function SelectField({ label, hint, error, options, className, ref, ...selectProps }: SelectFieldProps) {
  return (
    <FieldFrame
      label={label}
      hint={hint}
      error={error}
      renderControl={({ id, describedBy, invalid }) => (
        <select
          {...selectProps}
          ref={ref}
          id={id}
          className={['field__input', 'field__select', className].filter(Boolean).join(' ')}
          aria-invalid={invalid}
          aria-describedby={describedBy}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}
