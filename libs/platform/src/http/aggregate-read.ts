import type { FastifyReply } from 'fastify';
import { asOfInstant } from '../validation/validators';

/**
 * The `asOf` query value as an instant (a date alone is the end of that day in UTC), or undefined
 * for the current state; the DTO's `@AsOf()` has refused anything else already.
 */
export function asOfDate(asOf?: string): Date | undefined {
  const instant = asOf ? asOfInstant(asOf) : undefined;
  return instant ? new Date(instant) : undefined;
}

/**
 * The revision fields of an aggregate read: the current state sends its revision as ETag (for
 * If-Match); an as-of read sends none and says which instant it shows.
 */
export function aggregateRead(
  res: FastifyReply,
  revision: number,
  asOf?: string,
): { revision: number; asOf?: string } {
  if (asOf) return { revision, asOf };
  res.header('ETag', `"${revision}"`);
  return { revision };
}
