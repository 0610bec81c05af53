export * from './fields.ts';
export * from './company.ts';
export * from './contact.ts';
export * from './normalize.ts';
export * from './duplicates.ts';
export * from './merge.ts';
export * from './views.ts';
// csv-import.ts and csv-export.ts pull in papaparse: import them by path (lazy-loaded screens).
