export * from './idempotency-store';
export * from './idempotency-hooks';
export * from './expired-keys';
export * from './idempotent-rerun';
