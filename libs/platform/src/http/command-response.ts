import type { FastifyReply } from 'fastify';
import { ApiProblem } from '../errors';
import { MIN_POSITION } from '../validation/validators';

/** What every command answers besides its own fields: where its stream now stands. */
export interface CommandReceipt {
  revision: number;
  /** Global position of the last event written, as a decimal string; pass it back as minPosition. */
  position: string | null;
}

/** Sets ETag (the stream revision) and the position headers, and returns the receipt fields. */
export function receipt(
  response: FastifyReply,
  result: { revision: number; position?: bigint },
): CommandReceipt {
  response.header('ETag', `"${result.revision}"`);
  response.header('X-Stream-Revision', String(result.revision));
  if (result.position !== undefined)
    response.header('X-Global-Position', result.position.toString());
  return { revision: result.revision, position: result.position?.toString() ?? null };
}

/** `If-Match: "3"` -> 3; absent -> undefined; `*` -> undefined (any revision). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  if (!match) {
    throw new ApiProblem(
      400,
      'invalid-if-match',
      'Invalid If-Match',
      'If-Match takes an ETag from a previous response, e.g. "3".',
    );
  }
  return Number(match[1]);
}

/** `minPosition` query parameter -> bigint, or undefined. */
export function parseMinPosition(value: string | undefined): bigint | undefined {
  if (value === undefined || value === '') return undefined;
  if (!MIN_POSITION.test(value)) {
    throw new ApiProblem(
      400,
      'invalid-min-position',
      'Invalid minPosition',
      'minPosition is the decimal position a command returned.',
    );
  }
  return BigInt(value);
}
