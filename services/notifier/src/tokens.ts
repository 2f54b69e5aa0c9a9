/** The TypeORM DataSource name of the notifier's tables. */
export const NOTIFIER_TABLES = 'notifier-tables';

export const WEBHOOK_SETTINGS = Symbol('WebhookSettings');

/** What the API checks a new endpoint against. */
export interface WebhookSettings {
  allowLocalEndpoints: boolean;
}
