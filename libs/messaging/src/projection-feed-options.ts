import type { EventFeed, EventStore, RecordedEvent } from '@warranty/event-store';
import { KafkaEventFeed } from './kafka-feed/kafka-event-feed';

/**
 * The ProjectionRunner settings every service derives from its feed and store alike: positions
 * and lag from the store, and a parked event also sent to its dead-letter topic on Kafka.
 */
export function projectionFeedOptions(feed: EventFeed, store?: EventStore) {
  return {
    storeKind: store?.kind,
    headPosition: store && (() => store.headPosition()),
    onParked:
      feed instanceof KafkaEventFeed
        ? (projection: string, event: RecordedEvent, error: unknown) =>
            feed.deadLetter(projection, event, error)
        : undefined,
  };
}
