/** The receiver's answer to one attempt. */
export interface WebhookResponse {
  status: number;
}

/** Sends one signed request; throws when no answer came (refused, reset, timed out). */
export interface WebhookTransport {
  post(url: string, body: string, headers: Record<string, string>): Promise<WebhookResponse>;
  /** Closes its connections. */
  close?(): Promise<void>;
}

export const WEBHOOK_TRANSPORT = Symbol('WebhookTransport');
