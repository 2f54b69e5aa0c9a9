import { ownReadModelTables } from '@warranty/read-models';
import type { DataSourceOptions } from 'typeorm';
import { Webhooks1795400010600 } from './1795400010600-webhooks';
import { WebhookSubscriptionRevisions1795400010900 } from './1795400010900-webhook-subscription-revisions';
import { WebhookOlderSecrets1795400011000 } from './1795400011000-webhook-older-secrets';

/** The notifier's tables share the read-model database and its migrations table with the projections. */
export const notifierDataSourceOptions = (url: string): DataSourceOptions =>
  ownReadModelTables(url, [
    Webhooks1795400010600,
    WebhookSubscriptionRevisions1795400010900,
    WebhookOlderSecrets1795400011000,
  ]);
