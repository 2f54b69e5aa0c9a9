import type { FastifyReply } from 'fastify';
import { parseMinPosition } from '@warranty/platform';
import type { ReadOptions } from '@warranty/read-models';

export const STALE_HEADER = 'X-Read-Model-Stale';
export const POSITION_HEADER = 'X-Read-Model-Position';

/** A query's minPosition, with a timed-out wait told to the client in headers (SPEC: never silently). */
export function readOptions(minPosition: string | undefined, response: FastifyReply): ReadOptions {
  return {
    minPosition: parseMinPosition(minPosition),
    onStale: (reached) => {
      response.header(STALE_HEADER, 'true');
      response.header(POSITION_HEADER, reached?.toString() ?? '0');
    },
  };
}
