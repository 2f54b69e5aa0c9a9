import { claimEvents as claimContract } from '@warranty/contracts/claims';
import { PostgresEventStore } from '@warranty/event-store';
import { initializeReadModels, ProjectionRebuild } from '@warranty/read-models';
import { benchDatabase, formatRate, progress } from '@warranty/testing/bench';
import { Client } from 'pg';
import { ClaimStatusProjection } from '../src/projections/claim-status.projection';
import { readModelDataSourceOptions } from '../src/schema';
import { claimEvents, claimFiled, newClaim, storedClaimEvent } from '../test/claim-events';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PER_CLAIM = 5;

/** One INSERT writes the whole log: claims of five events each, as the appends would have. */
async function generate(url: string, claims: number): Promise<void> {
  const sample = newClaim({ retailerId: 'r-bench', manufacturerId: 'm-bench' });
  const e = claimEvents(sample);
  const lifecycle = [
    claimFiled(sample),
    e.reviewStarted('2026-02-22T09:00:00.000Z'),
    e.infoRequested('2026-02-23T09:00:00.000Z', '2026-03-05T17:00:00.000Z'),
    e.infoProvided('2026-02-24T09:00:00.000Z'),
    e.approved('2026-02-25T09:00:00.000Z'),
  ].map((event) => storedClaimEvent(event, sample));
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO event_store.events
         (position, transaction_id, stream_id, revision, event_id, type, data, metadata)
       SELECT (pg_current_xact_id()::text::bigint << 20) + n, pg_current_xact_id(),
              'claim-bench-' || (n / $1), n % $1, gen_random_uuid(),
              ($2::text[])[n % $1 + 1], ($3::jsonb[])[n % $1 + 1], $4::jsonb
         FROM generate_series(0, $5::int - 1) AS n`,
      [
        PER_CLAIM,
        lifecycle.map((event) => event.type),
        lifecycle.map((event) => JSON.stringify(event.data)),
        JSON.stringify(lifecycle[0].metadata),
        claims * PER_CLAIM,
      ],
    );
    // Autovacuum would get there too; the rebuild's reads need the planner to know the table.
    await client.query('ANALYZE event_store.events');
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const db = await benchDatabase('bench_rebuild');
  const store = await PostgresEventStore.connect({ connectionString: db.url });
  const dataSource = await initializeReadModels(readModelDataSourceOptions(db.url));
  try {
    const claims = Math.ceil(EVENTS / PER_CLAIM);
    progress(`generating ${formatRate(claims * PER_CLAIM)} claim events`);
    const generating = Date.now();
    await generate(db.url, claims);
    progress('');
    console.log(
      `Generated ${formatRate(claims * PER_CLAIM)} events in ${((Date.now() - generating) / 1000).toFixed(1)} s`,
    );

    const rebuild = await ProjectionRebuild.begin(dataSource, store, new ClaimStatusProjection(), {
      upcast: (event) => claimContract.upcast(event),
      batchSize: process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined,
      onProgress: (p) =>
        progress(
          `rebuilding claim-status: ${formatRate(p.applied)} events, ${formatRate(p.eventsPerSecond)} events/s, ETA ${p.etaSeconds ?? '?'} s`,
        ),
    });
    const outcome = await rebuild.run();
    progress('');
    if (outcome.state !== 'swapped') throw new Error(`rebuild ${outcome.state}: ${outcome.error}`);
    const seconds = (outcome.finishedAt!.getTime() - outcome.startedAt.getTime()) / 1000;
    const [{ rows }] = (await dataSource.query(
      'SELECT count(*)::int AS rows FROM claim_status',
    )) as [{ rows: number }];
    console.log(
      `Rebuilt claim-status on ${db.description}: ${formatRate(outcome.applied)} events in ${seconds.toFixed(1)} s = ${formatRate(outcome.applied / seconds)} events/s (target 50,000), ${formatRate(rows)} rows`,
    );
  } finally {
    await dataSource.destroy();
    await store.close();
    await db.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
