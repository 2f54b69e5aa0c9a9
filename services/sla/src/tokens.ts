/** The TypeORM DataSource name of the SLA read models. */
export const SLA_READ_MODELS = 'sla-read-models';
