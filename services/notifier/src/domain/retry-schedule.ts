/** Waits after each failed attempt: about a day and a half in all, then the delivery fails. */
export const RETRY_DELAYS_MS: readonly number[] = [
  10_000,
  60_000,
  5 * 60_000,
  30 * 60_000,
  60 * 60_000,
  2 * 60 * 60_000,
  4 * 60 * 60_000,
  8 * 60 * 60_000,
  8 * 60 * 60_000,
  8 * 60 * 60_000,
];

/**
 * After `attempts` failed attempts: the wait before the next one, spread by ±10% so that a
 * receiver coming back is not hit by every retry at once; null when no attempt is left.
 */
export function nextRetryDelayMs(
  attempts: number,
  delays: readonly number[] = RETRY_DELAYS_MS,
  random: () => number = Math.random,
): number | null {
  const delay = delays[attempts - 1];
  if (delay === undefined) return null;
  return Math.round(delay * (0.9 + 0.2 * random()));
}
