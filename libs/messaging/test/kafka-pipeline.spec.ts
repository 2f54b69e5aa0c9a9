import { kafkaSkipReason, waitUntil } from '@warranty/testing';
import { Pipeline, streamOrderOf } from './pipeline-harness';

const brokers = process.env.KAFKA_BROKERS?.split(',');

if (!brokers) {
  it.skip(`Kafka pipeline suite skipped: ${kafkaSkipReason()}`, () => undefined);
} else {
  describe('the relay and the Kafka feed on a real broker', () => {
    let pipeline: Pipeline;
    beforeEach(async () => {
      pipeline = await new Pipeline(brokers).open();
    });
    afterEach(() => pipeline.close());

    it('publishes every appended event to its topic once, in stream order per key, with the envelope', async () => {
      const ids = await pipeline.append(300, 12);
      await pipeline.store.append(
        'product-acme~SN-1',
        [{ type: 'ProductRegistered', data: { serial: 'SN-1' } }],
        'no_stream',
      );
      const relay = pipeline.relay();
      await relay.start();
      await waitUntil(() => relay.published >= 301, {
        timeoutMs: 30_000,
        describe: () => `301 published, got ${relay.published}`,
      });
      const [claims, registration] = [
        pipeline.topics.forStream('claim-x'),
        pipeline.topics.forStream('product-x'),
      ];
      const messages = await pipeline.readTopics([claims, registration], 301);

      expect(messages).toHaveLength(301);
      const published = messages
        .filter((m) => m.topic === claims)
        .map((m) => m.headers['event-id']);
      expect(new Set(published)).toEqual(new Set(ids));
      for (const [, revisions] of streamOrderOf(messages))
        expect(revisions).toEqual(revisions.map((_, i) => i));
      const byKey = new Map<string, Set<number>>();
      for (const m of messages) byKey.set(m.key, (byKey.get(m.key) ?? new Set()).add(m.partition));
      for (const [, partitions] of byKey) expect(partitions.size).toBe(1);
      const product = messages.find((m) => m.topic === registration)!;
      expect(product.headers).toMatchObject({
        'event-type': 'ProductRegistered',
        'stream-id': 'product-acme~SN-1',
        revision: '0',
      });
      expect(JSON.parse(product.value)).toEqual({ serial: 'SN-1' });
    });

    it('keeps one relay active; a standby takes over when the active one stops', async () => {
      const first = pipeline.relay({ standbyRetryMs: 100 });
      const second = pipeline.relay({ standbyRetryMs: 100 });
      await first.start();
      await waitUntil(() => first.role === 'active', { timeoutMs: 30_000 });
      await second.start();
      await waitUntil(() => second.role === 'standby', { timeoutMs: 10_000 });
      const before = await pipeline.append(20, 4);
      await waitUntil(() => first.published >= before.length, { timeoutMs: 30_000 });
      expect(second.published).toBe(0);
      await first.stop();
      const after = await pipeline.append(20, 4);
      await waitUntil(() => second.published >= after.length, {
        timeoutMs: 30_000,
        describe: () => `standby published ${second.published}`,
      });
      expect(second.role).toBe('active');
      const messages = await pipeline.readTopics([pipeline.topics.forStream('claim-x')], 40);
      expect(new Set(messages.map((m) => m.headers['event-id']))).toEqual(
        new Set([...before, ...after]),
      );
    });

    it('republishes after a crash between produce and checkpoint, and the read model is still exact', async () => {
      const ids = await pipeline.append(200, 8);
      let crashes = 1;
      const relay = pipeline.relay({
        batchSize: 50,
        afterPublish: async () => {
          if (crashes-- > 0) throw new Error('relay killed before storing its checkpoint');
        },
      });
      await relay.start();
      const runner = pipeline.runner(pipeline.feed(relay));
      await runner.start();
      await pipeline.waitForLedger(ids.length);
      const raw = await pipeline.readTopics(
        [pipeline.topics.forStream('claim-x')],
        ids.length + 50,
      );
      expect(raw.length).toBeGreaterThanOrEqual(ids.length + 50);
      const counts = await pipeline.ledgerCounts();
      expect(counts.size).toBe(ids.length);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    });

    it('resumes a consumer killed between its transaction and its offset commit without applying anything twice', async () => {
      const ids = await pipeline.append(150, 6);
      const relay = pipeline.relay();
      await relay.start();
      let handled = 0;
      let killed!: () => void;
      const dead = new Promise<void>((resolve) => (killed = resolve));
      const first = pipeline.runner(
        pipeline.feed(relay, {
          beforeOffsetCommit: async () => {
            if (++handled === 60) {
              killed();
              throw new Error('consumer process killed');
            }
            if (handled > 60) throw new Error('consumer process is dead');
          },
        }),
      );
      await first.start();
      await dead;
      await first.stop();
      const second = pipeline.runner(pipeline.feed(relay));
      await second.start();
      await pipeline.waitForLedger(ids.length);
      await new Promise((r) => setTimeout(r, 500));
      const counts = await pipeline.ledgerCounts();
      expect(counts.size).toBe(ids.length);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    });

    it('hands a subscriber only the streams and types of its filter, though its topic carries more', async () => {
      const relay = pipeline.relay();
      await relay.start();
      const seen: string[] = [];
      const feed = pipeline.feed(relay);
      const subscription = feed.subscribe({
        name: `filtered-${pipeline.prefix}`,
        filter: { streamPrefixes: [`${pipeline.prefix}-`], eventTypes: ['Step'] },
        handler: async (event) => {
          seen.push(`${event.streamId}:${event.type}`);
        },
      });
      const stream = `${pipeline.prefix}-0`;
      await pipeline.store.append(stream, [{ type: 'Other', data: {} }], 'any');
      await pipeline.store.append(
        `claimindex-${pipeline.prefix}`,
        [{ type: 'Step', data: {} }],
        'any',
      );
      const last = await pipeline.store.append(stream, [{ type: 'Step', data: {} }], 'any');
      await waitUntil(() => subscription.caughtUpTo(last.position), { timeoutMs: 30_000 });
      expect(seen).toEqual([`${stream}:Step`]);
      await subscription.stop();
    });

    it('sends a poison message to the dead-letter topic with its error and parks its stream; the partition moves on', async () => {
      const relay = pipeline.relay();
      await relay.start();
      const ledger = pipeline.ledger();
      ledger.beforeCommit = async (event) => {
        if (event.type === 'Poison') throw new Error('cannot project this');
      };
      const runner = pipeline.runner(pipeline.feed(relay, { maxAttempts: 2 }), ledger);
      await runner.start();
      const stream = `${pipeline.prefix}-0`;
      await pipeline.store.append(stream, [{ type: 'Step', data: {} }], 'any');
      const poison = await pipeline.store.append(stream, [{ type: 'Poison', data: {} }], 'any');
      await pipeline.store.append(stream, [{ type: 'Step', data: {} }], 'any');
      const after = await pipeline.store.append(stream, [{ type: 'Step', data: {} }], 'any');
      const other = await pipeline.store.append(
        `${pipeline.prefix}-1`,
        [{ type: 'Step', data: {} }],
        'any',
      );
      expect(await runner.waitFor(ledger.name, after.position, 30_000)).toBe(true);
      expect(await runner.waitFor(ledger.name, other.position, 30_000)).toBe(true);
      // The steps after the poison wait behind it, in order, rather than apply past a gap unseen.
      expect((await pipeline.ledgerCounts()).size).toBe(2);
      const [status] = await runner.status();
      expect(status.parked).toEqual([
        expect.objectContaining({
          streamId: stream,
          position: poison.position,
          eventType: 'Poison',
          attempts: 2,
          heldBehind: 2,
          error: expect.stringContaining('cannot project this'),
        }),
      ]);
      const [dead] = await pipeline.readTopics(
        [pipeline.topics.deadLetter(pipeline.topics.forStream('claim-x'))],
        1,
      );
      expect(dead.headers).toMatchObject({
        'event-type': 'Poison',
        position: poison.position.toString(),
        'dlq-error': 'cannot project this',
      });
    });
  });
}
