import { LRUCache } from 'lru-cache';
import type { Admin } from 'kafkajs';
import type { GlobalPosition } from '@warranty/event-store';

/**
 * Read-your-writes on Kafka: once the relay has published position P, the topics' end offsets
 * fetched after that bound every event up to P; the group is caught up when its committed
 * offsets reach them on every partition.
 */
export class CatchUp {
  private readonly targets = new LRUCache<bigint, Promise<Map<string, bigint>>>({ max: 1000 });
  private readonly local = new Map<string, bigint>();
  constructor(
    private readonly admin: () => Promise<Admin>,
    private readonly groupId: string,
    private readonly topics: string[],
    private readonly publishedUpTo: () => Promise<GlobalPosition | undefined>,
  ) {}

  handled(topic: string, partition: number, nextOffset: bigint): void {
    this.local.set(`${topic}/${partition}`, nextOffset);
  }

  /** False, not an error, while the broker cannot tell: the caller waits and asks again. */
  async reached(position: GlobalPosition): Promise<boolean> {
    return this.check(position).catch(() => false);
  }

  private async check(position: GlobalPosition): Promise<boolean> {
    const published = await this.publishedUpTo();
    if (published === undefined || published < position) return false;
    const target = await this.targetFor(position);
    if ([...target].every(([key, end]) => (this.local.get(key) ?? 0n) >= end)) return true;
    const committed = await this.committed();
    return [...target].every(
      ([key, end]) =>
        end === 0n || (committed.get(key) ?? 0n) >= end || (this.local.get(key) ?? 0n) >= end,
    );
  }

  private targetFor(position: GlobalPosition): Promise<Map<string, bigint>> {
    let target = this.targets.get(position);
    if (!target) {
      target = this.endOffsets();
      this.targets.set(position, target);
      // A failed fetch (leaders still moving after topic creation) is asked again, not remembered.
      target.catch(() => this.targets.delete(position));
    }
    return target;
  }

  private async endOffsets(): Promise<Map<string, bigint>> {
    const admin = await this.admin();
    const ends = new Map<string, bigint>();
    for (const topic of this.topics) {
      for (const p of await admin.fetchTopicOffsets(topic))
        ends.set(`${topic}/${p.partition}`, BigInt(p.high));
    }
    return ends;
  }

  private async committed(): Promise<Map<string, bigint>> {
    const admin = await this.admin();
    const offsets = new Map<string, bigint>();
    for (const { topic, partitions } of await admin.fetchOffsets({
      groupId: this.groupId,
      topics: this.topics,
    })) {
      for (const p of partitions)
        if (Number(p.offset) >= 0) offsets.set(`${topic}/${p.partition}`, BigInt(p.offset));
    }
    return offsets;
  }
}
