export * from './types';
export * from './errors';
export * from './ports';
export * from './postgres/postgres-event-store';
export * from './postgres/postgres-event-feed';
// The EventStoreDB adapter lives in ./eventstoredb: import it from there, so libraries that only need the port skip gRPC.
export * from './chain';
