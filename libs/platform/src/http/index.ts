export * from './command-response';
export * from './cursor';
