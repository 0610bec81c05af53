/**
 * Radio choices shown as cards with a description each (business vertical, role). A fieldset
 * with a legend, native radios: arrow keys move between choices, the group has one tab stop.
 */
import { useId, type Ref } from 'react';
import { AlertIcon } from './icons.tsx';

export type Choice = {
  readonly value: string;
  readonly label: string;
  readonly description?: string;
  readonly isDisabled?: boolean;
};

export type ChoiceGroupProps = {
  readonly legend: string;
  /** Hide the legend visually (a heading already names the group). */
  readonly isLegendHidden?: boolean;
  readonly hint?: string | undefined;
  readonly name: string;
  readonly choices: readonly Choice[];
  readonly value: string | undefined;
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  /** Receives the checked radio (else the first), to focus the group: where arrow keys start. */
  readonly ref?: Ref<HTMLInputElement>;
};

export function ChoiceGroup({
  legend,
  isLegendHidden = false,
  hint,
  name,
  choices,
  value,
  onChange,
  error,
  ref,
}: ChoiceGroupProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const checkedIndex = choices.findIndex((choice) => choice.value === value);
  const focusIndex = checkedIndex >= 0 ? checkedIndex : 0;
  return (
    <fieldset className="choice-group" aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
      <legend className={isLegendHidden ? 'visually-hidden' : 'field__label'}>{legend}</legend>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <div className="choice-group__options">
        {choices.map((choice, index) => {
          const inputId = `${id}-${choice.value}`;
          const descriptionId = `${inputId}-description`;
          return (
            <div
              key={choice.value}
              className={[
                'choice',
                choice.value === value ? 'choice--checked' : '',
                choice.isDisabled ? 'choice--disabled' : '',
              ]
                .filter(Boolean)
                .join(' ')}
            >
              <input
                ref={index === focusIndex ? ref : undefined}
                id={inputId}
                className="choice__input"
                type="radio"
                name={name}
                value={choice.value}
                checked={choice.value === value}
                disabled={choice.isDisabled}
                aria-describedby={choice.description ? descriptionId : undefined}
                onChange={() => onChange(choice.value)}
              />
              <label htmlFor={inputId} className="choice__label">
                <span className="choice__title">{choice.label}</span>
                {choice.description ? (
                  <span id={descriptionId} className="choice__description">
                    {choice.description}
                  </span>
                ) : null}
              </label>
            </div>
          );
        })}
      </div>
      {error ? (
        <p className="field__error" id={errorId}>
          <AlertIcon className="alert__icon" />
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
