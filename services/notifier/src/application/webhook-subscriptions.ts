import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

export type SubscriptionState = 'active' | 'disabled';

export interface WebhookSubscription {
  subscriptionId: string;
  tenantId: string;
  url: string;
  /** null: every event type the tenant may see. */
  eventTypes: string[] | null;
  description: string;
  state: SubscriptionState;
  disabledReason: string | null;
  /** Only events after this global position are sent: none from before the subscription. */
  afterPosition: string;
  /** The previous secret still signs until then, after a rotation. */
  previousSecretExpiresAt: Date | null;
  /** After a second rotation within a day: the secret before the previous one signs until then. */
  olderSecretExpiresAt: Date | null;
  /** Batches in a row in which the endpoint did not answer, or answered 5xx or 429. */
  consecutiveFailures: number;
  /** While failing: nothing is sent before then, when one delivery probes the endpoint. */
  retryAfter: Date | null;
  createdAt: Date;
  /** Its ETag: 0 when created, one more at each activation, deactivation, rotation or 410 Gone. */
  revision: number;
}

/**
 * What a change came to: the subscription after it, or, when If-Match named another revision,
 * the one it has (nothing changed); undefined: the tenant has no such subscription.
 */
export type SubscriptionChange<Extra = object> =
  | ({ outcome: 'changed'; subscription: WebhookSubscription } & Extra)
  | { outcome: 'stale'; revision: number }
  | undefined;

export interface NewSubscription {
  subscriptionId: string;
  tenantId: string;
  role: string;
  url: string;
  eventTypes: string[] | null;
  description: string;
  afterPosition: bigint;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * How long a secret keeps signing beside the new one after it is rotated out. At most two earlier
 * secrets sign (three signatures): a third rotation within the day ends the oldest one's grace.
 */
export const PREVIOUS_SECRET_HOURS = 24;

const COLUMNS = `subscription_id AS "subscriptionId", tenant_id AS "tenantId", url,
  event_types AS "eventTypes", description, state, disabled_reason AS "disabledReason",
  after_position::text AS "afterPosition",
  CASE WHEN previous_secret_expires_at > now() THEN previous_secret_expires_at END
    AS "previousSecretExpiresAt",
  CASE WHEN older_secret_expires_at > now() THEN older_secret_expires_at END
    AS "olderSecretExpiresAt",
  consecutive_failures AS "consecutiveFailures", retry_after AS "retryAfter",
  created_at AS "createdAt", revision`;

/** The secrets that sign now, newest first: each rotated out one too until it expires (alias `s`). */
export const LIVE_SECRETS = `array_remove(ARRAY[s.secret,
  CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret END,
  CASE WHEN s.older_secret_expires_at > now() THEN s.older_secret END], NULL)`;

/** A signing secret in the Standard Webhooks format: `whsec_` and 24 random bytes in base64. */
export const newSigningSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

/** Each tenant's webhook endpoints; a tenant reads and changes only its own. */
export class WebhookSubscriptions {
  constructor(private readonly dataSource: DataSource) {}

  /** The new subscription and its secret, or null when the id is taken. */
  async create(
    subscription: NewSubscription,
  ): Promise<{ subscription: WebhookSubscription; secret: string } | null> {
    const secret = newSigningSecret();
    const rows: WebhookSubscription[] = await this.dataSource.query(
      `INSERT INTO webhook_subscriptions
         (subscription_id, tenant_id, role, url, event_types, description, secret, after_position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (subscription_id) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        subscription.subscriptionId,
        subscription.tenantId,
        subscription.role,
        subscription.url,
        subscription.eventTypes,
        subscription.description,
        secret,
        subscription.afterPosition.toString(),
      ],
    );
    return rows[0] ? { subscription: rows[0], secret } : null;
  }

  async one(tenantId: string, subscriptionId: string): Promise<WebhookSubscription | undefined> {
    const rows: WebhookSubscription[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM webhook_subscriptions WHERE tenant_id = $1 AND subscription_id = $2`,
      [tenantId, subscriptionId],
    );
    return rows[0];
  }

  /** Where a subscription sends and the secrets that sign for it now (the previous one until it expires). */
  async endpoint(
    tenantId: string,
    subscriptionId: string,
  ): Promise<{ url: string; secrets: string[] } | undefined> {
    const rows: Array<{ url: string; secrets: string[] }> = await this.dataSource.query(
      `SELECT s.url, ${LIVE_SECRETS} AS secrets
         FROM webhook_subscriptions s WHERE s.tenant_id = $1 AND s.subscription_id = $2`,
      [tenantId, subscriptionId],
    );
    return rows[0];
  }

  /** The tenant's subscriptions by id, after the cursor's. */
  async list(
    tenantId: string,
    after: string | undefined,
    limit: number,
  ): Promise<Page<WebhookSubscription>> {
    const rows: WebhookSubscription[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM webhook_subscriptions
        WHERE tenant_id = $1 AND ($2::text IS NULL OR subscription_id > $2)
        ORDER BY subscription_id LIMIT $3`,
      [tenantId, after ?? null, limit + 1],
    );
    const items = rows.slice(0, limit);
    return {
      items,
      nextCursor: rows.length > limit ? items[items.length - 1].subscriptionId : null,
    };
  }

  /** Active again; deliveries held while it was disabled go out now. */
  async activate(tenantId: string, subscriptionId: string, ifRevision?: number) {
    return this.update(tenantId, subscriptionId, ifRevision, {
      set: `state = 'active', disabled_reason = NULL, consecutive_failures = 0, retry_after = NULL`,
      alsoRun: `UPDATE webhook_deliveries SET next_attempt_at = now()
                 WHERE subscription_id = $1 AND status = 'pending'`,
    });
  }

  /** Nothing more is sent, or queued, until it is activated again. */
  async disable(tenantId: string, subscriptionId: string, reason: string, ifRevision?: number) {
    return this.update(tenantId, subscriptionId, ifRevision, {
      set: `state = 'disabled', disabled_reason = $4`,
      values: [reason],
    });
  }

  /**
   * A new secret; the one it replaces signs for PREVIOUS_SECRET_HOURS too, so receivers can
   * switch over, and so does the previous one for the rest of its own hours.
   */
  async rotateSecret(
    tenantId: string,
    subscriptionId: string,
    ifRevision?: number,
  ): Promise<SubscriptionChange<{ secret: string }>> {
    const secret = newSigningSecret();
    const change = await this.update(tenantId, subscriptionId, ifRevision, {
      set: `older_secret = CASE WHEN previous_secret_expires_at > now() THEN previous_secret END,
            older_secret_expires_at = CASE WHEN previous_secret_expires_at > now()
                                           THEN previous_secret_expires_at END,
            previous_secret = secret, secret = $4,
            previous_secret_expires_at = now() + make_interval(hours => ${PREVIOUS_SECRET_HOURS})`,
      values: [secret],
    });
    return change?.outcome === 'changed' ? { ...change, secret } : change;
  }

  /**
   * After a batch: endpoints that failed (and delivered nothing) wait the schedule's next delay
   * before one probe; one that delivered anything is healthy again.
   */
  async recordHealth(
    failing: string[],
    healthy: string[],
    delaysMs: readonly number[],
  ): Promise<void> {
    if (failing.length === 0 && healthy.length === 0) return;
    await this.dataSource.query(
      `UPDATE webhook_subscriptions
          SET consecutive_failures = CASE WHEN subscription_id = ANY($1)
                                          THEN consecutive_failures + 1 ELSE 0 END,
              retry_after = CASE WHEN subscription_id = ANY($1)
                                 THEN now() + make_interval(secs => ($3::double precision[])[
                                        least(consecutive_failures + 1, cardinality($3))] / 1000)
                            END
        WHERE subscription_id = ANY($1)
           OR (subscription_id = ANY($2) AND (consecutive_failures > 0 OR retry_after IS NOT NULL))`,
      [failing, healthy, delaysMs],
    );
  }

  /** Stops an endpoint that answered 410 Gone: the receiver asked for no more. */
  async disableGone(subscriptionId: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_subscriptions
          SET state = 'disabled', disabled_reason = $2, revision = revision + 1, updated_at = now()
        WHERE subscription_id = $1 AND state = 'active'`,
      [subscriptionId, reason],
    );
  }

  /** One change of a tenant's subscription, at `ifRevision` when given (If-Match): $4 on are `values`. */
  private async update(
    tenantId: string,
    subscriptionId: string,
    ifRevision: number | undefined,
    change: { set: string; alsoRun?: string; values?: unknown[] },
  ): Promise<SubscriptionChange> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE webhook_subscriptions SET ${change.set}, revision = revision + 1, updated_at = now()
          WHERE tenant_id = $1 AND subscription_id = $2 AND ($3::numeric IS NULL OR revision = $3::numeric)
          RETURNING ${COLUMNS}`,
        [tenantId, subscriptionId, ifRevision ?? null, ...(change.values ?? [])],
      )) as [WebhookSubscription[], number];
      if (rows[0]) {
        if (change.alsoRun) await manager.query(change.alsoRun, [subscriptionId]);
        return { outcome: 'changed', subscription: rows[0] };
      }
      const [current] = (await manager.query(
        `SELECT revision FROM webhook_subscriptions WHERE tenant_id = $1 AND subscription_id = $2`,
        [tenantId, subscriptionId],
      )) as Array<{ revision: number }>;
      return current && { outcome: 'stale', revision: current.revision };
    });
  }
}
