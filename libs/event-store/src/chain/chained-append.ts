import { WrongExpectedRevisionError } from '../errors';
import type { EventToAppend, ExpectedRevision, JsonObject } from '../types';
import { chainLinks, GENESIS_HASH } from './hash-chain';

/** The last event of a stream as the append path needs it: its revision and chain hash. */
export interface StreamHead {
  revision: number;
  /** Null for an event written before the chain existed and not yet chained. */
  hash: string | null;
}

export interface ChainedAppend {
  /** Revision of the stream's head the events follow; -1 for a new stream. */
  after: number;
  events: (EventToAppend & { metadata: JsonObject })[];
  /** Each event's data as canonical JSON text, computed for the hash anyway. */
  dataJson: string[];
}

/**
 * Checks the expected revision against the head and chains the events onto it. Any `hash` the
 * caller put in metadata is overwritten: only the store writes the chain.
 */
export function chainOntoHead(
  streamId: string,
  expected: ExpectedRevision,
  head: StreamHead | undefined,
  events: EventToAppend[],
): ChainedAppend {
  const actual = head ? head.revision : 'no_stream';
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && !head) ||
    (expected === 'stream_exists' && head !== undefined) ||
    (typeof expected === 'number' && expected === actual);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
  const after = head ? head.revision : -1;
  const links = chainLinks(
    head?.hash ?? GENESIS_HASH,
    events.map((e, i) => ({
      type: e.type,
      data: e.data,
      metadata: e.metadata ?? {},
      revision: after + 1 + i,
    })),
  );
  return {
    after,
    events: events.map((e, i) => ({ ...e, metadata: { ...e.metadata, hash: links[i].hash } })),
    dataJson: links.map((link) => link.canonicalData),
  };
}
