import { localKafkaUnavailableReason, startLocalKafka } from '@warranty/messaging/local-broker';

/**
 * KAFKA_BROKERS when set; otherwise a real single-node broker started for the run (TEST_KAFKA=off
 * skips it). Where neither is possible, KAFKA_SKIP_REASON tells the Kafka suites why.
 */
export async function startKafkaForTests(): Promise<void> {
  if (process.env.KAFKA_BROKERS) return;
  if (process.env.TEST_KAFKA === 'off') {
    process.env.KAFKA_SKIP_REASON = 'TEST_KAFKA=off and KAFKA_BROKERS is unset';
    return;
  }
  const unavailable = localKafkaUnavailableReason();
  if (unavailable) {
    process.env.KAFKA_SKIP_REASON = `KAFKA_BROKERS is unset and no local broker can start: ${unavailable}`;
    return;
  }
  const started = Date.now();
  const kafka = await startLocalKafka({ log: (line) => process.stdout.write(`${line}\n`) });
  process.env.KAFKA_BROKERS = kafka.brokers;
  process.stdout.write(
    `Kafka ${kafka.version} broker started for tests at ${kafka.brokers} in ${Date.now() - started} ms\n`,
  );
  globalThis.__TEST_TEARDOWNS__?.push(() => kafka.stop());
}
