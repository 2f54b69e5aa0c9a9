export * from './events';
export * from './streams';
export * from './schemas';
export * from './unit-coverage-facts';
export * from './registered-unit';
export * from './registration-ended';
