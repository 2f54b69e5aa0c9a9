import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@warranty/event-store';
import { benchDatabase, formatRate, progress } from '@warranty/testing/bench';
import { verifyAll } from '../../admin-cli/src/audit-commands';
import { AuditLog, VERIFY_ALL_CONNECTIONS } from '../src/application/audit-log';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const PER_STREAM = 20;
const PER_APPEND = 10;
const WRITERS = 16;

/** An event about the size of a claim's: data and the metadata the command handler writes. */
const event = (stream: number, i: number) => ({
  type: 'ClaimNoteAdded',
  data: {
    claimId: `claim-${stream}`,
    note: `Customer called about the drum, call ${i}; technician visit proposed for next week.`,
    at: new Date(Date.UTC(2026, 5, 15, 10, i)).toISOString(),
    by: 'acme-appliances',
  },
  metadata: {
    tenants: { retailer: 'acme-retail', manufacturer: 'acme-appliances' },
    actor: { id: 'key-1', role: 'manufacturer', tenantId: 'acme-appliances' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    schemaVersion: 1,
    occurredAt: new Date(Date.UTC(2026, 5, 15, 10, i)).toISOString(),
  },
});

async function main(): Promise<void> {
  const db = await benchDatabase('bench_audit');
  const store = await PostgresEventStore.connect({ connectionString: db.url, poolSize: WRITERS });
  try {
    const streams = Math.ceil(EVENTS / PER_STREAM);
    let next = 0;
    let written = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (let s = next++; s < streams; s = next++) {
          for (let from = 0; from < PER_STREAM; from += PER_APPEND) {
            const batch = Array.from({ length: PER_APPEND }, (_, i) => event(s, from + i));
            await store.append(`claim-bench${s}`, batch, from === 0 ? 'no_stream' : from - 1);
            written += PER_APPEND;
          }
          if (s % 500 === 0) progress(`writing: ${written} of ${EVENTS} events`);
        }
      }),
    );
    progress('');
    console.log(
      `Wrote ${written} chained events in ${streams} streams in ${((Date.now() - started) / 1000).toFixed(1)} s on ${db.description}`,
    );
    const readStarted = Date.now();
    let read = 0;
    for (let after: bigint | undefined, page; ; after = page[page.length - 1].position) {
      page = await store.readAll({ after, maxCount: 10_000 });
      read += page.length;
      if (page.length < 10_000) break;
    }
    console.log(
      `reading alone: ${formatRate(read / ((Date.now() - readStarted) / 1000))} events/s`,
    );
    // A store of its own, pooled as the CLI's.
    const reader = await PostgresEventStore.connect({
      connectionString: db.url,
      poolSize: VERIFY_ALL_CONNECTIONS,
    });
    const result = await verifyAll(
      new AuditLog(reader, { now: () => new Date() }),
      progress,
    ).finally(() => reader.close());
    progress('');
    console.log(
      `audit verify --all: ${result.events} events in ${result.streams} streams, ${result.broken.length} broken, ${result.seconds.toFixed(2)} s, ${formatRate(result.eventsPerSecond)} events/s (target ≥ 20,000)`,
    );
    if (result.broken.length > 0 || result.events !== written) process.exitCode = 1;
  } finally {
    await store.close();
    await db.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
