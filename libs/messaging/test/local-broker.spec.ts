import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { localKafkaUnavailableReason, startLocalKafka, type LocalKafka } from '../src/local-broker';

const TIMEOUT = 180_000;
const MESSAGES = 100;
const KEYS = 10;

const skipReason = process.env.KAFKA_BROKERS
  ? undefined
  : localKafkaUnavailableReason()?.replace(/^/, 'KAFKA_BROKERS is unset and ');

interface Received {
  key: string;
  seq: number;
  partition: number;
}

async function consumeAll(consumer: Consumer, topic: string): Promise<Received[]> {
  const received: Received[] = [];
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolveAll, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${received.length} of ${MESSAGES} messages arrived`)),
      60_000,
    );
    void consumer.run({
      eachMessage: async ({ message, partition }) => {
        const body = JSON.parse(String(message.value)) as { key: string; seq: number };
        received.push({ ...body, partition });
        if (received.length === MESSAGES) {
          clearTimeout(timer);
          resolveAll();
        }
      },
    });
  });
  // Give a duplicate delivery the chance to show up before counting.
  await new Promise((resolveWait) => setTimeout(resolveWait, 1_000));
  return received;
}

async function produceAll(producer: Producer, topic: string): Promise<void> {
  for (let batch = 0; batch < MESSAGES / KEYS; batch += 1) {
    const messages = Array.from({ length: KEYS }, (_, index) => {
      const seq = batch * KEYS + index;
      const key = `stream-${seq % KEYS}`;
      return { key, value: JSON.stringify({ key, seq }) };
    });
    await producer.send({ topic, acks: -1, messages });
  }
}

if (skipReason) {
  test.skip(`Kafka round trip skipped: ${skipReason}`, () => undefined);
} else {
  describe('Kafka broker for development and tests', () => {
    let local: LocalKafka | undefined;
    let kafka: Kafka;

    beforeAll(async () => {
      let brokers = process.env.KAFKA_BROKERS;
      if (!brokers) {
        const started = Date.now();
        local = await startLocalKafka({ log: (line) => process.stdout.write(`${line}\n`) });
        process.stdout.write(`Local Kafka broker started in ${Date.now() - started} ms\n`);
        brokers = local.brokers;
      }
      kafka = new Kafka({
        clientId: 'local-broker-spec',
        brokers: brokers.split(','),
        logLevel: logLevel.NOTHING,
      });
    }, TIMEOUT);

    afterAll(async () => {
      await local?.stop();
    }, 30_000);

    test(
      'delivers every keyed message once, in order per key, through a consumer group',
      async () => {
        const topic = `local-broker-spec-${Date.now()}`;
        const admin = kafka.admin();
        const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
        const consumer = kafka.consumer({ groupId: `${topic}-group` });
        await admin.connect();
        try {
          await admin.createTopics({
            topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
            waitForLeaders: true,
          });
          const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
          expect(metadata.partitions).toHaveLength(3);

          await producer.connect();
          await produceAll(producer, topic);
          await consumer.connect();
          const received = await consumeAll(consumer, topic);

          expect(received).toHaveLength(MESSAGES);
          expect(new Set(received.map((message) => message.seq)).size).toBe(MESSAGES);
          for (let k = 0; k < KEYS; k += 1) {
            const ofKey = received.filter((message) => message.key === `stream-${k}`);
            expect(ofKey.map((message) => message.seq)).toEqual(
              Array.from({ length: MESSAGES / KEYS }, (_, index) => index * KEYS + k),
            );
            expect(new Set(ofKey.map((message) => message.partition)).size).toBe(1);
          }
        } finally {
          await consumer.disconnect();
          await producer.disconnect();
          await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
          await admin.disconnect();
        }
      },
      TIMEOUT,
    );
  });
}
