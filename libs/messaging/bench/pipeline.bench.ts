import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  type EventFeed,
  PostgresEventFeed,
  PostgresEventStore,
  type RecordedEvent,
} from '@warranty/event-store';
import {
  ProjectionRunner,
  type Projection,
  readModelsEntities,
  readModelsMigrations,
  runStatement,
} from '@warranty/read-models';
import { benchDatabase, formatRate, progress } from '@warranty/testing/bench';
import { DataSource, type EntityManager } from 'typeorm';
import { EventRelay, KafkaEventFeed, Topics } from '../src';
import { startLocalKafka } from '../src/local-broker';

const N = Number(process.env.BENCH_EVENTS ?? 100_000);
const LAG_EVENTS = Number(process.env.BENCH_LAG_EVENTS ?? 10_000);
const LAG_RATE = Number(process.env.BENCH_LAG_RATE ?? 500);
const WRITERS = 16;
/** BENCH_KAFKA=off: the store feed alone, no broker and no relay. */
const WITH_KAFKA = process.env.BENCH_KAFKA !== 'off';

/** One row per event with the time from append to the row's transaction. */
class LagProjection implements Projection {
  readonly filter = { streamPrefixes: ['claim-'] };
  constructor(readonly name: string) {}
  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    await runStatement(
      manager,
      'INSERT INTO bench_lag (projection, event_id, lag_ms) VALUES ($1, $2, $3)',
      [this.name, event.id, Date.now() - event.recordedAt.getTime()],
    );
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function appendBacklog(store: PostgresEventStore, total: number): Promise<number> {
  const started = Date.now();
  let appended = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const stream = `claim-bench-${w}-${randomUUID().slice(0, 8)}`;
      while (appended < total) {
        const reached = (appended += 10);
        await store.append(
          stream,
          Array.from({ length: 10 }, (_, i) => ({ type: 'BenchEvent', data: { w, i } })),
          'any',
        );
        if (reached % 10_000 === 0) progress(`appended ${reached}/${total}`);
      }
    }),
  );
  return (appended / (Date.now() - started)) * 1000;
}

async function measureLag(
  store: PostgresEventStore,
  dataSource: DataSource,
  feed: EventFeed,
  name: string,
) {
  const runner = new ProjectionRunner(dataSource, feed, [new LagProjection(name)], {
    logger: { log: () => undefined, error: (m) => progress(m) },
  });
  await runner.start();
  // Let the projection catch up with the backlog first, so the lag measured is the steady state.
  const head = (await store.headPosition())!;
  while (!(await runner.isCaughtUp(name, head))) {
    const { rows } = await dataSource
      .query(`SELECT count(*)::int AS n FROM bench_lag WHERE projection = $1`, [name])
      .then((r) => ({ rows: r }));
    progress(`${name}: catching up with the backlog, ${rows[0].n} rows`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  const caughtUpRows = Number(
    (
      await dataSource.query(`SELECT count(*)::int AS n FROM bench_lag WHERE projection = $1`, [
        name,
      ])
    )[0].n,
  );
  const ids: string[] = [];
  const started = Date.now();
  for (let i = 0; i < LAG_EVENTS; i++) {
    const id = randomUUID();
    ids.push(id);
    await store.append(
      `claim-lag-${i % 50}-${name}`,
      [{ id, type: 'LagProbe', data: { i } }],
      'any',
    );
    const due = started + ((i + 1) * 1000) / LAG_RATE;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    if (i % 1000 === 0) progress(`${name}: ${i}/${LAG_EVENTS} probes appended at ${LAG_RATE}/s`);
  }
  const last = (
    await store.readStream(`claim-lag-${(LAG_EVENTS - 1) % 50}-${name}`, {
      direction: 'backwards',
      maxCount: 1,
    })
  )[0];
  await runner.waitFor(name, last.position, 120_000);
  await runner.stop();
  const lags: number[] = (
    await dataSource.query(
      `SELECT lag_ms FROM bench_lag WHERE projection = $1 AND event_id = ANY($2)`,
      [name, ids],
    )
  )
    .map((r: { lag_ms: number }) => r.lag_ms)
    .sort((a: number, b: number) => a - b);
  return {
    backlogRows: caughtUpRows,
    probes: lags.length,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: lags[lags.length - 1],
  };
}

async function main(): Promise<void> {
  const db = await benchDatabase('bench_pipeline');
  let brokers = process.env.KAFKA_BROKERS ?? (WITH_KAFKA ? undefined : 'none');
  let stopKafka: () => Promise<void> = async () => undefined;
  if (!brokers) {
    progress('starting a local Kafka broker');
    const kafka = await startLocalKafka({ log: progress });
    brokers = kafka.brokers;
    stopKafka = () => kafka.stop();
  }
  const store = await PostgresEventStore.connect({ connectionString: db.url, poolSize: 24 });
  const pool = new Pool({ connectionString: db.url, max: 4 });
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    entities: readModelsEntities,
    migrations: readModelsMigrations,
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
  });
  await dataSource.initialize();
  await dataSource.query('CREATE TABLE bench_lag (projection text, event_id uuid, lag_ms int)');
  const topics = new Topics(`bench${Date.now()}.`);

  console.log(
    `Pipeline on ${db.description}${WITH_KAFKA ? ` and Kafka at ${brokers}` : ', store feed only'}: ${N} events, then ${LAG_EVENTS} probes at ${LAG_RATE}/s per feed`,
  );
  const appendRate = await appendBacklog(store, N);
  console.log(`append rate (16 writers, 10-event appends): ${formatRate(appendRate)} events/s`);
  const storeFeed = new PostgresEventFeed(store, { connectionString: db.url, batchSize: 1000 });
  const results = [
    { feed: 'store', ...(await measureLag(store, dataSource, storeFeed, 'lag-store')) },
  ];
  await storeFeed.close();
  if (WITH_KAFKA) results.push(await kafkaLag(store, dataSource, pool, brokers, topics));
  progress('');
  console.log('feed    backlog rows  probes  lag p50 ms  lag p99 ms  max ms');
  for (const r of results) {
    console.log(
      `${r.feed.padEnd(6)} ${String(r.backlogRows).padStart(13)} ${String(r.probes).padStart(7)} ${String(r.p50).padStart(11)} ${String(r.p99).padStart(11)} ${String(r.max).padStart(7)}`,
    );
  }
  if (results.length > 1)
    console.log(
      `ratio kafka / store lag: p50 ${(results[1].p50 / Math.max(1, results[0].p50)).toFixed(2)}x, p99 ${(results[1].p99 / Math.max(1, results[0].p99)).toFixed(2)}x`,
    );

  await dataSource.destroy();
  await pool.end();
  await store.close();
  await db.dispose();
  await stopKafka();
}

/** Relays the backlog into Kafka, then measures the probes' lag through the Kafka feed. */
async function kafkaLag(
  store: PostgresEventStore,
  dataSource: DataSource,
  pool: Pool,
  brokers: string,
  topics: Topics,
) {
  const relay = new EventRelay(store, pool, {
    brokers: brokers.split(','),
    topics,
    partitions: 3,
    batchSize: 1000,
  });
  const relayStarted = Date.now();
  await relay.start();
  const head = (await store.headPosition())!;
  while (((await relay.publishedUpTo()) ?? -1n) < head) {
    progress(`relay: ${relay.published}/${N} published`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const relayRate = (relay.published / (Date.now() - relayStarted)) * 1000;
  console.log(
    `relay rate into Kafka (backlog of ${relay.published}): ${formatRate(relayRate)} events/s`,
  );

  const kafkaFeed = new KafkaEventFeed({
    brokers: brokers.split(','),
    topics,
    publishedUpTo: () => relay.publishedUpTo(),
  });
  const result = {
    feed: 'kafka',
    ...(await measureLag(store, dataSource, kafkaFeed, 'lag-kafka')),
  };
  await relay.stop();
  await kafkaFeed.close();
  return result;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
