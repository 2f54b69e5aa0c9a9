import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ApiKeys } from '@warranty/platform';

/** The workflow's tenant: an operator of the platform, not any manufacturer or retailer. */
export const WORKFLOW_TENANT = 'platform-workflow';

/**
 * The admin-role API key the workflow sends its commands with, issued on first use and revoked at
 * shutdown: it never sits in a file, and a crashed process's key only outlives it until revoked.
 */
@Injectable()
export class WorkflowIdentity implements OnApplicationShutdown {
  private issued?: Promise<{ key: string; keyId: string }>;

  constructor(private readonly keys: ApiKeys) {}

  apiKey(): Promise<string> {
    this.issued ??= this.keys.create(WORKFLOW_TENANT, 'admin', 'fulfilment workflow');
    this.issued.catch(() => (this.issued = undefined));
    return this.issued.then(({ key }) => key);
  }

  async onApplicationShutdown(): Promise<void> {
    const issued = await this.issued?.catch(() => undefined);
    if (issued) await this.keys.revoke(issued.keyId).catch(() => undefined);
  }
}
