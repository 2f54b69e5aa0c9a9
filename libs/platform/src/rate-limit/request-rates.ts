import { type TokenBucket, takeRequest } from './token-bucket';

/**
 * Each API key's allowance in this process: its own requests per minute, or the default. Only
 * authenticated keys get a bucket, so the map grows with the keys in use, not with the traffic.
 */
export class RequestRates {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    readonly defaultPerMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one request of the key's allowance: undefined when admitted, else seconds to wait. */
  take(keyId: string, perMinute: number | null): number | undefined {
    const admission = takeRequest(
      this.buckets.get(keyId),
      perMinute ?? this.defaultPerMinute,
      this.now(),
    );
    this.buckets.set(keyId, admission.bucket);
    return admission.admitted ? undefined : admission.retryAfterSeconds;
  }
}
