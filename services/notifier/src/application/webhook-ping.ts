import { randomUUID } from 'node:crypto';
import { describeFailure, signed } from './webhook-dispatcher';
import type { WebhookTransport } from './webhook-transport';

export interface PingOutcome {
  /** The endpoint's HTTP status; null when it did not answer. */
  status: number | null;
  /** True for a 2xx: the endpoint would have taken a real delivery. */
  ok: boolean;
  error: string | null;
  durationMs: number;
}

/**
 * Sends one signed `WebhookPing` straight away, outside the queue, and reports the answer: what
 * an integrator runs while setting up a receiver. Nothing is stored and nothing is retried.
 */
export async function pingEndpoint(
  transport: WebhookTransport,
  endpoint: { url: string; secrets: string[] },
  at: Date,
): Promise<PingOutcome> {
  const deliveryId = randomUUID();
  const payload = JSON.stringify({
    type: 'WebhookPing',
    timestamp: at.toISOString(),
    data: { message: 'A test from the warranty platform; answer 2xx to accept deliveries.' },
  });
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const { status } = await transport.post(
      endpoint.url,
      payload,
      signed({ deliveryId, payload, secrets: endpoint.secrets }),
    );
    return { status, ok: status >= 200 && status < 300, error: null, durationMs: elapsed() };
  } catch (error) {
    return { status: null, ok: false, error: describeFailure(error), durationMs: elapsed() };
  }
}
