export * from './events';
export * from './statuses';
export * from './streams';
export * from './schemas';
export * from './status-of';
