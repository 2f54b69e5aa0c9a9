import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { RMA_CATEGORY } from '@warranty/contracts/returns';
import {
  EVENT_FEED,
  EVENT_STORE,
  type EventFeed,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@warranty/event-store';
import { PG_POOL } from '@warranty/platform/database';
import { SupervisedSubscription } from '@warranty/read-models/supervised-subscription';
import { ExchangeReplacements } from '../application/exchange-replacements';
import { RefundReturns } from '../application/refund-returns';
import { ReactionBook } from './reaction-book';

/** The subscription's name: its checkpoint, and its consumer group on Kafka. */
export const EXCHANGE_REPLACEMENTS = 'registration-exchange-replacements';

/**
 * Feeds returns' ExchangeShipped events to the replacement registration, and its RefundIssued
 * events to the end of the refunded unit's registration, one at a time, on the store's feed or
 * Kafka. A refusal is recorded and the feed moves on; any other failure (the database is down)
 * resubscribes after a backoff and tries the same event again.
 */
@Injectable()
export class ExchangeReplacementsReactor
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy
{
  readonly book: ReactionBook;
  private readonly logger = new Logger('ExchangeReplacements');
  private subscription?: SupervisedSubscription;

  constructor(
    @Inject(EVENT_FEED) private readonly feed: EventFeed,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    private readonly replacements: ExchangeReplacements,
    private readonly refunds: RefundReturns,
  ) {
    this.book = new ReactionBook(pool, EXCHANGE_REPLACEMENTS, store.kind);
  }

  async onModuleInit(): Promise<void> {
    await this.book.prepare();
  }

  onApplicationBootstrap(): void {
    this.subscription = new SupervisedSubscription(this.feed, {
      name: EXCHANGE_REPLACEMENTS,
      filter: {
        streamPrefixes: [`${RMA_CATEGORY}-`],
        eventTypes: ['ExchangeShipped', 'RefundIssued'],
      },
      resumeAfter: () => this.book.checkpoint(),
      handler: (event) => this.handle(event),
      onGiveUp: (event, error) =>
        this.book.refused(
          event,
          'reaction-failed',
          error instanceof Error ? error.message : String(error),
        ),
      retry: { initialDelayMs: 250, maxDelayMs: 30_000 },
      logger: this.logger,
    });
    this.subscription.start();
  }

  /** Whether every ExchangeShipped and RefundIssued up to `position` was reacted to (tests wait). */
  caughtUpTo(position: GlobalPosition): Promise<boolean> {
    return this.subscription?.caughtUpTo(position) ?? Promise.resolve(false);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
  }

  /** One delivery of an ExchangeShipped or a RefundIssued; delivering it again changes nothing. */
  async handle(event: RecordedEvent): Promise<void> {
    const refund = event.type === 'RefundIssued';
    const result = refund ? await this.refunds.react(event) : await this.replacements.react(event);
    if (result.outcome === 'conflict') {
      const what = refund ? 'refunded unit not cancelled' : 'replacement not registered';
      this.logger.warn(`${event.streamId}@${event.revision}: ${what}: ${result.reason}`);
      await this.book.refused(event, result.code, result.reason);
    }
    await this.book.handled(event);
  }
}
