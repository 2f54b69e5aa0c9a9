import { kafkaSkipReason } from '@warranty/testing';
import { localKafkaUnavailableReason, type LocalKafka, startLocalKafka } from '../src/local-broker';
import { Pipeline } from './pipeline-harness';

const unavailable = localKafkaUnavailableReason();

if (unavailable) {
  it.skip(`Kafka broker restart suite skipped: ${kafkaSkipReason() ?? unavailable}`, () =>
    undefined);
} else {
  describe('a broker stopped and restarted mid-stream', () => {
    let broker: LocalKafka;
    let pipeline: Pipeline;
    beforeAll(async () => {
      broker = await startLocalKafka();
      pipeline = await new Pipeline([broker.brokers]).open();
    }, 120_000);
    afterAll(async () => {
      await pipeline?.close();
      await broker?.stop();
    });

    it('loses nothing and applies nothing twice', async () => {
      const relay = pipeline.relay();
      await relay.start();
      const runner = pipeline.runner(pipeline.feed(relay));
      await runner.start();
      const before = await pipeline.append(100, 5);
      await pipeline.waitForLedger(50);
      await broker.restart();
      const during = await pipeline.append(100, 5);
      await pipeline.waitForLedger(before.length + during.length, 120_000);
      const counts = await pipeline.ledgerCounts();
      expect(counts.size).toBe(200);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    }, 180_000);
  });
}
