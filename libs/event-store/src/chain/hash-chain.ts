import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { JsonObject } from '../types';

/** The hash the first event of every stream chains from. */
export const GENESIS_HASH = '0'.repeat(64);

/** Metadata keys the chain itself writes; everything else in metadata is business metadata. */
export const CHAIN_METADATA_KEYS = ['hash'] as const;

export interface ChainLink {
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  /** Zero-based revision of the event within its stream. */
  revision: number;
}

export function businessMetadata(metadata: JsonObject): JsonObject {
  const { hash: _hash, ...business } = metadata;
  return business;
}

/**
 * RFC 8785 canonical form of {type, data, business metadata, revision}, assembled from its parts
 * (the four keys in sorted order) so a caller that needs the canonical data too computes it once.
 */
function canonicalLink(event: ChainLink, canonicalData = canonicalize(event.data)): string {
  const metadata = canonicalize(businessMetadata(event.metadata));
  return `{"data":${canonicalData},"metadata":${metadata},"revision":${JSON.stringify(event.revision)},"type":${JSON.stringify(event.type)}}`;
}

/** SHA-256 (hex) of the previous hash followed by the RFC 8785 canonical form of the event. */
export function chainHash(previousHash: string, event: ChainLink, canonicalData?: string): string {
  return hash('sha256', previousHash + canonicalLink(event, canonicalData));
}

/** Hashes consecutive events of one stream, starting after `previousHash`. */
export function chainHashes(previousHash: string, events: ChainLink[]): string[] {
  return chainLinks(previousHash, events).map((link) => link.hash);
}

/** Each event's chain hash and its data in canonical JSON, which the store can write as it is. */
export function chainLinks(
  previousHash: string,
  events: ChainLink[],
): { hash: string; canonicalData: string }[] {
  let previous = previousHash;
  return events.map((event) => {
    const canonicalData = canonicalize(event.data) ?? 'null';
    previous = chainHash(previous, event, canonicalData);
    return { hash: previous, canonicalData };
  });
}

export type ChainVerdict =
  | { status: 'intact'; events: number; headHash: string }
  | {
      status: 'broken';
      revision: number;
      expectedHash: string;
      foundHash: string | null;
      events: number;
    };

/** Walks a stream's events in revision order and names the first whose stored hash is wrong. */
export function verifyChain(events: ChainLink[], previousHash = GENESIS_HASH): ChainVerdict {
  let previous = previousHash;
  for (const event of events) {
    const expected = chainHash(previous, event);
    const found = typeof event.metadata.hash === 'string' ? event.metadata.hash : null;
    if (found !== expected) {
      return {
        status: 'broken',
        revision: event.revision,
        expectedHash: expected,
        foundHash: found,
        events: events.length,
      };
    }
    previous = expected;
  }
  return { status: 'intact', events: events.length, headHash: previous };
}
