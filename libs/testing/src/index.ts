export * from './test-database';
export * from './wait-until';
export * from './decider-specification';
export * from './feeds';
export * from './warranty-fixtures';
export * from './webhook-receiver';
