import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { CLAIM_CATEGORY } from '@warranty/contracts/claims';
import { RMA_CATEGORY } from '@warranty/contracts/returns';
import {
  EVENT_FEED,
  EVENT_STORE,
  type EventFeed,
  type EventFilter,
  type EventStore,
  type GlobalPosition,
  matchesFilter,
  type RecordedEvent,
} from '@warranty/event-store';
import { PG_POOL } from '@warranty/platform/database';
import { SupervisedSubscription } from '@warranty/read-models/supervised-subscription';
import { BoughtBackClaims } from '../application/bought-back-claims';
import { ExchangeReplacements } from '../application/exchange-replacements';
import { RefundReturns } from '../application/refund-returns';
import { ReactionBook } from './reaction-book';

/** The subscription's name: its checkpoint, and its consumer group on Kafka. */
export const EXCHANGE_REPLACEMENTS = 'registration-exchange-replacements';

/** What each event the reactor follows does to a registration, and what a refusal means. */
const REACTIONS = {
  ExchangeShipped: 'replacement not registered',
  RefundIssued: 'refunded unit not cancelled',
  CreditIssued: 'credited unit not cancelled',
  ClaimResolved: 'unit bought back on a claim not cancelled',
} as const;
type Reacted = keyof typeof REACTIONS;

const FOLLOWED: EventFilter = {
  streamPrefixes: [`${RMA_CATEGORY}-`, `${CLAIM_CATEGORY}-`],
  eventTypes: Object.keys(REACTIONS),
};

/**
 * Feeds returns' ExchangeShipped events to the replacement registration, and the events that buy
 * a unit back (returns' RefundIssued and CreditIssued, claims' ClaimResolved paid directly) to the
 * end of the unit's registration, one at a time, on the store's feed or Kafka. A refusal is
 * recorded and the feed moves on; any other failure (the database is down) resubscribes after a
 * backoff and tries the same event again.
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
    private readonly claims: BoughtBackClaims,
  ) {
    this.book = new ReactionBook(pool, EXCHANGE_REPLACEMENTS, store.kind);
  }

  async onModuleInit(): Promise<void> {
    await this.book.prepare();
  }

  onApplicationBootstrap(): void {
    this.subscription = new SupervisedSubscription(this.feed, {
      name: EXCHANGE_REPLACEMENTS,
      filter: FOLLOWED,
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

  /** Whether every event it follows up to `position` was reacted to (tests wait). */
  caughtUpTo(position: GlobalPosition): Promise<boolean> {
    return this.subscription?.caughtUpTo(position) ?? Promise.resolve(false);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
  }

  /** One delivery of an event it follows; delivering it again changes nothing. */
  async handle(event: RecordedEvent): Promise<void> {
    // The feeds filter too; an event handed over directly outside the filter changes nothing.
    if (!matchesFilter(event, FOLLOWED)) return this.book.handled(event);
    const result = await this.react(event);
    if (result.outcome === 'conflict') {
      const what = REACTIONS[event.type as Reacted];
      this.logger.warn(`${event.streamId}@${event.revision}: ${what}: ${result.reason}`);
      await this.book.refused(event, result.code, result.reason);
    }
    await this.book.handled(event);
  }

  private react(event: RecordedEvent) {
    switch (event.type as Reacted) {
      case 'ExchangeShipped':
        return this.replacements.react(event);
      case 'RefundIssued':
      case 'CreditIssued':
        return this.refunds.react(event);
      case 'ClaimResolved':
        return this.claims.react(event);
    }
  }
}
