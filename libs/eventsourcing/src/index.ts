export * from './decider';
export * from './domain-errors';
export * from './envelope';
export * from './stream-name';
export * from './clock';
export * from './command-handler';
export * from './name-based-id';
export * from './event-schemas';
