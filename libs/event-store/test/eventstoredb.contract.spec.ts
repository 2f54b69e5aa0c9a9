import {
  EventStoreDbEventFeed,
  EventStoreDbEventStore,
} from '../src/eventstoredb/eventstoredb-event-store';
import { eventStoreContract } from './event-store.contract';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

describe('EventStoreDB event store', () => {
  if (connectionString) {
    eventStoreContract(async () => {
      const store = await EventStoreDbEventStore.connect({ connectionString });
      return { store, feed: new EventStoreDbEventFeed(store), dispose: () => store.close() };
    });
  } else {
    const reason = `EventStoreDB contract suite skipped: ${process.env.EVENTSTORE_SKIP_REASON ?? 'EVENTSTORE_CONNECTION_STRING is unset'}`;
    // A skipped suite must be visible in the run's output, not just counted.
    process.stdout.write(`\n${reason}\n`);
    it.skip(reason, () => undefined);
  }
});
