import { describe, expect, it } from 'vitest';
import {
  VEHICLE_WRITABLE_FIELDS,
  isMileageAnomaly,
  mileageReadingCreateSchema,
  normalisePlate,
  serviceRecordCreateSchema,
  vehicleCreateSchema,
  vinSchema,
} from './index.ts';

const ID = '019a8f00-0000-7000-8000-000000000001';

describe('shared/vehicles schemas', () => {
  it.each([
    ['AB-123-CD', 'AB-123-CD'],
    ['ab 123 cd', 'AB-123-CD'],
    ['AB123CD', 'AB-123-CD'],
    ['123 ABC 45', '123 ABC 45'],
    ['1234ab2a', '1234 AB 2A'],
    ['12 AB 974', '12 AB 974'],
    ['AB-000-CD', undefined],
    ['SS-123-CD', undefined],
    ['AI-123-CD', undefined],
    ['AB-123-C0', undefined],
    ['', undefined],
  ])('normalises the plate %j to %j', (raw, expected) => {
    expect(normalisePlate(raw)).toBe(expected);
  });

  it('takes a VIN of 17 characters of the VIN alphabet, upper-cased', () => {
    expect(vinSchema.parse(' vf1 rfb00x56789012 ')).toBe('VF1RFB00X56789012');
    expect(vinSchema.safeParse('VF1RFB00X5678901').success).toBe(false);
    expect(vinSchema.safeParse('VF1RFB00X5678901O').success).toBe(false);
    expect(vinSchema.safeParse('VF1RFB00X5678901I').success).toBe(false);
  });

  it('needs a plate or a VIN to create a vehicle', () => {
    expect(vehicleCreateSchema.safeParse({ make: 'RENAULT' }).success).toBe(false);
    expect(vehicleCreateSchema.safeParse({ plate: 'AB-123-CD' }).success).toBe(true);
    expect(vehicleCreateSchema.safeParse({ vin: 'VF1RFB00X56789012' }).success).toBe(true);
    expect(vehicleCreateSchema.safeParse({ plate: 'AB-123-CD', energy: 'G0' }).success).toBe(false);
    expect(vehicleCreateSchema.safeParse({ plate: 'AB-123-CD', genre: 'DERIV-VP' }).success).toBe(true);
    expect(VEHICLE_WRITABLE_FIELDS).toContain('current_mileage');
  });

  it('needs a vehicle, a date and the work done for a service record, and cents for its cost', () => {
    const base = { vehicle_id: ID, performed_on: '2026-11-20', work_done: 'Vidange' };
    expect(serviceRecordCreateSchema.safeParse(base).success).toBe(true);
    expect(serviceRecordCreateSchema.safeParse({ ...base, work_done: '  ' }).success).toBe(false);
    expect(serviceRecordCreateSchema.safeParse({ ...base, cost_cents: 12.5 }).success).toBe(false);
    expect(serviceRecordCreateSchema.safeParse({ ...base, kind: 'wash' }).success).toBe(false);
    expect(serviceRecordCreateSchema.safeParse({ ...base, performed_on: '1899-12-31' }).success).toBe(false);
  });

  it('takes readings of whole kilometres from a known source', () => {
    const base = { vehicle_id: ID, read_on: '2026-11-20', mileage: 84_200 };
    expect(mileageReadingCreateSchema.safeParse(base).success).toBe(true);
    expect(mileageReadingCreateSchema.safeParse({ ...base, mileage: -1 }).success).toBe(false);
    expect(mileageReadingCreateSchema.safeParse({ ...base, source: 'gps' }).success).toBe(false);
  });

  it('flags a mileage below one recorded on or before its date, not below a later one', () => {
    const history = [
      { mileage: 80_000, on: '2026-01-10' },
      { mileage: 90_000, on: '2026-06-10' },
      { mileage: null, on: '2026-07-01' },
    ];
    expect(isMileageAnomaly(85_000, '2026-07-01', history)).toBe(true);
    expect(isMileageAnomaly(85_000, '2026-03-01', history)).toBe(false);
    expect(isMileageAnomaly(95_000, '2026-07-01', history)).toBe(false);
    expect(isMileageAnomaly(90_000, '2026-06-10', history)).toBe(false);
  });
});
