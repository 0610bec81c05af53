/**
 * Optimistic validation of a write with the shared zod schemas (shared/crm): the same rules the
 * database enforces. Invalid input throws ValidationError and nothing is written.
 */
import type { z } from 'zod';
import {
  COMPANY_WRITABLE_FIELDS,
  CONTACT_WRITABLE_FIELDS,
  companyCreateSchema,
  companyUpdateSchema,
  contactCreateSchema,
  contactUpdateSchema,
} from '@shared/crm/index.ts';
import { VALIDATION_KEYS, type ValidationRule } from './messages.ts';
import type { ReplicaTable } from './schema.ts';

/** field → i18n key `sync.validation.<rule>` (messages.ts VALIDATION_KEYS). */
export class ValidationError extends Error {
  readonly fields: Record<string, string>;

  constructor(fields: Record<string, string>) {
    super(`invalid fields: ${Object.keys(fields).join(', ')}`);
    this.name = 'ValidationError';
    this.fields = fields;
  }
}

const WRITABLE: Readonly<Record<ReplicaTable, readonly string[]>> = {
  companies: COMPANY_WRITABLE_FIELDS,
  contacts: CONTACT_WRITABLE_FIELDS,
};

const SCHEMAS = {
  companies: { create: companyCreateSchema, update: companyUpdateSchema },
  contacts: { create: contactCreateSchema, update: contactUpdateSchema },
} as const;

function isRule(value: string): value is ValidationRule {
  return Object.hasOwn(VALIDATION_KEYS, value);
}

/** The rule an issue breaks: custom messages name it (`siren`, `email`…), zod codes the rest. */
function getRule(issue: z.core.$ZodIssue): ValidationRule {
  if (isRule(issue.message)) return issue.message;
  if (isRule(issue.code)) return issue.code;
  return 'invalid';
}

/** Validates and normalises (trims, E.164 phones, …) the fields of a create or an update. */
export function validateFields(
  table: ReplicaTable,
  mode: 'create' | 'update',
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const errors: Record<string, string> = {};
  for (const key of Object.keys(fields)) {
    if (!WRITABLE[table].includes(key)) errors[key] = VALIDATION_KEYS.unknown_field;
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const result = SCHEMAS[table][mode].safeParse(fields);
  if (result.success) return result.data as Record<string, unknown>;
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_');
    errors[field] ??= VALIDATION_KEYS[getRule(issue)];
  }
  throw new ValidationError(errors);
}
