import { randomUUID } from 'node:crypto';
import { PostgresEventFeed, PostgresEventStore } from '@warranty/event-store';
import { benchDatabase, formatRate, progress } from '@warranty/testing/bench';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

interface Case {
  eventsPerAppend: number;
  streams: number;
}

async function appendFor(
  store: PostgresEventStore,
  { eventsPerAppend, streams }: Case,
): Promise<number> {
  const deadline = Date.now() + SECONDS * 1000;
  let events = 0;
  await Promise.all(
    Array.from({ length: streams }, async () => {
      const stream = `bench-${randomUUID()}`;
      let revision: number | 'no_stream' = 'no_stream';
      while (Date.now() < deadline) {
        const batch = Array.from({ length: eventsPerAppend }, (_, i) => ({
          type: 'BenchEvent',
          data: { i, at: Date.now() },
        }));
        revision = (await store.append(stream, batch, revision)).nextRevision;
        events += eventsPerAppend;
      }
    }),
  );
  return events / SECONDS;
}

async function main(): Promise<void> {
  const db = await benchDatabase('bench_store');
  const store = await PostgresEventStore.connect({ connectionString: db.url, poolSize: 70 });
  const results: Array<Case & { rate: number }> = [];
  const cases: Case[] = [1, 10].flatMap((eventsPerAppend) =>
    [1, 8, 64].map((streams) => ({ eventsPerAppend, streams })),
  );
  console.log(
    `Append throughput on ${db.description}, ${SECONDS} s per case (exact expected revision, one writer per stream)`,
  );
  for (const [i, c] of cases.entries()) {
    progress(
      `case ${i + 1}/${cases.length}: ${c.eventsPerAppend}-event appends on ${c.streams} streams`,
    );
    const rate = await appendFor(store, c);
    results.push({ ...c, rate });
  }
  progress('');
  console.log('events/append  streams  events/s   appends/s');
  for (const r of results) {
    console.log(
      `${String(r.eventsPerAppend).padStart(13)}  ${String(r.streams).padStart(7)}  ${formatRate(r.rate).padStart(8)}  ${formatRate(r.rate / r.eventsPerAppend).padStart(10)}`,
    );
  }
  const rate = (e: number, s: number) =>
    results.find((r) => r.eventsPerAppend === e && r.streams === s)!.rate;
  console.log(
    `ratio 64 streams / 1 stream:  1-event ${(rate(1, 64) / rate(1, 1)).toFixed(2)}x, 10-event ${(rate(10, 64) / rate(10, 1)).toFixed(2)}x`,
  );
  console.log(
    `ratio 10-event / 1-event appends (events/s): 1 stream ${(rate(10, 1) / rate(1, 1)).toFixed(2)}x, 64 streams ${(rate(10, 64) / rate(1, 64)).toFixed(2)}x`,
  );

  const total = Number(
    await store.pool.query('SELECT count(*) AS n FROM event_store.events').then((r) => r.rows[0].n),
  );
  const feed = new PostgresEventFeed(store, { connectionString: db.url, batchSize: 1000 });
  let read = 0;
  const started = process.hrtime.bigint();
  let finished!: () => void;
  const allRead = new Promise<void>((resolve) => (finished = resolve));
  const subscription = feed.subscribe({
    name: 'bench',
    handler: async () => {
      if (++read % 20_000 === 0) progress(`feed: ${read}/${total} events`);
      if (read === total) finished();
    },
  });
  await allRead;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  progress('');
  await subscription.stop();
  console.log(
    `feed read rate: ${formatRate(total / seconds)} events/s (${total} events in ${seconds.toFixed(2)} s)`,
  );
  await feed.close();
  await store.close();
  await db.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
