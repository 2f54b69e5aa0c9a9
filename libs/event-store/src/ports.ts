import type {
  AppendResult,
  EventFilter,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreKind,
} from './types';

export const EVENT_STORE = Symbol('EventStore');
export const EVENT_FEED = Symbol('EventFeed');

export interface EventStore {
  /** The adapter, so a stored position can say which log it belongs to. */
  readonly kind: StoreKind;
  /** Atomic per stream: all events are written or none. Throws WrongExpectedRevisionError on conflict. */
  append(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The global log in position order, never past an event whose writer may still commit before it. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event readers may see; undefined for an empty log. */
  headPosition(): Promise<GlobalPosition | undefined>;
  /**
   * Position of the newest committed event, even where readers may not see it yet (an older
   * transaction still open): the line between "before now" and "from now on". Undefined when empty.
   */
  newestPosition(): Promise<GlobalPosition | undefined>;
  close(): Promise<void>;
}

export type FeedHandler = (event: RecordedEvent) => Promise<void>;

export interface FeedSubscriptionOptions {
  /** Identifies the consumer in logs and, for brokers, its consumer group. */
  name: string;
  /** Resume after this checkpoint (exclusive); omitted: from the start of the log. */
  after?: GlobalPosition;
  filter?: EventFilter;
  handler: FeedHandler;
  /**
   * The events of one read at once, in order, so a consumer can apply them in one transaction; a
   * feed that reads in batches calls it instead of handler. Throwing fails the subscription.
   */
  batchHandler?: (events: RecordedEvent[]) => Promise<void>;
  /** A feed that gives up on an event (a broker's dead-letter path) says so, so it is not lost silently. */
  onGiveUp?: (event: RecordedEvent, error: unknown, attempts: number) => Promise<void>;
}

export interface FeedSubscription {
  /** Stops after the event in hand, if any, has been handled. */
  stop(): Promise<void>;
  /** Settles when the subscription stops; rejects with the handler's error if a handler threw. */
  readonly done: Promise<void>;
  /**
   * True once every event at or before `position` that this subscription is to deliver has been
   * handled: what read-your-writes waits for, whatever the filter skips.
   */
  caughtUpTo(position: GlobalPosition): Promise<boolean>;
}

/** Delivers every event of the global log in order, at least once, from a checkpoint. */
export interface EventFeed {
  subscribe(options: FeedSubscriptionOptions): FeedSubscription;
}
