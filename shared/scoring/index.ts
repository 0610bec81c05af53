export * from './weights.ts';
export * from './score.ts';
export * from './build.ts';
export * from './days.ts';
export * from './auc.ts';
export * from './stored.ts';
