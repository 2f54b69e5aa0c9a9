import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { PostgresEventFeed } from '@warranty/event-store';
import { benchDatabase, formatRate, progress } from '@warranty/testing/bench';
import { bareInsert, type BenchEvent, type Contender, emmett, thisStore } from './contenders';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const POOL_SIZE = 40;
const PAGE = 1000;

interface Case {
  writers: number;
  eventsPerAppend: number;
}
const CASES: Case[] = [
  { writers: 1, eventsPerAppend: 1 },
  { writers: 8, eventsPerAppend: 1 },
  { writers: 32, eventsPerAppend: 1 },
  { writers: 8, eventsPerAppend: 10 },
];
const label = (c: Case) =>
  `${c.writers} writer${c.writers > 1 ? 's' : ''} × ${c.eventsPerAppend} event${c.eventsPerAppend > 1 ? 's' : ''}`;

const batch = (n: number): BenchEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    type: 'BenchEventHappened',
    data: { i, at: new Date().toISOString(), amount: { minor: 1999, currency: 'EUR' } },
    metadata: { correlationId: randomUUID(), actor: { kind: 'user', id: 'bench' } },
  }));

interface Measured {
  rate: number;
  /** CPU time this process spent per event, user and system, in microseconds. */
  cpuMicros: number;
}

/** Events per second while `writers` writers append back to back for SECONDS. */
async function appendRate(contender: Contender, c: Case, seconds = SECONDS): Promise<Measured> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let events = 0;
  await Promise.all(
    Array.from({ length: c.writers }, async () => {
      const write = contender.newWriter();
      while (performance.now() < deadline) {
        await write(batch(c.eventsPerAppend));
        events += c.eventsPerAppend;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    rate: events / ((performance.now() - started) / 1000),
    cpuMicros: (used.user + used.system) / events,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

async function main(): Promise<void> {
  const db = await benchDatabase('bench_compare');
  const ours = await thisStore(db.url, POOL_SIZE);
  const contenders = [ours, await emmett(db.url, POOL_SIZE), await bareInsert(db.url, POOL_SIZE)];
  const rates = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const key = (name: string, c: Case) => `${name}|${label(c)}`;
  console.log(
    `Appends side by side on ${db.description}: ${ROUNDS} rounds of ${SECONDS} s per case and system, ` +
      `systems alternating round by round; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );

  progress('warming up');
  for (const contender of contenders) await appendRate(contender, CASES[1], 0.5);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  for (let round = 0; round < ROUNDS; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
    for (const c of CASES) {
      for (const contender of order) {
        const { rate, cpuMicros } = await appendRate(contender, c);
        const k = key(contender.name, c);
        rates.set(k, [...(rates.get(k) ?? []), rate]);
        cpu.set(k, [...(cpu.get(k) ?? []), cpuMicros]);
      }
    }
    const line = CASES.map((c) => {
      const [a, e, b] = contenders.map((x) => rates.get(key(x.name, c))!.at(-1)!);
      return `${label(c)}: ${formatRate(a)} (${ratio(a, e)} Emmett, ${ratio(a, b)} bare)`;
    }).join('; ');
    process.stderr.write(`round ${round + 1}/${ROUNDS} (load ${load()}): ${line}\n`);
  }

  console.log(
    '\n| case | this store | Emmett | bare INSERT | × Emmett | × bare | client CPU µs/event (store, Emmett, bare) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const c of CASES) {
    const [a, e, b] = contenders.map((x) => median(rates.get(key(x.name, c))!));
    const micros = contenders.map((x) => median(cpu.get(key(x.name, c))!).toFixed(0)).join(', ');
    console.log(
      `| ${label(c)} | ${formatRate(a)} | ${formatRate(e)} | ${formatRate(b)} | ${ratio(a, e)} | ${ratio(a, b)} | ${micros} |`,
    );
  }
  console.log('(events/s, median over rounds)');

  await feedReadRates(ours.store, db.url);
  for (const contender of contenders) await contender.close();
  await db.dispose();
}

/** The store's global feed against a bare keyset SELECT over the same table, in pages of PAGE. */
async function feedReadRates(
  store: Awaited<ReturnType<typeof thisStore>>['store'],
  url: string,
): Promise<void> {
  const total = Number(
    (await store.pool.query('SELECT count(*) AS n FROM event_store.events')).rows[0].n,
  );
  const feed = new PostgresEventFeed(store, { connectionString: url, batchSize: PAGE });
  const viaFeed = async () => {
    let read = 0;
    const started = performance.now();
    let finished!: () => void;
    const allRead = new Promise<void>((resolve) => (finished = resolve));
    const subscription = feed.subscribe({
      name: 'bench-feed',
      handler: async () => {
        if (++read === total) finished();
      },
    });
    await allRead;
    const rate = total / ((performance.now() - started) / 1000);
    await subscription.stop();
    return rate;
  };
  const viaSelect = async () => {
    let after = '-1';
    let read = 0;
    const started = performance.now();
    for (;;) {
      const { rows } = await store.pool.query<{ position: string }>(
        `SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at
           FROM event_store.events WHERE position > $1 ORDER BY position LIMIT ${PAGE}`,
        [after],
      );
      read += rows.length;
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].position;
    }
    if (read !== total) throw new Error(`bare SELECT read ${read} of ${total} events`);
    return total / ((performance.now() - started) / 1000);
  };
  const feedRates: number[] = [];
  const selectRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    const [first, second] = round % 2 ? [viaSelect, viaFeed] : [viaFeed, viaSelect];
    const a = await first();
    const b = await second();
    (first === viaFeed ? feedRates : selectRates).push(a);
    (second === viaFeed ? feedRates : selectRates).push(b);
    process.stderr.write(
      `feed round ${round + 1}/3: feed ${formatRate(feedRates.at(-1)!)}, bare SELECT ${formatRate(selectRates.at(-1)!)} events/s\n`,
    );
  }
  const [f, s] = [median(feedRates), median(selectRates)];
  console.log(
    `\nGlobal feed read of ${total} events: ${formatRate(f)} events/s; bare keyset SELECT ${formatRate(s)} events/s; ${ratio(f, s)} bare`,
  );
  await feed.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
