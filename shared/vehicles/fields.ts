/**
 * Field rules of the garage tables. Plates and VINs are normalised with the carte-grise
 * validators (../carte-grise), so a typed plate, a scanned one and the database agree on one
 * spelling. The same limits are CHECK constraints in
 * supabase/migrations/20261122140000_create_vehicles.sql; supabase/tests/vehicles-constraints.pg.test.ts
 * runs the same edge cases through both.
 */
import { z } from 'zod';
import { computeVinCheckDigit } from '../carte-grise/check-digits.ts';
import { normaliseText, parsePlate } from '../carte-grise/parse.ts';
import { calendarDateSchema } from '../sales/fields.ts';

/**
 * A French plate, normalised: SIV `AB-123-CD` or old FNI `123 ABC 45` (parsePlate's valid
 * spellings). Typed input is not repaired (a letter typed for a digit is an error to show, not a
 * misread to guess): only case, spaces and hyphens are normalised.
 */
export const plateSchema = z.string().transform((value, ctx) => {
  const parsed = parsePlate(value);
  if (parsed.status !== 'valid' || parsed.value === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'plate' });
    return z.NEVER;
  }
  return parsed.value;
});

/** Normalises a plate as plateSchema does, or undefined when it is not a valid plate. */
export function normalisePlate(raw: string): string | undefined {
  const parsed = plateSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A VIN (ISO 3779): 17 characters of the VIN alphabet (no I, O, Q), upper-cased, spaces
 * dropped. The check digit is only a warning (carte-grise checkVin): European VINs need not have one.
 */
export const vinSchema = z
  .string()
  .transform((value) => normaliseText(value).replace(/[\s-]/g, ''))
  .refine((value) => computeVinCheckDigit(value) !== undefined, 'vin');

/** CNIT (D.2.1): 12 characters, 15 on recent certificates; upper-cased, spaces dropped. */
export const cnitSchema = z
  .string()
  .transform((value) => normaliseText(value).replace(/\s/g, ''))
  .pipe(z.string().regex(/^[A-Z0-9]{12}([A-Z0-9]{3})?$/));

/** A calendar day from 1900 on (registration, CT and service dates). */
export const vehicleDateSchema = calendarDateSchema.refine((value) => value >= '1900-01-01', 'date');

/** Odometer readings in km: integers 0..9,999,999. */
export const MAX_MILEAGE = 9_999_999;
export const mileageSchema = z.number().int().min(0).max(MAX_MILEAGE);
