export * from './projection-admin.controller';
export * from './views';
