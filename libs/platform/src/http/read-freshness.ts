import type { FastifyReply } from 'fastify';
import { parseMinPosition } from './command-response';

export const STALE_HEADER = 'X-Read-Model-Stale';
export const POSITION_HEADER = 'X-Read-Model-Position';

/** How fresh a read-model answer must be: the read models' ReadOptions. */
export interface ReadFreshness {
  minPosition?: bigint;
  onStale: (reached: bigint | undefined) => void;
}

/** A query's minPosition, with a timed-out wait told to the client in headers (SPEC: never silently). */
export function readOptions(
  minPosition: string | undefined,
  response: FastifyReply,
): ReadFreshness {
  return {
    minPosition: parseMinPosition(minPosition),
    onStale: (reached) => {
      response.header(STALE_HEADER, 'true');
      response.header(POSITION_HEADER, reached?.toString() ?? '0');
    },
  };
}
