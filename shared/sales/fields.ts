/**
 * Field rules specific to the sales tables (the text, tag and e-mail rules are shared with the
 * CRM: ../crm/fields.ts). The same limits are CHECK constraints in
 * supabase/migrations/20261122110000_create_sales.sql; supabase/tests/sales-constraints.pg.test.ts
 * runs the same edge cases through both.
 */
import { z } from 'zod';

export const uuidSchema = z.string().uuid();
export const optionalUuidSchema = z.string().uuid().nullable();

/** Money: integer cents, 0..10^13 (100 billion euros — a typo guard, not a business rule). */
export const MAX_AMOUNT_CENTS = 10_000_000_000_000;
export const amountCentsSchema = z.number().int().min(0).max(MAX_AMOUNT_CENTS);

/** Percentages (probabilities): integers 0..100. */
export const percentSchema = z.number().int().min(0).max(100);

/** ISO 4217 currency code: trimmed, upper-cased, three letters ("EUR"). */
export const currencySchema = z
  .string()
  .transform((v) => v.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/));

/** A calendar date "YYYY-MM-DD" (Postgres `date`) that exists (no 31 February). */
export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => {
    const date = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === v;
  }, 'date');

/** An instant (Postgres `timestamptz`), ISO 8601 with an offset or Z, kept as sent. */
export const instantSchema = z.string().datetime({ offset: true });

/** Colour of a pipeline stage: "#rrggbb" (lower-case, so two spellings never differ). */
export const colorSchema = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.string().regex(/^#[0-9a-f]{6}$/))
  .nullable();

/** Opaque JSON object written by the server (score explanations, system activity details). */
export type JsonObject = Readonly<Record<string, unknown>>;
