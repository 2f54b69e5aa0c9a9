export * from './databases';
export * from './migrations';
// The embedded server is imported from '@warranty/postgres/embedded-server': its package is ESM-only.
export * from './statement-groups';
