export * from './errors.ts';
export * from './common.ts';
export * from './auth.ts';
export * from './audit.ts';
export * from './jobs.ts';
export * from './catalogue.ts';
export * from './catalogue-io.ts';
export * from './print.ts';
