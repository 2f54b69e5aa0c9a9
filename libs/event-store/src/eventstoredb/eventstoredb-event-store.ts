import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  isCommandError,
  jsonEvent,
  NO_STREAM,
  START,
  type AllStreamResolvedEvent,
  type Position,
  type ReadAllOptions as EsdbReadAllOptions,
  type ReadPosition,
} from '@eventstore/db-client';
import { chainOntoHead, type ChainedAppend, type StreamHead } from '../chain';
import {
  EventStoreError,
  InvalidAppendError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../errors';
import type { EventFeed, EventStore, FeedSubscription, FeedSubscriptionOptions } from '../ports';
import {
  matchesFilter,
  type AppendResult,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../types';
import { CatchUpProbe } from './catch-up-probe';
import {
  comparePositions,
  exactRevision,
  headOf,
  isSystemEvent,
  readPositionAfter,
  serverFilter,
  toRecordedEvent,
  translateError,
} from './eventstoredb-mapping';

const DEFAULT_MAX_COUNT = 1000;
const PAGE_SIZE = 500;
const HEAD_PAGE_SIZE = 32;
const ANY_REVISION_ATTEMPTS = 64;

export interface EventStoreDbEventStoreOptions {
  /** e.g. esdb://localhost:2113?tls=false */
  connectionString: string;
}

export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb';
  private constructor(readonly client: EventStoreDBClient) {}

  /** Connects and reads once, so an unreachable server fails here rather than on first use. */
  static async connect(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const client = EventStoreDBClient.connectionString(options.connectionString);
    const store = new EventStoreDbEventStore(client);
    try {
      await store.readAllPage({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    } catch (error) {
      await client.dispose();
      throw error;
    }
    return store;
  }

  async append(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new InvalidAppendError('An append needs at least one event');
    for (let attempt = 1; ; attempt++) {
      // A new stream chains from genesis; the server refuses NO_STREAM if the stream exists.
      const head = expected === 'no_stream' ? undefined : await this.head(streamId);
      const chained = chainOntoHead(streamId, expected, head, events);
      try {
        return await this.appendAfter(streamId, chained);
      } catch (error) {
        // Another writer moved the head between our read and our append: chain onto the new head.
        const retry = expected === 'any' || expected === 'stream_exists';
        if (error instanceof WrongExpectedRevisionError && retry && attempt < ANY_REVISION_ATTEMPTS)
          continue;
        if (error instanceof WrongExpectedRevisionError)
          throw new WrongExpectedRevisionError(streamId, expected, error.actual);
        throw error;
      }
    }
  }

  /** The stream's last event (revision and chain hash), read backwards; undefined for no stream. */
  private async head(streamId: string): Promise<StreamHead | undefined> {
    try {
      const read = this.client.readStream(streamId, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      });
      for await (const { event } of read) if (event) return headOf(event);
      return undefined;
    } catch (error) {
      const translated = translateError(error, streamId);
      if (translated instanceof StreamNotFoundError) return undefined;
      throw translated;
    }
  }

  /** Appends at exactly the revision the chain was computed for. */
  private async appendAfter(streamId: string, chained: ChainedAppend): Promise<AppendResult> {
    try {
      const result = await this.client.appendToStream(
        streamId,
        chained.events.map((e) =>
          jsonEvent({ id: e.id ?? randomUUID(), type: e.type, data: e.data, metadata: e.metadata }),
        ),
        { expectedRevision: exactRevision(chained.after) },
      );
      if (!result.position)
        throw new EventStoreError(
          `EventStoreDB reported no position for the append to ${streamId}`,
        );
      // The server reports the position of the append's last event.
      return {
        nextRevision: Number(result.nextExpectedRevision),
        position: result.position.commit,
      };
    } catch (error) {
      if (
        error instanceof Error &&
        isCommandError(error) &&
        error.type === ErrorType.WRONG_EXPECTED_VERSION
      ) {
        const actual = error.actualVersion === NO_STREAM ? NO_STREAM : Number(error.actualVersion);
        throw new WrongExpectedRevisionError(streamId, chained.after, actual);
      }
      throw translateError(error, streamId);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision:
          options.fromRevision === undefined
            ? backwards
              ? END
              : START
            : BigInt(options.fromRevision),
        maxCount: options.maxCount,
      });
      // A missing stream surfaces as an error while iterating, not when the read starts.
      for await (const { event, commitPosition } of read) {
        if (event) events.push(toRecordedEvent(event, commitPosition));
      }
    } catch (error) {
      throw translateError(error, streamId);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? DEFAULT_MAX_COUNT;
    const events: RecordedEvent[] = [];
    // $all reads include their start position, so each page drops the event at its cursor.
    // The filter is applied here: version 6 of the client sends every $all read unfiltered.
    const start = readPositionAfter(options.after);
    let cursor = start === START ? undefined : (start as Position);
    while (events.length < limit) {
      const page = await this.readAllPage({ fromPosition: cursor ?? START, maxCount: PAGE_SIZE });
      let last: Position | undefined;
      for (const { event, commitPosition } of page) {
        if (!event?.position || (cursor && comparePositions(event.position, cursor) <= 0)) continue;
        last = event.position;
        if (isSystemEvent(event) || !matchesFilter(event, options.filter)) continue;
        events.push(toRecordedEvent(event, commitPosition));
        if (events.length === limit) break;
      }
      if (page.length < PAGE_SIZE || !last) break;
      cursor = last;
    }
    return events;
  }

  /** EventStoreDB shows an event once it is committed, in commit order: the head is the newest. */
  newestPosition(): Promise<GlobalPosition | undefined> {
    return this.headPosition();
  }

  async headPosition(): Promise<GlobalPosition | undefined> {
    let from: ReadPosition = END;
    for (;;) {
      const page = await this.readAllPage({
        direction: BACKWARDS,
        fromPosition: from,
        maxCount: HEAD_PAGE_SIZE,
      });
      // The tail of $all is often the server's own events ($stats and the like), which readers never see.
      const newest = page.find(({ event }) => event && !isSystemEvent(event))?.event;
      if (newest) return newest.position.commit;
      const oldest = page.at(-1)?.event;
      if (page.length < HEAD_PAGE_SIZE || !oldest) return undefined;
      from = oldest.position;
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /** Reads one bounded page of $all into memory, so no gRPC read is left half-consumed. */
  private async readAllPage(options: EsdbReadAllOptions): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readAll(options)) page.push(resolved);
    } catch (error) {
      throw translateError(error);
    }
    return page;
  }
}

/** A catch-up subscription to $all; each event's handler finishes before the next event is taken. */
export class EventStoreDbEventFeed implements EventFeed {
  constructor(private readonly store: EventStoreDbEventStore) {}

  subscribe({ after, filter, handler }: FeedSubscriptionOptions): FeedSubscription {
    const progress = new CatchUpProbe(
      async (from) => (await this.store.readAll({ after: from, maxCount: 1, filter }))[0]?.position,
      after,
    );
    const subscription = this.store.client.subscribeToAll({
      fromPosition: readPositionAfter(after),
      filter: serverFilter(filter),
    });
    // gRPC errors arriving after the loop has ended must not crash the process as unhandled 'error' events.
    subscription.on('error', () => undefined);
    let stopped = false;
    let handlerFailed = false;

    const run = async () => {
      try {
        for await (const { event, commitPosition } of subscription) {
          if (stopped) return;
          if (!event || isSystemEvent(event) || !matchesFilter(event, filter)) continue;
          const recorded = toRecordedEvent(event, commitPosition);
          // The checkpoint itself was handled before; guards against a start that includes it.
          if (after !== undefined && recorded.position <= after) continue;
          try {
            await handler(recorded);
            progress.handledAt(recorded.position);
          } catch (error) {
            handlerFailed = true;
            throw error;
          }
        }
      } catch (error) {
        if (handlerFailed) throw error;
        if (!stopped) throw translateError(error);
      } finally {
        await subscription.unsubscribe().catch(() => undefined);
      }
    };
    const done = run();
    done.catch(() => undefined);
    return {
      done,
      caughtUpTo: (position) => progress.caughtUpTo(position),
      stop: async () => {
        stopped = true;
        await subscription.unsubscribe().catch(() => undefined);
        // Ends an iteration that is waiting for the next event; one in a handler finishes first.
        subscription.destroy();
        await done.catch(() => undefined);
      },
    };
  }
}
