export * from './topics';
export * from './envelope-headers';
export * from './relay/event-relay';
export * from './relay/relay-schema';
export * from './kafka-feed/kafka-event-feed';
export * from './projection-feed-options';
