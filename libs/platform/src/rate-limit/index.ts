export * from './admit-requests';
export * from './request-rates';
export * from './token-bucket';
