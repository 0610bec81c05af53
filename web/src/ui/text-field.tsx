/**
 * Labelled input with hint and error. The error is tied to the input (aria-describedby,
 * aria-invalid) so screen readers read it with the field; the value is never cleared on error.
 */
import { useId, useState, type InputHTMLAttributes, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertIcon, EyeIcon, EyeOffIcon } from './icons.tsx';

export type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'children'> & {
  readonly label: string;
  readonly hint?: string;
  /** Translated message; shown under the field and marks it invalid. */
  readonly error?: string | undefined;
  readonly ref?: Ref<HTMLInputElement>;
};

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}

export function TextField({ label, hint, error, className, ref, ...inputProps }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
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
        <input
          {...inputProps}
          ref={ref}
          id={id}
          className={['field__input', className].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(hint && hintId, error && errorId)}
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

/** Password input with a show/hide toggle (typing a password on a phone is error-prone). */
export function PasswordField({ label, hint, error, ref, ...inputProps }: Omit<TextFieldProps, 'type'>) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [isVisible, setIsVisible] = useState(false);
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
        <input
          {...inputProps}
          ref={ref}
          id={id}
          type={isVisible ? 'text' : 'password'}
          className="field__input field__input--with-toggle"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(hint && hintId, error && errorId)}
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
