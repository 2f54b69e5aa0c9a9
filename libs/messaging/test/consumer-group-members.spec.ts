import { spawn } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import type { RecordedEvent } from '@warranty/event-store';
import { kafkaSkipReason, waitUntil } from '@warranty/testing';
import { Pipeline } from './pipeline-harness';

const brokers = process.env.KAFKA_BROKERS?.split(',');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (!brokers) {
  it.skip(`Kafka consumer group suite skipped: ${kafkaSkipReason()}`, () => undefined);
} else {
  describe('a consumer group member that stays while others join and leave', () => {
    let pipeline: Pipeline;
    const admin = new Kafka({
      clientId: 'group-watch',
      brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    beforeAll(() => admin.connect());
    afterAll(() => admin.disconnect());
    beforeEach(async () => {
      pipeline = await new Pipeline(brokers).open();
    });
    afterEach(() => pipeline.close());

    const groupOf = (name: string) => pipeline.topics.consumerGroup(name);
    const members = async (group: string) => {
      const { groups } = await admin.describeGroups([group]);
      return { count: groups[0]?.members.length ?? 0, state: groups[0]?.state };
    };

    /** A runner whose projection holds every partition of the group, caught up on 12 events. */
    async function survivor(sessionTimeoutMs = 10_000) {
      const relay = pipeline.relay();
      await relay.start();
      const ledger = pipeline.ledger();
      const runner = pipeline.runner(pipeline.feed(relay, { sessionTimeoutMs }), ledger);
      await runner.start();
      await pipeline.append(12, 12);
      await pipeline.waitForLedger(12, 60_000);
      return { relay, ledger, runner };
    }

    it('a subscription stopped before it joined never joins later and takes no partitions', async () => {
      const { relay, ledger } = await survivor();
      const handled: string[] = [];
      const early = pipeline.feed(relay).subscribe({
        name: ledger.name,
        handler: async (event) => void handled.push(event.id),
      });
      await early.stop();
      // The stopped member would show up here within seconds if its start went on after stop().
      let most = 0;
      for (const until = Date.now() + 8_000; Date.now() < until; await sleep(200))
        most = Math.max(most, (await members(groupOf(ledger.name))).count);
      expect(most).toBe(1);
      await pipeline.append(30, 30);
      await pipeline.waitForLedger(42, 20_000);
      expect(handled).toEqual([]);
    }, 120_000);

    it('a member that joins and leaves cleanly: the one that stays gets every new event well before the session timeout', async () => {
      const { relay, ledger } = await survivor(30_000);
      const second = pipeline.runner(
        pipeline.feed(relay, { sessionTimeoutMs: 30_000 }),
        pipeline.ledger(),
      );
      await second.start();
      await waitUntil(
        async () => {
          const group = await members(groupOf(ledger.name));
          return group.count === 2 && group.state === 'Stable';
        },
        { timeoutMs: 60_000, intervalMs: 200, describe: () => 'two stable members' },
      );
      await second.stop();
      const left = Date.now();
      await pipeline.append(30, 30);
      await pipeline.waitForLedger(42, 20_000);
      expect(Date.now() - left).toBeLessThan(20_000);
      expect((await members(groupOf(ledger.name))).count).toBe(1);
    }, 180_000);

    it('a member that crashes without leaving: the one that stays gets every new event after the session timeout', async () => {
      const { ledger } = await survivor(10_000);
      const group = groupOf(ledger.name);
      const crashing = spawn(process.execPath, ['-e', CRASHING_MEMBER], {
        env: {
          ...process.env,
          BROKERS: brokers.join(','),
          GROUP: group,
          TOPIC: pipeline.topics.forStream('claim-x'),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      crashing.stdout.on('data', (chunk) => (out += String(chunk)));
      try {
        await waitUntil(() => out.includes('joined'), {
          timeoutMs: 60_000,
          describe: () => 'the second process to join the group',
        });
      } finally {
        crashing.kill('SIGKILL');
      }
      await pipeline.append(30, 30);
      await pipeline.waitForLedger(42, 45_000);
      const counts = await pipeline.ledgerCounts();
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    }, 180_000);

    it('a subscription stopped mid-batch commits no offset past the event in hand', async () => {
      const relay = pipeline.relay();
      await relay.start();
      const name = `${pipeline.prefix}-midbatch`;
      const stream = `${pipeline.prefix}-solo`;
      for (let i = 0; i < 40; i++)
        await pipeline.store.append(stream, [{ type: 'Step', data: { i } }], 'any');
      const first: RecordedEvent[] = [];
      // Only the stream's own events are on the topic, so an offset is a revision.
      const offered: number[] = [];
      const firstFeed = pipeline.feed(relay, {
        // The stop's flush then has offsets to send, and the partition runs on meanwhile.
        commitIntervalMs: 60_000,
        beforeOffsetCommit: async ({ offset }) => void offered.push(Number(offset)),
      });
      let stopping: Promise<void> | undefined;
      const subscription = firstFeed.subscribe({
        name,
        filter: { streamPrefixes: [stream] },
        handler: async (event) => {
          first.push(event);
          if (first.length === 5) stopping = subscription.stop();
        },
      });
      await waitUntil(() => stopping !== undefined, { timeoutMs: 60_000 });
      await stopping;
      expect(offered.filter((offset) => offset >= first.length)).toEqual([]);
      const [committed] = await admin.fetchOffsets({
        groupId: groupOf(name),
        topics: [pipeline.topics.forStream(stream)],
      });
      const past = committed.partitions.filter((p) => Number(p.offset) > first.length);
      expect(past).toEqual([]);
      const second: number[] = [];
      const resumed = pipeline.feed(relay).subscribe({
        name,
        filter: { streamPrefixes: [stream] },
        handler: async (event) => void second.push(Number(event.revision)),
      });
      try {
        await waitUntil(() => second.includes(39), {
          timeoutMs: 60_000,
          describe: () => `revision 39 after the stop, got ${second.join(',')}`,
        });
        const handledFirst = first.map((e) => Number(e.revision));
        const all = new Set([...handledFirst, ...second]);
        expect([...Array(40).keys()].filter((r) => !all.has(r))).toEqual([]);
      } finally {
        await resumed.stop();
      }
    }, 180_000);
  });
}

// A second process in the group that is killed once it holds partitions: it never sends LeaveGroup.
const CRASHING_MEMBER = `
const { Kafka, logLevel } = require('kafkajs');
const kafka = new Kafka({ clientId: 'crashing', brokers: process.env.BROKERS.split(','), logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: process.env.GROUP, sessionTimeout: 10000 });
consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write('joined\\n'));
(async () => {
  await consumer.connect();
  await consumer.subscribe({ topics: [process.env.TOPIC], fromBeginning: true });
  await consumer.run({ autoCommit: false, eachMessage: async () => new Promise(() => undefined) });
})();
`;
