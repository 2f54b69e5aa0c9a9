export * from './api-document';
export * from './operations';
export * from './problem-details.schema';
export * from './formats';
