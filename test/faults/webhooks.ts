import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import type { WebhookReceiver } from '@warranty/testing';
import { sleep } from './all-in-one-process';

const RETAILER = 'acme-retail';
const TYPES = ['ProductRegistered', 'ClaimFiled'];
const PATH = '/faults';

export interface WebhookSubscription {
  secret: string;
  afterPosition: bigint;
}

export interface WebhookCheck {
  events: number;
  received: number;
  /** Events received more than once: allowed (at least once), counted to show retries happened. */
  repeated: number;
  lost: number;
  badSignatures: number;
}

/** The retailer subscribes the run's receiver to its registrations and claims. */
export async function subscribeRetailer(
  url: string,
  key: string,
  receiver: WebhookReceiver,
): Promise<WebhookSubscription> {
  const res = await fetch(`${url}/v1/webhook-subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url(PATH), eventTypes: TYPES }),
  });
  const body = (await res.json()) as { secret?: string; afterPosition?: string };
  if (res.status !== 201 || !body.secret || !body.afterPosition)
    throw new Error(`webhook subscription refused: ${res.status} ${JSON.stringify(body)}`);
  return { secret: body.secret, afterPosition: BigInt(body.afterPosition) };
}

/**
 * Every stored registration and claim of the retailer since the subscription reached the
 * receiver at least once, correctly signed: crashes may repeat a webhook, never lose one.
 */
export async function checkWebhooks(
  databaseUrl: string,
  subscription: WebhookSubscription,
  receiver: WebhookReceiver,
  waitMs: number,
  onWait: (missing: number) => void,
): Promise<WebhookCheck> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let expected: string[];
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT event_id::text AS id FROM event_store.events
        WHERE type = ANY($1) AND data->>'retailerId' = $2 AND position > $3`,
      [TYPES, RETAILER, subscription.afterPosition.toString()],
    );
    expected = rows.map((row) => row.id);
  } finally {
    await client.end();
  }
  const hook = new Webhook(subscription.secret);
  // Each request is verified once, when first seen: a signature is only good for five minutes.
  const seen: Array<string | null> = [];
  const deadline = Date.now() + waitMs;
  for (;;) {
    for (const request of receiver.at(PATH).slice(seen.length)) {
      try {
        const message = hook.verify(request.body, request.headers as Record<string, string>) as {
          data: { eventId: string };
        };
        seen.push(message.data.eventId);
      } catch {
        seen.push(null);
      }
    }
    const counts = new Map<string, number>();
    for (const id of seen) if (id !== null) counts.set(id, (counts.get(id) ?? 0) + 1);
    const lost = expected.filter((id) => !counts.has(id)).length;
    if (lost === 0 || Date.now() > deadline)
      return {
        events: expected.length,
        received: expected.length - lost,
        repeated: expected.filter((id) => (counts.get(id) ?? 0) > 1).length,
        lost,
        badSignatures: seen.filter((id) => id === null).length,
      };
    onWait(lost);
    await sleep(500);
  }
}
