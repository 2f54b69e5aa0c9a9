export * from './hash-chain';
export * from './chained-append';
