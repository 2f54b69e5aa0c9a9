export * from './problem';
export * from './problem-details.filter';
export * from './validation';
export * from './problem-types';
export * from './problem-types.controller';
