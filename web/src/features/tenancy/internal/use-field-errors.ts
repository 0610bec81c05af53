/**
 * When to show a field's problem: once the user left the field, once they tried to submit, or
 * as soon as an identifier is complete (a 9th SIREN digit shows "clé invalide" while typing).
 * Problems are derived from the current values, so fixing a field clears its message at once.
 */
import { useCallback, useState } from 'react';

type Problems<F extends string, K extends string> = Readonly<Record<F, K | undefined>>;

export type FieldErrors<F extends string, K extends string> = {
  /** The problem to show under the field, if any. */
  readonly errorOf: (field: F) => K | undefined;
  readonly touch: (field: F) => void;
  /** Marks every field visible; returns the first field with a problem (to focus it). */
  readonly submit: () => F | undefined;
  readonly reset: () => void;
};

export function useFieldErrors<F extends string, K extends string>(
  fields: readonly F[],
  values: Readonly<Record<F, string>>,
  problems: Problems<F, K>,
  isComplete: (field: F, value: string) => boolean = () => false,
): FieldErrors<F, K> {
  const [touched, setTouched] = useState<ReadonlySet<F>>(() => new Set());
  const [isSubmitted, setIsSubmitted] = useState(false);

  const errorOf = (field: F): K | undefined => {
    const problem = problems[field];
    if (!problem) return undefined;
    return isSubmitted || touched.has(field) || isComplete(field, values[field]) ? problem : undefined;
  };

  const touch = useCallback((field: F) => {
    setTouched((previous) => (previous.has(field) ? previous : new Set([...previous, field])));
  }, []);

  const submit = () => {
    setIsSubmitted(true);
    return fields.find((field) => problems[field] !== undefined);
  };

  const reset = () => {
    setTouched(new Set());
    setIsSubmitted(false);
  };

  return { errorOf, touch, submit, reset };
}
