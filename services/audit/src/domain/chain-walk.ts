import { chainHash, type ChainLink, GENESIS_HASH } from '@warranty/event-store';

/** What a verification of one stream found: its events hold together, or the first link that does not. */
export type StreamVerdict =
  | { status: 'intact'; streamId: string; events: number; headHash: string }
  | {
      status: 'broken';
      streamId: string;
      revision: number;
      expectedHash: string;
      foundHash: string | null;
      reason: string;
    };

interface StreamWalk {
  previousHash: string;
  nextRevision: number;
  events: number;
  broken?: Extract<StreamVerdict, { status: 'broken' }>;
}

const storedHash = (link: ChainLink): string | null =>
  typeof link.metadata.hash === 'string' ? link.metadata.hash : null;

/**
 * Verifies many streams at once from events in any interleaving (the global log, a case file),
 * as long as each stream's events come in revision order; keeps only each stream's last hash.
 */
export class ChainWalk {
  private readonly streams = new Map<string, StreamWalk>();

  /** Checks one event; returns the broken verdict when this event is the stream's first bad link. */
  add(streamId: string, link: ChainLink): Extract<StreamVerdict, { status: 'broken' }> | undefined {
    let walk = this.streams.get(streamId);
    if (!walk) {
      walk = { previousHash: GENESIS_HASH, nextRevision: 0, events: 0 };
      this.streams.set(streamId, walk);
    }
    walk.events += 1;
    if (walk.broken) return undefined;
    const expected = chainHash(walk.previousHash, link);
    const found = storedHash(link);
    const reason =
      link.revision !== walk.nextRevision
        ? `revision ${link.revision} where ${walk.nextRevision} was next`
        : found !== expected
          ? found === null
            ? 'the event carries no hash'
            : 'the stored hash does not match the event'
          : undefined;
    if (reason) {
      walk.broken = {
        status: 'broken',
        streamId,
        revision: link.revision,
        expectedHash: expected,
        foundHash: found,
        reason,
      };
      return walk.broken;
    }
    walk.previousHash = expected;
    walk.nextRevision += 1;
    return undefined;
  }

  /** The hash the stream's next event must chain from. */
  previousHash(streamId: string): string {
    return this.streams.get(streamId)?.previousHash ?? GENESIS_HASH;
  }

  verdict(streamId: string): StreamVerdict | undefined {
    const walk = this.streams.get(streamId);
    if (!walk) return undefined;
    return (
      walk.broken ?? {
        status: 'intact',
        streamId,
        events: walk.events,
        headHash: walk.previousHash,
      }
    );
  }

  verdicts(): StreamVerdict[] {
    return [...this.streams.keys()].map((id) => this.verdict(id) as StreamVerdict);
  }

  get streamCount(): number {
    return this.streams.size;
  }
}

/** One stream's verdict from its events in revision order. */
export function verifyStream(streamId: string, links: Iterable<ChainLink>): StreamVerdict {
  const walk = new ChainWalk();
  for (const link of links) if (walk.add(streamId, link)) break;
  return (
    walk.verdict(streamId) ?? { status: 'intact', streamId, events: 0, headHash: GENESIS_HASH }
  );
}
