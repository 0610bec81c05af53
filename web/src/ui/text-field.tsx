/**
 * Labelled input (or multi-line text) with hint and error. The error is tied to the control
 * (aria-describedby, aria-invalid) so screen readers read it with the field; the value is never
 * cleared on error.
 */
import { useState, type InputHTMLAttributes, type Ref, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldFrame } from './field-frame.tsx';
import { EyeIcon, EyeOffIcon } from './icons.tsx';

export type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'children'> & {
  readonly label: string;
  readonly hint?: string;
  /** Translated message; shown under the field and marks it invalid. */
  readonly error?: string | undefined;
  readonly ref?: Ref<HTMLInputElement>;
};

export function TextField({ label, hint, error, className, ref, ...inputProps }: TextFieldProps) {
  return (
    <FieldFrame
      label={label}
      hint={hint}
      error={error}
      renderControl={({ id, describedBy, invalid }) => (
        <input
          {...inputProps}
          ref={ref}
          id={id}
          className={['field__input', className].filter(Boolean).join(' ')}
          aria-invalid={invalid}
          aria-describedby={describedBy}
        />
      )}
    />
  );
}

/** Password input with a show/hide toggle (typing a password on a phone is error-prone). */
export function PasswordField({ label, hint, error, ref, ...inputProps }: Omit<TextFieldProps, 'type'>) {
  const { t } = useTranslation();
  const [isVisible, setIsVisible] = useState(false);
  return (
    <FieldFrame
      label={label}
      hint={hint}
      error={error}
      renderControl={({ id, describedBy, invalid }) => (
        <>
          <input
            {...inputProps}
            ref={ref}
            id={id}
            type={isVisible ? 'text' : 'password'}
            className="field__input field__input--with-toggle"
            aria-invalid={invalid}
            aria-describedby={describedBy}
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
          />
          <button
            type="button"
            className="field__toggle"
            aria-controls={id}
            aria-pressed={isVisible}
            aria-label={t('ui.showPassword')}
            title={isVisible ? t('ui.hidePassword') : t('ui.showPassword')}
            onClick={() => setIsVisible((visible) => !visible)}
          >
            {isVisible ? <EyeOffIcon /> : <EyeIcon />}
          </button>
        </>
      )}
    />
  );
}

export type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'children'> & {
  readonly label: string;
  readonly hint?: string | undefined;
  /** Translated message; shown under the field and marks it invalid. */
  readonly error?: string | undefined;
  readonly ref?: Ref<HTMLTextAreaElement>;
};

/** Multi-line text (notes, descriptions, a loss reason), wired like TextField. */
export function TextAreaField({
  label,
  hint,
  error,
  className,
  ref,
  'aria-invalid': ariaInvalid,
  ...props
}: TextAreaFieldProps) {
  return (
    <FieldFrame
      label={label}
      hint={hint}
      error={error}
      renderControl={({ id, describedBy, invalid }) => (
        <textarea
          {...props}
          ref={ref}
          id={id}
          className={['field__input', 'field__textarea', className].filter(Boolean).join(' ')}
          // A caller may mark it invalid for an error it shows elsewhere (an alert under a form).
          aria-invalid={invalid ?? ariaInvalid}
          aria-describedby={describedBy}
        />
      )}
    />
  );
}
