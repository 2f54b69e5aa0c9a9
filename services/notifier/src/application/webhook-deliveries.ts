import type { DataSource } from 'typeorm';
import { LIVE_SECRETS, type Page } from './webhook-subscriptions';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  deliveryId: string;
  eventId: string;
  eventType: string;
  position: string;
  status: DeliveryStatus;
  attempts: number;
  /**
   * When the next attempt is due, the subscription's retryAfter if later (a paused endpoint);
   * null once delivered or failed, or while the subscription is disabled.
   */
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  payload: string;
}

/**
 * What one attempt came to: delivered; pending again after retryInMs; failed for good; held (its
 * subscription was disabled by a 410: an attempt, counted) or deferred (its endpoint is failing,
 * so it was not sent, and not counted): those two are due again at once, gated by the subscription.
 */
export interface AttemptOutcome {
  deliveryId: string;
  status: DeliveryStatus;
  lastStatus: number | null;
  lastError: string | null;
  retryInMs: number | null;
  uncounted: boolean;
  /** Not sent at all: the last answer stays the one it had. */
  deferred?: boolean;
  /** When it was sent; null when it was not. */
  attemptedAt: Date | null;
}

/** A delivery taken for an attempt, with what signing and sending it needs. */
export interface DueDelivery {
  deliveryId: string;
  subscriptionId: string;
  url: string;
  payload: string;
  attempts: number;
  secrets: string[];
  /** The endpoint's failing batches in a row: above 0, one delivery probes it at a time. */
  consecutiveFailures: number;
}

/** A delivery `d` as shown, with its subscription `s`: a paused or disabled one holds it back. */
const COLUMNS = `d.delivery_id AS "deliveryId", d.event_id AS "eventId",
  d.event_type AS "eventType", d.position::text AS position, d.status, d.attempts,
  CASE WHEN d.status = 'pending' AND s.state = 'active'
       THEN greatest(d.next_attempt_at, s.retry_after) END AS "nextAttemptAt",
  d.last_attempt_at AS "lastAttemptAt", d.last_status AS "lastStatus",
  d.last_error AS "lastError", d.delivered_at AS "deliveredAt", d.created_at AS "createdAt",
  d.payload`;

const WITH_SUBSCRIPTION = `webhook_deliveries d
  JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id`;

/** The queue of webhook deliveries: taken with a lease, so a crash mid-send means a retry, never a loss. */
export class WebhookDeliveries {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Due deliveries of active subscriptions, oldest first, each leased for leaseMs: another
   * process skips them, and one whose sender died is due again when the lease ends. Read in the
   * order of webhook_deliveries_due, stopping at the limit (once the table has statistics).
   */
  async takeDue(limit: number, leaseMs: number): Promise<DueDelivery[]> {
    const [rows] = (await this.dataSource.query(
      `WITH due AS (
         SELECT q.delivery_id FROM webhook_deliveries q
          WHERE q.status = 'pending' AND q.next_attempt_at <= now()
            AND EXISTS (SELECT 1 FROM webhook_subscriptions qs
                         WHERE qs.subscription_id = q.subscription_id AND qs.state = 'active'
                           AND (qs.retry_after IS NULL OR qs.retry_after <= now()))
          ORDER BY q.next_attempt_at, q.position
          LIMIT $1
            FOR UPDATE OF q SKIP LOCKED)
       UPDATE webhook_deliveries d
          SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000),
              attempts = d.attempts + 1
         FROM due, webhook_subscriptions s
        WHERE d.delivery_id = due.delivery_id AND s.subscription_id = d.subscription_id
        RETURNING d.delivery_id AS "deliveryId", d.subscription_id AS "subscriptionId", s.url,
                  d.payload, d.attempts, s.consecutive_failures AS "consecutiveFailures",
                  ${LIVE_SECRETS} AS secrets`,
      [limit, leaseMs],
    )) as [DueDelivery[], number];
    return rows;
  }

  /** The outcomes of a batch of attempts, in one statement: one commit however many were sent. */
  async record(outcomes: AttemptOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await this.dataSource.query(
      `UPDATE webhook_deliveries d
          SET status = o.status,
              delivered_at = CASE WHEN o.status = 'delivered' THEN now() END,
              next_attempt_at = now() + make_interval(secs => coalesce(o.retry_ms, 0) / 1000),
              attempts = d.attempts - CASE WHEN o.uncounted THEN 1 ELSE 0 END,
              last_attempt_at = coalesce(o.attempted_at, d.last_attempt_at),
              last_status = CASE WHEN o.deferred THEN d.last_status ELSE o.last_status END,
              last_error = CASE WHEN o.deferred THEN d.last_error ELSE o.last_error END
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::double precision[],
                     $6::boolean[], $7::boolean[], $8::timestamptz[])
                AS o(delivery_id, status, last_status, last_error, retry_ms, uncounted, deferred,
                     attempted_at)
        WHERE d.delivery_id = o.delivery_id`,
      [
        outcomes.map((outcome) => outcome.deliveryId),
        outcomes.map((outcome) => outcome.status),
        outcomes.map((outcome) => outcome.lastStatus),
        outcomes.map((outcome) => outcome.lastError?.slice(0, 500) ?? null),
        outcomes.map((outcome) => outcome.retryInMs),
        outcomes.map((outcome) => outcome.uncounted),
        outcomes.map((outcome) => outcome.deferred ?? false),
        outcomes.map((outcome) => outcome.attemptedAt?.toISOString() ?? null),
      ],
    );
  }

  /** A subscription's deliveries, newest event first, after the cursor's position. */
  async list(
    subscriptionId: string,
    filter: { status?: DeliveryStatus; before?: string },
    limit: number,
  ): Promise<Page<WebhookDelivery>> {
    const rows: WebhookDelivery[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${WITH_SUBSCRIPTION}
        WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2)
          AND ($3::bigint IS NULL OR d.position < $3)
        ORDER BY d.position DESC LIMIT $4`,
      [subscriptionId, filter.status ?? null, filter.before ?? null, limit + 1],
    );
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].position : null };
  }

  async one(subscriptionId: string, deliveryId: string): Promise<WebhookDelivery | undefined> {
    const rows: WebhookDelivery[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${WITH_SUBSCRIPTION}
        WHERE d.subscription_id = $1 AND d.delivery_id = $2`,
      [subscriptionId, deliveryId],
    );
    return rows[0];
  }

  /** Due now with a fresh set of attempts; a delivered one is sent again. */
  async redeliver(
    subscriptionId: string,
    deliveryId: string,
  ): Promise<WebhookDelivery | undefined> {
    const [rows] = (await this.dataSource.query(
      `UPDATE webhook_deliveries d
          SET status = 'pending', attempts = 0, next_attempt_at = now(), delivered_at = NULL
         FROM webhook_subscriptions s
        WHERE s.subscription_id = d.subscription_id
          AND d.subscription_id = $1 AND d.delivery_id = $2
        RETURNING ${COLUMNS}`,
      [subscriptionId, deliveryId],
    )) as [WebhookDelivery[], number];
    return rows[0];
  }

  /** Every failed delivery (created since `since`, when given) due now with a fresh set of attempts. */
  async redeliverFailed(subscriptionId: string, since: string | undefined): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `UPDATE webhook_deliveries
          SET status = 'pending', attempts = 0, next_attempt_at = now()
        WHERE subscription_id = $1 AND status = 'failed'
          AND ($2::timestamptz IS NULL OR created_at >= $2)`,
      [subscriptionId, since ?? null],
    )) as [unknown, number];
    return count;
  }

  /** Deletes up to `limit` delivered or failed deliveries older than the retention; returns how many. */
  async sweepFinished(retentionDays: number, limit: number): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM webhook_deliveries WHERE delivery_id IN (
         SELECT delivery_id FROM webhook_deliveries
          WHERE status <> 'pending' AND created_at < now() - make_interval(days => $1)
          ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [retentionDays, limit],
    )) as [unknown, number];
    return count;
  }
}
