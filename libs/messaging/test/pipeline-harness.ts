import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { PostgresEventStore, type RecordedEvent } from '@warranty/event-store';
import { ProjectionRunner, readModelsEntities, readModelsMigrations } from '@warranty/read-models';
import { createTestDatabase, type TestDatabase, waitUntil } from '@warranty/testing';
import { DataSource } from 'typeorm';
import {
  LEDGER_TABLE,
  LedgerProjection,
  RecordingLogger,
} from '../../read-models/test/ledger-projection';
import {
  EventRelay,
  type EventRelayOptions,
  KafkaEventFeed,
  type KafkaEventFeedOptions,
  Topics,
} from '../src';

/** A database, an event store, a relay and Kafka-fed projections, all with names of their own. */
export class Pipeline {
  readonly topics = new Topics(`t${randomUUID().slice(0, 8)}.`);
  readonly prefix = `claim-${randomUUID().slice(0, 8)}`;
  readonly logger = new RecordingLogger();
  database!: TestDatabase;
  store!: PostgresEventStore;
  pool!: Pool;
  dataSource!: DataSource;
  private readonly closers: Array<() => Promise<unknown>> = [];

  constructor(readonly brokers: string[]) {}

  async open(): Promise<this> {
    this.database = await createTestDatabase('kafka');
    this.store = await PostgresEventStore.connect({ connectionString: this.database.url });
    this.pool = new Pool({ connectionString: this.database.url, max: 4 });
    this.dataSource = new DataSource({
      type: 'postgres',
      url: this.database.url,
      entities: readModelsEntities,
      migrations: readModelsMigrations,
      migrationsTableName: 'read_model_migrations',
      migrationsRun: true,
    });
    await this.dataSource.initialize();
    await this.dataSource.query(LEDGER_TABLE);
    return this;
  }

  relay(options: Partial<EventRelayOptions> = {}): EventRelay {
    const relay = new EventRelay(this.store, this.pool, {
      brokers: this.brokers,
      topics: this.topics,
      partitions: 3,
      idleMs: 10,
      ...options,
    });
    this.closers.push(() => relay.stop());
    return relay;
  }

  feed(relay: EventRelay, options: Partial<KafkaEventFeedOptions> = {}): KafkaEventFeed {
    const feed = new KafkaEventFeed({
      brokers: this.brokers,
      topics: this.topics,
      retryDelayMs: 20,
      sessionTimeoutMs: 10_000,
      publishedUpTo: () => relay.publishedUpTo(),
      ...options,
    });
    this.closers.push(() => feed.close());
    return feed;
  }

  runner(feed: KafkaEventFeed, projection = this.ledger()): ProjectionRunner {
    const runner = new ProjectionRunner(this.dataSource, feed, [projection], {
      logger: this.logger,
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
    });
    this.closers.unshift(() => runner.stop());
    return runner;
  }

  ledger(name = `ledger-${this.prefix}`): LedgerProjection {
    return new LedgerProjection(name, `${this.prefix}-`);
  }

  /** Appends `count` events round-robin over `streams` streams; returns their ids in append order. */
  async append(count: number, streams = 10, type = 'Step'): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      await this.store.append(`${this.prefix}-${i % streams}`, [{ id, type, data: { i } }], 'any');
      ids.push(id);
    }
    return ids;
  }

  /** How many ledger rows each event id has. */
  async ledgerCounts(): Promise<Map<string, number>> {
    const rows: Array<{ event_id: string; n: string }> = await this.dataSource.query(
      'SELECT event_id, count(*) AS n FROM ledger GROUP BY event_id',
    );
    return new Map(rows.map((r) => [r.event_id, Number(r.n)]));
  }

  async waitForLedger(expected: number, timeoutMs = 60_000): Promise<void> {
    await waitUntil(async () => (await this.ledgerCounts()).size >= expected, {
      timeoutMs,
      intervalMs: 100,
      describe: () => `${expected} events in the ledger`,
    });
  }

  /** Reads every message of the given topics from the start with a throwaway consumer group. */
  async readTopics(
    topics: string[],
    expected: number,
    timeoutMs = 30_000,
  ): Promise<
    Array<{
      topic: string;
      partition: number;
      key: string;
      headers: Record<string, string>;
      value: string;
    }>
  > {
    const kafka = new Kafka({
      clientId: 'pipeline-reader',
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `${this.topics.namespace}reader-${randomUUID()}` });
    const seen: Array<{
      topic: string;
      partition: number;
      key: string;
      headers: Record<string, string>;
      value: string;
    }> = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
          );
          seen.push({
            topic,
            partition,
            key: String(message.key),
            headers,
            value: String(message.value),
          });
        },
      });
      await waitUntil(() => seen.length >= expected, {
        timeoutMs,
        describe: () => `${expected} messages, got ${seen.length}`,
      });
      // Room for duplicates to show up before the caller counts.
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }

  async close(): Promise<void> {
    for (const close of this.closers.splice(0)) await close().catch(() => undefined);
    await this.dataSource?.destroy();
    await this.pool?.end();
    await this.store?.close();
    await this.database?.drop();
  }
}

export const streamOrderOf = (events: Array<{ key: string; headers: Record<string, string> }>) => {
  const byKey = new Map<string, number[]>();
  for (const e of events)
    byKey.set(e.key, [...(byKey.get(e.key) ?? []), Number(e.headers.revision)]);
  return byKey;
};

export type { RecordedEvent };
