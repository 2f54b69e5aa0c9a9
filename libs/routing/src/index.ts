export * from './service-routes';
export * from './path-router';
export * from './service-processes';
export * from './combined-readiness';
export * from './merged-api-document';
