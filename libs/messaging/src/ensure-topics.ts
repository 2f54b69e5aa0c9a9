import type { Admin } from 'kafkajs';
import type { Topics } from './topics';

/** Creates the context topics and their dead-letter topics that do not exist yet. */
export async function ensureTopics(
  admin: Admin,
  topics: Topics,
  partitions: number,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.all
    .flatMap((t) => [t, topics.deadLetter(t)])
    .filter((t) => !existing.has(t));
  if (missing.length === 0) return;
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
    });
  } catch (error) {
    // Another relay or consumer created them first.
    if (!/already exists/i.test((error as Error).message)) throw error;
  }
}
