export * from './request-log';
export * from './root-logger';
