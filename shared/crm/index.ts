export * from './fields.ts';
export * from './company.ts';
export * from './contact.ts';
