import { Logger } from '@nestjs/common';
import { type KafkaContext, ServerKafka } from '@nestjs/microservices';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type {
  EventFeed,
  FeedSubscription,
  FeedSubscriptionOptions,
  GlobalPosition,
  RecordedEvent,
} from '@warranty/event-store';
import { matchesFilter } from '@warranty/event-store';
import { fromKafkaMessage, toKafkaMessage } from '../envelope-headers';
import { kafkaLogCreator } from '../kafka-log';
import { ensureTopics } from '../ensure-topics';
import { Topics } from '../topics';
import { CatchUp } from './catch-up';
import { OffsetCommits } from './offset-commits';

export interface KafkaEventFeedOptions {
  brokers: string[];
  topics?: Topics;
  /** Handler attempts per message before it goes to the dead-letter topic. */
  maxAttempts?: number;
  retryDelayMs?: number;
  /** Highest position the relay has published: read-your-writes needs it. */
  publishedUpTo: () => Promise<GlobalPosition | undefined>;
  /** Partitions of topics this feed has to create. */
  partitions?: number;
  sessionTimeoutMs?: number;
  /** Offsets of handled messages are committed together at this interval (a redelivery is harmless). */
  commitIntervalMs?: number;
  /** Partitions handled in parallel; each partition stays in order. */
  partitionsConsumedConcurrently?: number;
  /** Test seam: runs after the handler succeeded and before the offset is committed. */
  beforeOffsetCommit?: (event: {
    topic: string;
    partition: number;
    offset: string;
  }) => Promise<void>;
}

/**
 * The event feed from Kafka through @nestjs/microservices' Kafka transport: one consumer group per
 * subscription name, auto-commit off, the offset committed only after the handler (and so its
 * transaction) succeeded. A message that keeps failing goes to `<topic>.dlq` with its error and
 * the partition moves on. `after` is ignored: the group's committed offsets are the checkpoint.
 */
export class KafkaEventFeed implements EventFeed {
  private readonly logger = new Logger(KafkaEventFeed.name);
  private readonly kafka: Kafka;
  private readonly admin;
  private deadLetters?: Promise<Producer>;

  constructor(private readonly options: KafkaEventFeedOptions) {
    this.kafka = new Kafka({
      clientId: 'warranty-feed-admin',
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
    });
    this.admin = this.kafka.admin();
  }

  /** Copies an event a consumer set aside (parked) to its topic's dead-letter topic, with the error. */
  async deadLetter(consumer: string, event: RecordedEvent, error: unknown): Promise<void> {
    const names = this.options.topics ?? new Topics();
    this.deadLetters ??= (async () => {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      return producer;
    })();
    const message = toKafkaMessage(event);
    await (
      await this.deadLetters
    ).send({
      topic: names.deadLetter(names.forStream(event.streamId)),
      acks: -1,
      messages: [
        {
          ...message,
          headers: {
            ...message.headers,
            'dlq-error': error instanceof Error ? error.message : String(error),
            'dlq-consumer': consumer,
            'dlq-source': `parked ${event.streamId}@${event.revision}`,
          },
        },
      ],
    });
  }

  subscribe({ name, filter, handler, onGiveUp }: FeedSubscriptionOptions): FeedSubscription {
    const names = this.options.topics ?? new Topics();
    const topics = names.forPrefixes(filter?.streamPrefixes);
    const groupId = names.consumerGroup(name);
    const server = new ServerKafka({
      postfixId: '',
      client: {
        clientId: `warranty-${name}`,
        brokers: this.options.brokers,
        logLevel: logLevel.ERROR,
        logCreator: kafkaLogCreator,
      },
      consumer: {
        groupId,
        sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
        allowAutoTopicCreation: false,
      },
      subscribe: { fromBeginning: true },
      run: {
        autoCommit: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      },
      producer: { idempotent: true, maxInFlightRequests: 1 },
    });
    const catchUp = new CatchUp(
      () => this.connectAdmin().then(() => this.admin),
      groupId,
      topics,
      this.options.publishedUpTo,
    );
    let stopped = false;
    const commits = new OffsetCommits(this.options.commitIntervalMs ?? 50);
    const maxAttempts = this.options.maxAttempts ?? 5;
    const onMessage = async (value: unknown, context: KafkaContext) => {
      const message = context.getMessage();
      const [topic, partition] = [context.getTopic(), context.getPartition()];
      let lastError: unknown;
      let event: RecordedEvent | undefined;
      let attempts = 0;
      let handled = false;
      for (let attempt = 1; attempt <= maxAttempts && !stopped; attempt++) {
        attempts = attempt;
        try {
          event ??= fromKafkaMessage(message.headers as never, value);
          // A topic carries every stream of its context: the filter is the port's promise, as on the store feed.
          if (matchesFilter(event, filter)) await handler(event);
          lastError = undefined;
          handled = true;
          break;
        } catch (error) {
          lastError = error;
          await context.getHeartbeat()();
          if (attempt < maxAttempts)
            await sleep((this.options.retryDelayMs ?? 100) * 2 ** (attempt - 1));
        }
      }
      // Stopped before this message was handled: leave it uncommitted for the group's next owner.
      if (stopped && !handled) return;
      if (lastError !== undefined) {
        this.logger.error(
          `${name}: ${topic}/${partition}@${message.offset} dead-lettered: ${(lastError as Error).message}`,
        );
        await context.getProducer().send({
          topic: names.deadLetter(topic),
          acks: -1,
          messages: [
            {
              key: message.key,
              value: typeof value === 'string' ? value : JSON.stringify(value),
              headers: {
                ...(message.headers as Record<string, string>),
                metadata: JSON.stringify(
                  (message.headers as Record<string, unknown>).metadata ?? {},
                ),
                'dlq-error': String((lastError as Error).message ?? lastError),
                'dlq-consumer': name,
                'dlq-source': `${topic}/${partition}@${message.offset}`,
              },
            },
          ],
        });
        // The subscriber parks the stream, so its later events wait instead of applying past a gap.
        if (event)
          await onGiveUp?.(event, lastError, attempts).catch((error: unknown) =>
            this.logger.error(`${name}: could not report ${event!.streamId}: ${String(error)}`),
          );
      }
      await this.options.beforeOffsetCommit?.({ topic, partition, offset: message.offset });
      const next = (BigInt(message.offset) + 1n).toString();
      catchUp.handled(topic, partition, BigInt(next));
      commits.add(context.getConsumer(), topic, partition, next);
    };
    for (const topic of topics) server.addHandler(topic, onMessage, true);
    const started = this.connectAdmin()
      .then(() => ensureTopics(this.admin, names, this.options.partitions ?? 3))
      .then(() => (stopped ? undefined : listen(server)));
    let stopSignal: () => void = () => undefined;
    const done = new Promise<void>((resolve, reject) => {
      stopSignal = resolve;
      started.catch(async (error: unknown) => {
        await server.close().catch(() => undefined);
        reject(error);
      });
    });
    done.catch(() => undefined);
    return {
      done,
      caughtUpTo: (position) => catchUp.reached(position),
      stop: async () => {
        stopped = true;
        // A start still under way would join the group after this stop, as a member nobody closes.
        await started.catch(() => undefined);
        await commits
          .flush()
          .catch((error: unknown) =>
            this.logger.warn(`${name}: last offsets not committed: ${String(error)}`),
          );
        await server.close();
        stopSignal();
      },
    };
  }

  private adminConnected?: Promise<void>;

  private connectAdmin(): Promise<void> {
    this.adminConnected ??= this.admin.connect();
    return this.adminConnected;
  }

  async close(): Promise<void> {
    const deadLetters = this.deadLetters;
    this.deadLetters = undefined;
    await deadLetters?.then((p) => p.disconnect()).catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }
}

const listen = (server: ServerKafka) =>
  new Promise<void>((resolve, reject) =>
    server.listen((error?: unknown) => (error ? reject(error) : resolve())),
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
