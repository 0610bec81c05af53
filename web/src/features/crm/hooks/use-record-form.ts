/**
 * State of a create/edit form: the typed values, each field's problem from the shared zod schema
 * (shown once the field was left or a submit was tried, cleared as soon as the value is fixed),
 * and problems the engine reported for a write (ValidationError), shown until the field changes.
 */
import { useMemo, useState } from 'react';
import type { z } from 'zod';
import { listSchemaErrors, type ErrorKey, type FieldErrorKeys } from '../internal/field-errors.ts';

export type RecordForm<D> = {
  readonly draft: D;
  readonly setField: <K extends keyof D & string>(field: K, value: D[K]) => void;
  readonly errorOf: (field: string) => ErrorKey | undefined;
  readonly touch: (field: string) => void;
  /** Marks every field visible; returns the first field with a problem (to focus it), if any. */
  readonly submit: () => string | undefined;
  /** Problems the engine found when writing. */
  readonly setWriteErrors: (errors: FieldErrorKeys) => void;
};

export function useRecordForm<D extends Record<string, unknown>>(
  initial: D,
  schema: z.ZodType,
  toFields: (draft: D) => Record<string, unknown>,
  fieldOrder: readonly string[],
): RecordForm<D> {
  const [draft, setDraft] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [isSubmitted, setIsSubmitted] = useState(false);
  const [writeErrors, setWriteErrors] = useState<FieldErrorKeys>({});
  const problems = useMemo(() => listSchemaErrors(schema, toFields(draft)), [schema, toFields, draft]);

  return {
    draft,
    setField: (field, value) => {
      setDraft((previous) => ({ ...previous, [field]: value }));
      if (writeErrors[field]) {
        const rest = { ...writeErrors };
        delete rest[field];
        setWriteErrors(rest);
      }
    },
    errorOf: (field) => {
      const problem = problems[field];
      if (problem && (isSubmitted || touched.has(field))) return problem;
      return writeErrors[field];
    },
    touch: (field) => setTouched((previous) => (previous.has(field) ? previous : new Set([...previous, field]))),
    submit: () => {
      setIsSubmitted(true);
      return fieldOrder.find((field) => problems[field] !== undefined);
    },
    setWriteErrors,
  };
}
