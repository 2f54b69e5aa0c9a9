import type { Response } from 'express';

/** The `asOf` query value as an instant, or undefined for the current state. */
export const asOfDate = (asOf?: string): Date | undefined => (asOf ? new Date(asOf) : undefined);

/**
 * The revision fields of an aggregate read: the current state sends its revision as ETag (for
 * If-Match); an as-of read sends none and says which instant it shows.
 */
export function aggregateRead(
  res: Response,
  revision: number,
  asOf?: string,
): { revision: number; asOf?: string } {
  if (asOf) return { revision, asOf };
  res.setHeader('ETag', `"${revision}"`);
  return { revision };
}
