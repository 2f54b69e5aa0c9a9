import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  type EventStore,
  GENESIS_HASH,
  type GlobalPosition,
  type RecordedEvent,
  StreamNotFoundError,
} from '@warranty/event-store';
import { type Actor, CLOCK, type Clock, eventInstant, toEnvelope } from '@warranty/eventsourcing';
import { ApiProblem, historyEntry, maySee } from '@warranty/platform';
import { ChainWalk, type StreamVerdict, verifyStream } from '../domain/chain-walk';
import { joinSpans, LogSpan } from '../domain/log-spans';
import { CASE_FILE_FORMAT, CaseFileWriter, type CaseFileEvent } from '../domain/case-file';
import { CASE_STREAM_PREFIXES, CaseStreams } from '../domain/case-streams';
import { caseNotFound, streamNotFound, streamNotYetExisting } from './audit-problems';

/** Big pages: verification and export read the log sequentially. */
const PAGE = 10_000;
/** Slices of the log read and verified at the same time by `verifyAll`. */
const SLICES = 4;
/** Connections `verifyAll` keeps busy: each slice reads its next page while checking one. */
export const VERIFY_ALL_CONNECTIONS = 2 * SLICES;

export interface HistoryPage {
  streamId: string;
  events: Array<ReturnType<typeof auditEntry>>;
  /** The revision after which the next page starts; null on the last page. */
  nextAfter: number | null;
}

export interface VerifyAllProgress {
  events: number;
  /** How much of the log's position range the slices have read, of `total`. */
  done: bigint;
  total: bigint;
}

export interface VerifyAllResult {
  events: number;
  streams: number;
  broken: Array<Extract<StreamVerdict, { status: 'broken' }>>;
}

const hashOf = (event: RecordedEvent): string | null =>
  typeof event.metadata.hash === 'string' ? event.metadata.hash : null;

/** One event as auditors read it: the envelope with who, why and the chain links. */
export function auditEntry(event: RecordedEvent, previousHash: string | null) {
  const entry = historyEntry(toEnvelope(event));
  const actor = entry.actor as Partial<Actor> | undefined;
  return { ...entry, role: actor?.role ?? null, hash: hashOf(event), previousHash };
}

/** Read-only audit over the event store port: verification, history, case files. */
@Injectable()
export class AuditLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async verify(streamId: string): Promise<StreamVerdict> {
    return verifyStream(streamId, await this.wholeStream(streamId));
  }

  /** One page of a stream's events after revision `after`, up to `asOf` when given. */
  async history(
    streamId: string,
    options: { asOf?: Date; after?: number; limit: number },
  ): Promise<HistoryPage> {
    const from = options.after === undefined ? 0 : options.after + 1;
    // One event before the page, for the first entry's previous hash.
    const read = await this.read(streamId, Math.max(0, from - 1), options.limit + 2);
    if (from === 0 && options.asOf && eventInstant(read[0]) > options.asOf.getTime())
      throw streamNotYetExisting(streamId, options.asOf);
    const upTo = options.asOf
      ? read.filter((e) => eventInstant(e) <= (options.asOf as Date).getTime())
      : read;
    const before = upTo.length > 0 && upTo[0].revision < from ? upTo[0] : undefined;
    const inPage = upTo.filter((e) => e.revision >= from);
    const page = inPage.slice(0, options.limit);
    let previous = before ? hashOf(before) : from === 0 ? GENESIS_HASH : null;
    const events = page.map((event) => {
      const entry = auditEntry(event, previous);
      previous = hashOf(event);
      return entry;
    });
    const more = inPage.length > options.limit;
    return { streamId, events, nextAfter: more ? page[page.length - 1].revision : null };
  }

  /** The case's streams, after checking that the claim exists and the actor may see it. */
  async caseStreams(claimId: string, actor: Actor): Promise<string[]> {
    const found = new CaseStreams(claimId);
    const [claim] = await this.read(found.streamIds[0], 0, 1).catch((error: unknown) => {
      if (error instanceof ApiProblem && error.status === 404) return [];
      throw error;
    });
    const tenants = (claim?.metadata.tenants ?? {}) as { retailer?: string; manufacturer?: string };
    const parties = {
      manufacturerId: tenants.manufacturer ?? '',
      retailerId: tenants.retailer ?? null,
    };
    if (!claim || !maySee(actor, parties)) throw caseNotFound(claimId);
    for await (const event of this.log({ streamPrefixes: CASE_STREAM_PREFIXES })) found.see(event);
    return [...found.streamIds];
  }

  /** The case file's lines: a manifest, then every event of the case's streams in global order. */
  async *exportCase(claimId: string, actor: Actor): AsyncGenerator<string> {
    const streamIds = await this.caseStreams(claimId, actor);
    const perStream = await Promise.all(streamIds.map((id) => this.wholeStream(id)));
    const events = perStream.flat().sort((a, b) => (a.position < b.position ? -1 : 1));
    const walk = new ChainWalk();
    const lines: CaseFileEvent[] = events.map((event) => {
      const line: CaseFileEvent = {
        kind: 'event',
        streamId: event.streamId,
        revision: event.revision,
        position: event.position.toString(),
        eventId: event.id,
        type: event.type,
        recordedAt: event.recordedAt.toISOString(),
        data: event.data,
        metadata: event.metadata,
        hash: hashOf(event),
        previousHash: walk.previousHash(event.streamId),
      };
      walk.add(event.streamId, event);
      return line;
    });
    const writer = new CaseFileWriter();
    yield writer.line({
      kind: 'manifest',
      format: CASE_FILE_FORMAT,
      caseId: claimId,
      exportedAt: this.clock.now().toISOString(),
      events: events.length,
      streams: streamIds.map((streamId, i) => ({
        streamId,
        events: perStream[i].length,
        headHash: hashOf(perStream[i][perStream[i].length - 1]) ?? GENESIS_HASH,
      })),
    });
    for (const line of lines) yield writer.line(line);
  }

  /**
   * Every stream of the log: the log's position range is cut into slices that are read in big
   * pages and verified at the same time, then joined (see LogSpan).
   */
  async verifyAll(onProgress?: (progress: VerifyAllProgress) => void): Promise<VerifyAllResult> {
    const head = await this.store.headPosition();
    const [first] = await this.store.readAll({ maxCount: 1 });
    if (head === undefined || !first) return { events: 0, streams: 0, broken: [] };
    const start = first.position - 1n;
    const total = head - start;
    const width = total / BigInt(SLICES) + 1n;
    const read = new Array<bigint>(SLICES).fill(0n);
    let events = 0;
    const spans = await Promise.all(
      read.map(async (_, i) => {
        const after = start + width * BigInt(i);
        const upTo = after + width < head ? after + width : head;
        const span = new LogSpan();
        if (after >= upTo) return span;
        for await (const page of this.pages(undefined, after, upTo)) {
          for (const event of page) span.add(event.streamId, event);
          events += page.length;
          read[i] = page[page.length - 1].position - after;
          onProgress?.({ events, done: read.reduce((a, b) => a + b, 0n), total });
        }
        return span;
      }),
    );
    return joinSpans(spans);
  }

  /** The log in pages; the next page is already being read while the caller works on this one. */
  private async *pages(
    filter?: { streamPrefixes: string[] },
    after?: GlobalPosition,
    upTo?: GlobalPosition,
  ): AsyncGenerator<RecordedEvent[]> {
    let reading = this.store.readAll({ after, maxCount: PAGE, filter });
    for (;;) {
      const read = await reading;
      const page = upTo === undefined ? read : read.filter((e) => e.position <= upTo);
      if (page.length === 0) return;
      const full = read.length === PAGE && page.length === read.length;
      if (full) {
        reading = this.store.readAll({
          after: page[page.length - 1].position,
          maxCount: PAGE,
          filter,
        });
        // A caller that stops early never awaits it; its failure must not go unhandled.
        reading.catch(() => undefined);
      }
      yield page;
      if (!full) return;
    }
  }

  private async *log(filter: { streamPrefixes: string[] }): AsyncGenerator<RecordedEvent> {
    for await (const page of this.pages(filter)) yield* page;
  }

  private async read(streamId: string, fromRevision: number, maxCount: number) {
    try {
      return await this.store.readStream(streamId, { fromRevision, maxCount });
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw streamNotFound(streamId);
      throw error;
    }
  }

  private async wholeStream(streamId: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await this.read(streamId, events.length, PAGE);
      events.push(...page);
      if (page.length < PAGE) return events;
    }
  }
}
