export * from './api-keys';
export * from './api-key.guard';
export * from './decorators';
export * from './roles';
export * from './access';
export * from './admin';
