export * from './roles.ts';
export * from './matrix.ts';
