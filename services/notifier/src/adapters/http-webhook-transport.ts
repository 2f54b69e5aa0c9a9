import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import type { WebhookResponse, WebhookTransport } from '../application/webhook-transport';
import { isLocalAddress } from '../domain/endpoint-url';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** Resolves as usual, but refuses a host that resolves to a local address: a name cannot smuggle one in. */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback) {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const local = addresses.find((address) => isLocalAddress(address.address));
    if (local)
      return callback(
        new Error(`${hostname} resolves to ${local.address}, a loopback or private address`),
        [],
      );
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/**
 * POSTs over undici. Redirects are not followed (that would send the event elsewhere); unless
 * local endpoints are allowed, the address each connection goes to is checked after resolution.
 */
export class HttpWebhookTransport implements WebhookTransport {
  private readonly agent: Agent;

  constructor(private readonly options: { timeoutMs: number; allowLocalEndpoints: boolean }) {
    this.agent = new Agent({
      connect: {
        timeout: options.timeoutMs,
        ...(options.allowLocalEndpoints ? {} : { lookup: publicOnlyLookup }),
      },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async post(url: string, body: string, headers: Record<string, string>): Promise<WebhookResponse> {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (!this.options.allowLocalEndpoints && isIP(host) !== 0 && isLocalAddress(host))
      throw new Error(`${host} is a loopback or private address`);
    const response = await request(url, {
      method: 'POST',
      headers,
      body,
      dispatcher: this.agent,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    // Only the status counts; the body is read and dropped so the connection can be reused.
    await response.body.dump();
    return { status: response.statusCode };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
