import type { EventFilter, GlobalPosition, RecordedEvent } from '@warranty/event-store';
import type { EntityManager } from 'typeorm';
import type { RowFold } from './row-fold';

/** A read model fed from the event log; the runner calls handle() inside the transaction that moves its checkpoint. */
export interface Projection {
  /** Unique; keys the checkpoint and names the feed subscription. */
  readonly name: string;
  readonly filter: EventFilter;
  /** The tables only this projection writes: what a rebuild builds afresh and swaps in. */
  readonly tables?: string[];
  /**
   * No statement's result decides what its handlers do (no reads, no affected-row checks that
   * matter on an ordered replay), so a rebuild may send many events' statements at once.
   */
  readonly writesOnly?: boolean;
  /** Its one table as a pure fold per stream: a rebuild then writes each row once per batch. */
  readonly rowFold?: RowFold;
  handle(event: RecordedEvent, manager: EntityManager): Promise<void>;
  /** The events of a live batch, in order, in fewer statements: the same rows handle() leaves. */
  handleBatch?(events: RecordedEvent[], manager: EntityManager): Promise<void>;
  /** Told after a live transaction that handled events committed: what it wrote is visible now. */
  committed?(): void;
}

/** How fresh a query's answer must be. */
export interface ReadOptions {
  /** Read-your-writes: wait (bounded) until the read model has caught up to this position. */
  minPosition?: GlobalPosition;
  /** Told when the wait timed out: the answer is older than minPosition; reached is the checkpoint. */
  onStale?: (reached: GlobalPosition | undefined) => void;
}
