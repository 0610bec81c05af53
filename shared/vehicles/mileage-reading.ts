/**
 * The mileage log (V2): odometer readings typed in, taken from a service, or read by OCR. A
 * reading raises the vehicle's current mileage when higher; one lower than a mileage recorded on
 * or before its date is accepted (the user may know better) but flagged is_anomaly by the server.
 */
import { z } from 'zod';
import { uuidSchema } from '../sales/fields.ts';
import { mileageSchema, vehicleDateSchema } from './fields.ts';

export const MILEAGE_SOURCES = ['service', 'manual', 'ocr'] as const;
export type MileageSource = (typeof MILEAGE_SOURCES)[number];

/** A mileage reading row as replicated (km). */
export type MileageReading = {
  readonly id: string;
  readonly tenant_id: string;
  readonly vehicle_id: string;
  readonly read_on: string;
  readonly mileage: number;
  readonly source: MileageSource;
  /** Server-set: lower than a mileage recorded on or before read_on. */
  readonly is_anomaly: boolean;
  readonly created_at: string;
  readonly updated_at: string;
};

export const mileageReadingFieldsSchema = z.object({
  vehicle_id: uuidSchema,
  read_on: vehicleDateSchema,
  mileage: mileageSchema,
  source: z.enum(MILEAGE_SOURCES),
});
export type MileageReadingFields = z.infer<typeof mileageReadingFieldsSchema>;

/** Fields a client may write; is_anomaly is the server's. A reading stays on its vehicle. */
export const MILEAGE_READING_WRITABLE_FIELDS = Object.keys(
  mileageReadingFieldsSchema.shape,
) as (keyof MileageReadingFields)[];

export const MILEAGE_READING_DEFAULTS = { source: 'manual' } as const satisfies Pick<MileageReadingFields, 'source'>;

/** Server-set columns of a new reading (replica placeholders). */
export const MILEAGE_READING_SERVER_DEFAULTS = { is_anomaly: false } as const satisfies Partial<MileageReading>;

export const mileageReadingCreateSchema = mileageReadingFieldsSchema
  .partial()
  .required({ vehicle_id: true, read_on: true, mileage: true });

/** Update: only the fields that changed (vehicle_id is kept by the server). */
export const mileageReadingUpdateSchema = mileageReadingFieldsSchema.omit({ vehicle_id: true }).partial();

/**
 * Whether a mileage is below the highest one recorded on or before its date (what the server
 * flags as is_anomaly): the optimistic warning a form shows before the server answers.
 */
export function isMileageAnomaly(
  mileage: number,
  on: string,
  history: readonly { readonly mileage: number | null; readonly on: string }[],
): boolean {
  return history.some((entry) => entry.mileage !== null && entry.on <= on && entry.mileage > mileage);
}
