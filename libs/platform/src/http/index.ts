export * from './command-response';
export * from './cursor';
export * from './input-screen';
export * from './client-errors';
export * from './openapi-constraints';
export * from './history-entry';
export * from './aggregate-read';
