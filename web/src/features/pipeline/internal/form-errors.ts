/**
 * Field problems of the opportunity form as translation keys. Both sources end here: the shared
 * zod schema runs on blur and on submit (optimistic, before any write), and the engine's
 * ValidationError (`sync.validation.<rule>`) when a write is refused locally. Keys are spelled
 * out so the locale test sees them used.
 */
import type { z } from 'zod';

export const FORM_ERROR_KEYS = {
  required: 'pipeline.errors.required',
  too_long: 'pipeline.errors.too_long',
  amount: 'pipeline.errors.amount',
  probability: 'pipeline.errors.probability',
  date: 'pipeline.errors.date',
  tags: 'pipeline.errors.tags',
  loss_reason: 'pipeline.errors.loss_reason',
  invalid: 'pipeline.errors.invalid',
} as const;

export type FormErrorKey = (typeof FORM_ERROR_KEYS)[keyof typeof FORM_ERROR_KEYS];
export type FormErrors = Readonly<Record<string, FormErrorKey>>;

/** Fields whose every problem means one thing, whatever the rule. */
const FIELD_KEYS: Readonly<Record<string, FormErrorKey>> = {
  amount_cents: FORM_ERROR_KEYS.amount,
  probability: FORM_ERROR_KEYS.probability,
  expected_close_date: FORM_ERROR_KEYS.date,
  tags: FORM_ERROR_KEYS.tags,
};

/** A rule (zod code or message, bare or as `sync.validation.<rule>`) of a field → a key to translate. */
export function toFormErrorKey(field: string, rule: string): FormErrorKey {
  const fieldKey = FIELD_KEYS[field];
  if (fieldKey) return fieldKey;
  const name = rule.slice(rule.lastIndexOf('.') + 1);
  if (name === 'too_small' || name === 'required') return FORM_ERROR_KEYS.required;
  if (name === 'too_big' || name === 'too_long') return FORM_ERROR_KEYS.too_long;
  return FORM_ERROR_KEYS.invalid;
}

/** Runs a shared schema and returns the first problem of each field (empty when valid). */
export function listSchemaErrors(schema: z.ZodType, values: unknown): Record<string, FormErrorKey> {
  const result = schema.safeParse(values);
  if (result.success) return {};
  const errors: Record<string, FormErrorKey> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!field || errors[field]) continue;
    // Custom rules name themselves in the message ('date'); zod's own messages are sentences.
    errors[field] = toFormErrorKey(field, /^[a-z_]+$/.test(issue.message) ? issue.message : issue.code);
  }
  return errors;
}

/** The engine's ValidationError fields (field → `sync.validation.<rule>`) as keys this form translates. */
export function toFormErrors(fields: Readonly<Record<string, string>>): FormErrors {
  return Object.fromEntries(Object.entries(fields).map(([field, rule]) => [field, toFormErrorKey(field, rule)]));
}
