import { randomBytes } from 'node:crypto';

export type FeedKind = 'store' | 'kafka';

/** The feeds a projection suite runs on: Kafka too when the run has a broker (see the global setup). */
export function feedsUnderTest(): FeedKind[] {
  return process.env.KAFKA_BROKERS ? ['store', 'kafka'] : ['store'];
}

/** Why the Kafka variant of a suite is not running, or undefined when it is. */
export const kafkaSkipReason = (): string | undefined =>
  process.env.KAFKA_BROKERS
    ? undefined
    : (process.env.KAFKA_SKIP_REASON ?? 'KAFKA_BROKERS is unset');

/** The run's broker with topic and group names of their own, so suites sharing it never mix. */
export function kafkaUnderTest(partitions = 3) {
  const brokers = process.env.KAFKA_BROKERS?.split(',');
  if (!brokers) throw new Error(`No Kafka broker for this run: ${kafkaSkipReason()}`);
  return { brokers, namespace: `t${randomBytes(5).toString('hex')}.`, partitions };
}
