import { Logger } from '@nestjs/common';
import { Kafka, type Producer, logLevel } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import {
  CheckpointFromOtherStoreError,
  type EventStore,
  type GlobalPosition,
} from '@warranty/event-store';
import { migrate } from '@warranty/postgres';
import { toKafkaMessage } from '../envelope-headers';
import { ensureTopics } from '../ensure-topics';
import { Topics } from '../topics';
import { relayMigrations } from './relay-schema';

export interface EventRelayOptions {
  brokers: string[];
  topics?: Topics;
  /** Relays with the same name share a checkpoint; one of them publishes at a time. */
  name?: string;
  partitions?: number;
  batchSize?: number;
  /** Pause when the log has nothing new. */
  idleMs?: number;
  /** How often a standby tries to take over. */
  standbyRetryMs?: number;
  /** Test seam: runs after Kafka acknowledged a batch and before the checkpoint is stored. */
  afterPublish?: (lastPosition: GlobalPosition) => Promise<void>;
}

export type RelayRole = 'stopped' | 'standby' | 'active';

/**
 * Publishes every stored event to its context's topic, keyed by stream id, in log order, and
 * stores its checkpoint only after the broker acknowledged. A PostgreSQL advisory lock, held on
 * one connection, makes one relay of a name active; a standby takes over when that connection dies.
 */
export class EventRelay {
  private readonly logger = new Logger(EventRelay.name);
  private readonly name: string;
  private readonly topics: Topics;
  private readonly kafka: Kafka;
  private producer?: Producer;
  private lock?: PoolClient;
  private loop?: Promise<void>;
  private stopping = false;
  private wake: () => void = () => undefined;
  role: RelayRole = 'stopped';
  published = 0;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly options: EventRelayOptions,
  ) {
    this.name = options.name ?? 'relay';
    this.topics = options.topics ?? new Topics();
    this.kafka = new Kafka({
      clientId: `warranty-${this.name}`,
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
    });
  }

  async start(): Promise<void> {
    await migrate(this.pool, 'messaging', relayMigrations);
    await this.verifyStoreKind();
    this.stopping = false;
    this.loop ??= this.run().finally(() => (this.loop = undefined));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
  }

  /** Highest position the broker has acknowledged; undefined before the first publication. */
  async publishedUpTo(): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ position: string }>(
      'SELECT position FROM messaging.relay_checkpoints WHERE name = $1',
      [this.name],
    );
    return rows[0] ? BigInt(rows[0].position) : undefined;
  }

  /** Fails when the checkpoint is another store's position; claims one written before kinds were recorded. */
  private async verifyStoreKind(): Promise<void> {
    const { rows } = await this.pool.query<{ store_kind: EventStore['kind'] | null }>(
      `UPDATE messaging.relay_checkpoints SET store_kind = coalesce(store_kind, $2)
        WHERE name = $1 RETURNING store_kind`,
      [this.name, this.store.kind],
    );
    const writtenBy = rows[0]?.store_kind;
    if (writtenBy && writtenBy !== this.store.kind)
      throw new CheckpointFromOtherStoreError(`relay ${this.name}`, writtenBy, this.store.kind);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!(await this.acquire())) {
          this.role = 'standby';
          await this.pause(this.options.standbyRetryMs ?? 2000);
          continue;
        }
        this.role = 'active';
        await this.publishWhileActive();
      } catch (error) {
        if (this.stopping) break;
        this.logger.error(`relay ${this.name} failed, retrying: ${(error as Error).message}`);
        await this.pause(1000);
      } finally {
        await this.release();
      }
    }
    this.role = 'stopped';
  }

  private async publishWhileActive(): Promise<void> {
    await this.ensureTopics();
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    let checkpoint = await this.publishedUpTo();
    while (!this.stopping) {
      // Still holding the lock? A dead lock connection means a standby may already be active.
      await this.lock!.query('SELECT 1');
      const events = await this.store.readAll({
        after: checkpoint,
        maxCount: this.options.batchSize ?? 500,
      });
      if (events.length === 0) {
        await this.pause(this.options.idleMs ?? 20);
        continue;
      }
      const byTopic = new Map<string, ReturnType<typeof toKafkaMessage>[]>();
      for (const event of events) {
        const topic = this.topics.forStream(event.streamId);
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), toKafkaMessage(event)]);
      }
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      const last = events[events.length - 1].position;
      await this.options.afterPublish?.(last);
      await this.pool.query(
        `INSERT INTO messaging.relay_checkpoints (name, position, store_kind) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET position = greatest(relay_checkpoints.position, excluded.position),
           store_kind = excluded.store_kind, updated_at = now()`,
        [this.name, last.toString(), this.store.kind],
      );
      checkpoint = last;
      this.published += events.length;
    }
  }

  private async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, this.topics, this.options.partitions ?? 3);
    } finally {
      await admin.disconnect();
    }
  }

  private async acquire(): Promise<boolean> {
    const client = await this.pool.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
      [`relay:${this.name}`],
    );
    if (rows[0].locked) {
      this.lock = client;
      client.on('error', () => undefined);
      return true;
    }
    client.release();
    return false;
  }

  private async release(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
    const lock = this.lock;
    this.lock = undefined;
    if (lock) {
      await lock
        .query(`SELECT pg_advisory_unlock(hashtext($1))`, [`relay:${this.name}`])
        .catch(() => undefined);
      lock.release();
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
      if (this.stopping) this.wake();
    });
  }
}
