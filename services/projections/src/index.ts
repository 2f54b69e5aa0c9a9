export * from './projections.module';
export * from './tokens';
export * from './schema';
export * from './projections/unit-coverage.projection';
export * from './projections/warranty-plans.projection';
export * from './queries/coverage.query';
export * from './queries/warranty-plans.query';
