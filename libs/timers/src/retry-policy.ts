export interface RetryPolicy {
  /** Dispatches of one firing, the first included, before the timer is marked failed. */
  maxAttempts: number;
  /** Wait after the first failure; it doubles with each further failure. */
  firstBackoffMs: number;
  maxBackoffMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  firstBackoffMs: 1_000,
  maxBackoffMs: 5 * 60_000,
};

/** When to try again after failed attempt number `attempt` (1-based); undefined once attempts are used up. */
export function retryAt(policy: RetryPolicy, attempt: number, now: Date): Date | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const backoff = Math.min(policy.firstBackoffMs * 2 ** (attempt - 1), policy.maxBackoffMs);
  return new Date(now.getTime() + backoff);
}
