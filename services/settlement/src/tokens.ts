/** The TypeORM DataSource name of the settlement tables. */
export const SETTLEMENT_TABLES = 'settlement-tables';

export const SETTLEMENT_RUNNER = Symbol('SettlementProjectionRunner');
