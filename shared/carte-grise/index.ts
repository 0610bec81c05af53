export * from './fields.ts';
export * from './check-digits.ts';
export * from './parse.ts';
export * from './mrz.ts';
export * from './layout.ts';
export * from './raster.ts';
export * from './resolve.ts';
export * from './read-certificate.ts';
