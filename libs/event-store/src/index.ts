export * from './types';
export * from './errors';
export * from './ports';
export * from './postgres/postgres-event-store';
export * from './postgres/postgres-event-feed';
export { WRITER_ROLE } from './postgres/schema';
export { LEGACY_CHAINING_STREAM, LEGACY_EVENTS_CHAINED } from './postgres/legacy-chaining';
// The EventStoreDB adapter lives in ./eventstoredb: import it from there, so libraries that only need the port skip gRPC.
export * from './chain';
