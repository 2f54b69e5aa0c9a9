export * from './idempotency-store';
export * from './idempotency-hooks';
export * from './expired-keys';
