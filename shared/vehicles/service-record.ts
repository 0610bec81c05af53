/**
 * Service records (V2): work done on a vehicle — its timeline. A record's mileage raises the
 * vehicle's current mileage when higher; one lower than a mileage recorded on or before its date
 * is kept but flagged is_anomaly by the server.
 */
import { z } from 'zod';
import { requiredText } from '../crm/fields.ts';
import { amountCentsSchema, optionalUuidSchema, uuidSchema } from '../sales/fields.ts';
import { mileageSchema, vehicleDateSchema } from './fields.ts';

export const SERVICE_RECORD_KINDS = ['service', 'repair', 'ct', 'tyres', 'other'] as const;
export type ServiceRecordKind = (typeof SERVICE_RECORD_KINDS)[number];

/** A service record row as replicated (cost in integer cents). */
export type ServiceRecord = {
  readonly id: string;
  readonly tenant_id: string;
  readonly vehicle_id: string;
  readonly performed_on: string;
  readonly mileage: number | null;
  readonly work_done: string;
  readonly cost_cents: number | null;
  readonly technician_id: string | null;
  readonly kind: ServiceRecordKind;
  /** Server-set: the mileage is lower than one recorded on or before performed_on. */
  readonly is_anomaly: boolean;
  readonly created_at: string;
  readonly updated_at: string;
};

export const serviceRecordFieldsSchema = z.object({
  vehicle_id: uuidSchema,
  performed_on: vehicleDateSchema,
  mileage: mileageSchema.nullable(),
  work_done: requiredText(10_000),
  cost_cents: amountCentsSchema.nullable(),
  technician_id: optionalUuidSchema,
  kind: z.enum(SERVICE_RECORD_KINDS),
});
export type ServiceRecordFields = z.infer<typeof serviceRecordFieldsSchema>;

/** Fields a client may write; is_anomaly is the server's. A record stays on its vehicle. */
export const SERVICE_RECORD_WRITABLE_FIELDS = Object.keys(
  serviceRecordFieldsSchema.shape,
) as (keyof ServiceRecordFields)[];

export const SERVICE_RECORD_DEFAULTS = {
  mileage: null,
  cost_cents: null,
  technician_id: null,
  kind: 'service',
} as const satisfies Omit<ServiceRecordFields, 'vehicle_id' | 'performed_on' | 'work_done'>;

/** Server-set columns of a new record (replica placeholders until the server has seen it). */
export const SERVICE_RECORD_SERVER_DEFAULTS = { is_anomaly: false } as const satisfies Partial<ServiceRecord>;

export const serviceRecordCreateSchema = serviceRecordFieldsSchema
  .partial()
  .required({ vehicle_id: true, performed_on: true, work_done: true });

/** Update: only the fields that changed (vehicle_id is kept by the server). */
export const serviceRecordUpdateSchema = serviceRecordFieldsSchema.omit({ vehicle_id: true }).partial();
