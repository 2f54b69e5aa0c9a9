/** A key's allowance: `tokens` left as of `at` (ms). A full bucket holds a minute's requests. */
export interface TokenBucket {
  tokens: number;
  at: number;
}

export type Admission =
  | { admitted: true; bucket: TokenBucket }
  | { admitted: false; bucket: TokenBucket; retryAfterSeconds: number };

/**
 * Takes one request from a bucket that refills `perMinute` tokens a minute, up to `perMinute`:
 * a key may burst a minute's worth, then keeps to the rate. Refused, it says when to come back.
 */
export function takeRequest(
  bucket: TokenBucket | undefined,
  perMinute: number,
  now: number,
): Admission {
  const perMs = perMinute / 60_000;
  // A clock that steps back counts as no time passing.
  const at = bucket ? Math.max(now, bucket.at) : now;
  const tokens = bucket ? Math.min(perMinute, bucket.tokens + (at - bucket.at) * perMs) : perMinute;
  if (tokens >= 1) return { admitted: true, bucket: { tokens: tokens - 1, at } };
  return {
    admitted: false,
    bucket: { tokens, at },
    retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)),
  };
}
