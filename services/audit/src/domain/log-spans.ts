import { chainHash, type ChainLink, GENESIS_HASH } from '@warranty/event-store';
import type { StreamVerdict } from './chain-walk';

type Broken = Extract<StreamVerdict, { status: 'broken' }>;

/** What one slice of the global log holds of one stream. */
interface Span {
  /** The slice's first event of the stream: its link to the slice before is checked on joining. */
  first: ChainLink;
  lastRevision: number;
  lastHash: string | null;
  events: number;
  broken?: Broken;
}

const storedHash = (link: ChainLink): string | null =>
  typeof link.metadata.hash === 'string' ? link.metadata.hash : null;

/** The first bad link, if `link` does not follow an event with `previousHash` at `nextRevision`. */
export function checkLink(
  streamId: string,
  link: ChainLink,
  previousHash: string,
  nextRevision: number,
): Broken | undefined {
  const expectedHash = chainHash(previousHash, link);
  const foundHash = storedHash(link);
  const reason =
    link.revision !== nextRevision
      ? `revision ${link.revision} where ${nextRevision} was next`
      : foundHash === null
        ? 'the event carries no hash'
        : foundHash !== expectedHash
          ? 'the stored hash does not match the event'
          : undefined;
  return reason
    ? { status: 'broken', streamId, revision: link.revision, expectedHash, foundHash, reason }
    : undefined;
}

/**
 * Verifies one slice of the global log on its own, so slices can be read and checked at the same
 * time. Each link is checked against the stored hash before it: up to a stream's first bad link
 * that is the recomputed hash, so the first bad link found is the same as in one walk.
 */
export class LogSpan {
  readonly spans = new Map<string, Span>();

  add(streamId: string, link: ChainLink): void {
    const span = this.spans.get(streamId);
    if (!span) {
      this.spans.set(streamId, {
        first: link,
        lastRevision: link.revision,
        lastHash: storedHash(link),
        events: 1,
      });
      return;
    }
    span.events += 1;
    if (span.broken) return;
    span.broken =
      span.lastHash === null
        ? undefined
        : checkLink(streamId, link, span.lastHash, span.lastRevision + 1);
    span.lastRevision = link.revision;
    span.lastHash = storedHash(link);
  }
}

/** Joins the slices of the log, in log order, into every stream's verdict. */
export function joinSpans(slices: readonly LogSpan[]): {
  events: number;
  streams: number;
  broken: Broken[];
} {
  const streams = new Map<string, { lastRevision: number; lastHash: string; broken?: Broken }>();
  let events = 0;
  for (const slice of slices) {
    for (const [streamId, span] of slice.spans) {
      events += span.events;
      const before = streams.get(streamId);
      if (before?.broken) continue;
      const broken =
        checkLink(
          streamId,
          span.first,
          before?.lastHash ?? GENESIS_HASH,
          before ? before.lastRevision + 1 : 0,
        ) ?? span.broken;
      streams.set(streamId, {
        lastRevision: span.lastRevision,
        lastHash: span.lastHash ?? '',
        broken,
      });
    }
  }
  const broken = [...streams.values()].flatMap((s) => (s.broken ? [s.broken] : []));
  return { events, streams: streams.size, broken };
}
