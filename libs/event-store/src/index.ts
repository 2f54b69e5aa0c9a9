export * from './types';
export * from './errors';
export * from './ports';
export * from './postgres/postgres-event-store';
export * from './postgres/postgres-event-feed';
// The EventStoreDB adapter is imported from '@warranty/event-store/eventstoredb' so that only its users load gRPC.
