/**
 * Field problems as translation keys. Both sources end here: the shared zod schemas run on blur
 * and on submit (optimistic, before any write), and the engine's ValidationError
 * when a write is refused locally (`sync.validation.<rule>`). Keys are spelled out (not built) so the locale test sees them used.
 */
import type { z } from 'zod';

export const ERROR_KEYS = {
  required: 'crm.errors.required',
  too_long: 'crm.errors.too_long',
  email: 'crm.errors.email',
  phone: 'crm.errors.phone',
  website: 'crm.errors.website',
  siren: 'crm.errors.siren',
  siret: 'crm.errors.siret',
  vat_number: 'crm.errors.vat_number',
  siret_siren_mismatch: 'crm.errors.siret_siren_mismatch',
  name_or_email_required: 'crm.errors.name_or_email_required',
  country: 'crm.errors.country',
  tags: 'crm.errors.tags',
  custom_fields: 'crm.errors.custom_fields',
  invalid: 'crm.errors.invalid',
} as const;

export type ErrorRule = keyof typeof ERROR_KEYS;
export type ErrorKey = (typeof ERROR_KEYS)[ErrorRule];
export type FieldErrorKeys = Readonly<Record<string, ErrorKey>>;

function isErrorRule(rule: string): rule is ErrorRule {
  return Object.hasOwn(ERROR_KEYS, rule);
}

/** Fields whose every problem means one thing, whatever zod's issue code. */
const FIELD_RULES: Readonly<Record<string, ErrorRule>> = {
  tags: 'tags',
  custom_fields: 'custom_fields',
  country: 'country',
};

/**
 * A rule (a zod message or issue code, bare or as the engine's key `sync.validation.<rule>`) of a
 * field → a key this app translates; an unknown rule reads "Valeur invalide".
 */
export function toErrorKey(field: string, rule: string): ErrorKey {
  const name = rule.slice(rule.lastIndexOf('.') + 1);
  if (isErrorRule(name)) return ERROR_KEYS[name];
  const fieldRule = FIELD_RULES[field];
  if (fieldRule) return ERROR_KEYS[fieldRule];
  if (name === 'too_small') return ERROR_KEYS.required;
  if (name === 'too_big') return ERROR_KEYS.too_long;
  return ERROR_KEYS.invalid;
}

function toIssueKey(field: string, issue: z.core.$ZodIssue): ErrorKey {
  return toErrorKey(field, isErrorRule(issue.message) ? issue.message : issue.code);
}

/** Runs a shared schema and returns the first problem of each field (empty when valid). */
export function listSchemaErrors(schema: z.ZodType, values: unknown): FieldErrorKeys {
  const result = schema.safeParse(values);
  if (result.success) return {};
  const errors: Record<string, ErrorKey> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!field || errors[field]) continue;
    errors[field] = toIssueKey(field, issue);
  }
  return errors;
}

/** The engine's ValidationError fields (field → `sync.validation.<rule>`) as keys this app translates. */
export function toFieldErrorKeys(fields: Readonly<Record<string, string>>): FieldErrorKeys {
  return Object.fromEntries(Object.entries(fields).map(([field, rule]) => [field, toErrorKey(field, rule)]));
}
