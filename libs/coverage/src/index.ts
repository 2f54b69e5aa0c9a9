export * from './coverage-kind';
export * from './dates';
export * from './assess-coverage';
export * from './unit-identity';
