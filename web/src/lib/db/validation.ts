/**
 * Optimistic validation of a write with the shared zod schemas (shared/crm, shared/sales, through
 * the registry shared/sync/registry.ts): the same rules the database enforces. Invalid input
 * throws ValidationError, a write the table never accepts from a client ReadOnlyTableError;
 * either way nothing is written.
 */
import type { z } from 'zod';
import type { MutationOp } from '@shared/sync/protocol.ts';
import { SYNC_REGISTRY } from '@shared/sync/registry.ts';
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

/**
 * A write the client may never make on this table (opportunity_stage_history is written by the
 * server only; notifications only take `read_at` updates): refused before anything is queued,
 * rather than sent for the server to reject. A programming error, not a user error.
 */
export class ReadOnlyTableError extends Error {
  readonly table: ReplicaTable;
  readonly op: MutationOp;

  constructor(table: ReplicaTable, op: MutationOp) {
    super(`${table}: clients may not ${op} rows of this table`);
    this.name = 'ReadOnlyTableError';
    this.table = table;
    this.op = op;
  }
}

/** Throws ReadOnlyTableError unless the registry lets a client make this kind of write. */
export function assertWritable(table: ReplicaTable, op: MutationOp): void {
  const spec = SYNC_REGISTRY[table];
  const isAllowed =
    op === 'insert' ? spec.createSchema !== null : op === 'update' ? spec.updateSchema !== null : spec.canDelete;
  if (!isAllowed) throw new ReadOnlyTableError(table, op);
}

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
  assertWritable(table, mode === 'create' ? 'insert' : 'update');
  const spec = SYNC_REGISTRY[table];
  const schema = mode === 'create' ? spec.createSchema : spec.updateSchema;
  const errors: Record<string, string> = {};
  const allowed = mode === 'create' ? spec.writableFields : spec.updatableFields;
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) errors[key] = VALIDATION_KEYS.unknown_field;
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  if (!schema) throw new ReadOnlyTableError(table, mode === 'create' ? 'insert' : 'update');
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_');
    errors[field] ??= VALIDATION_KEYS[getRule(issue)];
  }
  throw new ValidationError(errors);
}
