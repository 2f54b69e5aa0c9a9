import { Kafka, logLevel } from 'kafkajs';
import { canConnect } from './ports';

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

async function answersAdmin(brokers: string): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'local-kafka-readiness',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Polls until the broker accepts TCP and answers an admin request.
 * Throws the reason from failure() as soon as it returns one (the process died, say).
 */
export async function waitForBroker(
  host: string,
  port: number,
  timeoutMs: number,
  failure: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const failed = failure();
    if (failed) throw new Error(failed);
    if ((await canConnect(host, port)) && (await answersAdmin(`${host}:${port}`))) return;
    await sleep(250);
  }
  const failed = failure();
  throw new Error(failed ?? `the broker did not answer on ${host}:${port} within ${timeoutMs} ms`);
}
