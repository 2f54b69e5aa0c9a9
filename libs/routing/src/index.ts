export * from './service-routes';
export * from './path-router';
export * from './service-processes';
