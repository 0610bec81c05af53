/**
 * Vehicles (V2, seed 003): a customer's car as its carte grise describes it. Unique per tenant by
 * live plate and by live VIN: a second scan of the same car links to it (a push that would
 * duplicate one is rejected as a `conflict` on plate or vin). current_mileage is raised by the
 * server from service records and readings; a client may set it when it creates the vehicle.
 */
import { z } from 'zod';
import { ENERGY_CODES, GENRE_CODES, type EnergyCode, type GenreCode } from '../carte-grise/fields.ts';
import { optionalText } from '../crm/fields.ts';
import { optionalUuidSchema } from '../sales/fields.ts';
import { cnitSchema, mileageSchema, plateSchema, vehicleDateSchema, vinSchema } from './fields.ts';

/** A vehicle row as replicated (snake_case, as in Postgres). */
export type Vehicle = {
  readonly id: string;
  readonly tenant_id: string;
  /** SIV `AB-123-CD` or FNI `123 ABC 45`; null only when the VIN is known. */
  readonly plate: string | null;
  readonly vin: string | null;
  readonly make: string | null;
  readonly model: string | null;
  readonly version: string | null;
  readonly cnit: string | null;
  readonly first_registration_date: string | null;
  readonly energy: EnergyCode | null;
  readonly fiscal_power: number | null;
  readonly genre: GenreCode | null;
  /** The customer (contacts.id) who owns the car. */
  readonly owner_contact_id: string | null;
  readonly current_mileage: number | null;
  /** Contrôle technique due date (X.1 when read, else computed by the reminders). */
  readonly ct_due_date: string | null;
  readonly notes: string | null;
  /** The staff member responsible for the record (the creator by default). */
  readonly owner_id: string | null;
  readonly created_at: string;
  readonly updated_at: string;
};

export const vehicleFieldsSchema = z.object({
  plate: plateSchema.nullable(),
  vin: vinSchema.nullable(),
  make: optionalText(60),
  model: optionalText(100),
  version: optionalText(100),
  cnit: cnitSchema.nullable(),
  first_registration_date: vehicleDateSchema.nullable(),
  energy: z.enum(ENERGY_CODES).nullable(),
  fiscal_power: z.number().int().min(0).max(999).nullable(),
  genre: z.enum(GENRE_CODES).nullable(),
  owner_contact_id: optionalUuidSchema,
  current_mileage: mileageSchema.nullable(),
  ct_due_date: vehicleDateSchema.nullable(),
  notes: optionalText(10_000),
  owner_id: optionalUuidSchema,
});
export type VehicleFields = z.infer<typeof vehicleFieldsSchema>;

/** Fields a client may write (all of a vehicle's but the sync stamps). */
export const VEHICLE_WRITABLE_FIELDS = Object.keys(vehicleFieldsSchema.shape) as (keyof VehicleFields)[];

/** owner_id defaults to the creator (the server fills it in when absent). */
export const VEHICLE_DEFAULTS = {
  plate: null,
  vin: null,
  make: null,
  model: null,
  version: null,
  cnit: null,
  first_registration_date: null,
  energy: null,
  fiscal_power: null,
  genre: null,
  owner_contact_id: null,
  current_mileage: null,
  ct_due_date: null,
  notes: null,
} as const satisfies Omit<VehicleFields, 'owner_id'>;

/** Create: a plate or a VIN (the database's vehicles_plate_check says the same, on plate). */
export const vehicleCreateSchema = vehicleFieldsSchema
  .partial()
  .refine((v) => (v.plate ?? null) !== null || (v.vin ?? null) !== null, {
    message: 'plate-or-vin',
    path: ['plate'],
  });

/** Update: only the fields that changed (the database refuses clearing both plate and VIN). */
export const vehicleUpdateSchema = vehicleFieldsSchema.partial();
