export * from './fields.ts';
export * from './vehicle.ts';
export * from './service-record.ts';
export * from './mileage-reading.ts';
