import { chainHashes, GENESIS_HASH, type JsonObject } from '@warranty/event-store';

/** `count` events of one stream, each carrying the hash the append path would have written. */
export function chainedStream(count: number, data: (i: number) => JsonObject = (i) => ({ i })) {
  const links = Array.from({ length: count }, (_, revision) => ({
    type: 'Happened',
    data: data(revision),
    metadata: { correlationId: `c-${revision}` } as JsonObject,
    revision,
  }));
  const hashes = chainHashes(GENESIS_HASH, links);
  return links.map((link, i) => ({ ...link, metadata: { ...link.metadata, hash: hashes[i] } }));
}
