import { randomUUID } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { ApiKeys, MAX_REQUESTS_PER_MINUTE } from '@warranty/platform';
import { PG_POOL } from '@warranty/platform/database';

/** The workflow's tenant: an operator of the platform, not any manufacturer or retailer. */
export const WORKFLOW_TENANT = 'platform-workflow';
const LABEL = 'fulfilment workflow';
const SWEEP_EVERY_MS = 60_000;

const leaseName = (identity: string) => `workflow-identity:${identity}`;

/**
 * The admin-role API key the workflow sends its commands with. Each process issues one, labelled
 * with an identity whose PostgreSQL advisory lock it holds for its whole life; the lock goes with
 * the process, even a SIGKILLed one. At start (and every minute) a process revokes every workflow
 * key whose lock is free: a crashed process leaves no usable key behind, while a live one (two
 * overlap in a rolling update) keeps its own.
 */
@Injectable()
export class WorkflowIdentity implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WorkflowIdentity');
  private issued?: Promise<{ key: string; keyId: string; lease: PoolClient; identity: string }>;
  private sweeper?: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly keys: ApiKeys,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.revokeAbandoned();
    this.sweeper = setInterval(() => {
      this.revokeAbandoned().catch((error: unknown) => this.logger.warn(String(error)));
    }, SWEEP_EVERY_MS).unref();
  }

  apiKey(): Promise<string> {
    // A lease taken now would hold a pool connection past the pool's end.
    if (this.closing) return Promise.reject(new Error('the workflow is shutting down'));
    this.issued ??= this.issue();
    this.issued.catch(() => (this.issued = undefined));
    return this.issued.then(({ key }) => key);
  }

  /** The key answered 401 (revoked by an operator, say): the next command goes with a new one. */
  async rejected(key: string): Promise<void> {
    const issued = await this.issued?.catch(() => undefined);
    if (issued?.key !== key) return;
    this.issued = undefined;
    await this.retire(issued);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    const issued = await this.issued?.catch(() => undefined);
    this.issued = undefined;
    if (issued) await this.retire(issued);
  }

  /** Every live workflow key whose process is gone (its lease free, or a key from before leases). */
  async revokeAbandoned(): Promise<number> {
    const live = (await this.keys.list()).filter(
      (k) => k.tenantId === WORKFLOW_TENANT && !k.revoked,
    );
    if (live.length === 0) return 0;
    let revoked = 0;
    const client = await this.pool.connect();
    try {
      for (const key of live) {
        const identity = key.label.startsWith(`${LABEL} `) ? key.label.slice(LABEL.length + 1) : '';
        if (identity && !(await tryLock(client, identity))) continue;
        try {
          if (await this.keys.revoke(key.keyId)) revoked++;
        } finally {
          if (identity)
            await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [leaseName(identity)]);
        }
      }
    } finally {
      client.release();
    }
    if (revoked > 0)
      this.logger.log(`revoked ${revoked} key(s) of workflow processes that are gone`);
    return revoked;
  }

  private async issue() {
    const identity = randomUUID();
    const lease = await this.pool.connect();
    // A lost lease connection only lets a sweeper revoke the key; a 401 then issues another.
    lease.on('error', () => undefined);
    try {
      if (!(await tryLock(lease, identity))) throw new Error(`lease ${identity} is taken`);
      // Its commands follow the events: a client's rate limit would only hold the workflow back.
      const { key, keyId } = await this.keys.create(
        WORKFLOW_TENANT,
        'admin',
        `${LABEL} ${identity}`,
        {
          requestsPerMinute: MAX_REQUESTS_PER_MINUTE,
        },
      );
      return { key, keyId, lease, identity };
    } catch (error) {
      lease.release(true);
      throw error;
    }
  }

  /** Revoked, and its lease connection closed, which frees the lock with it. */
  private async retire({ keyId, lease }: { keyId: string; lease: PoolClient }) {
    await this.keys.revoke(keyId).catch(() => undefined);
    lease.release(true);
  }
}

async function tryLock(client: PoolClient, identity: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(
    `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
    [leaseName(identity)],
  );
  return rows[0].locked;
}
