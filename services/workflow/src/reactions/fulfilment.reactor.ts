import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { CLAIM_CATEGORY, claimEvents, claimStream } from '@warranty/contracts/claims';
import { REPAIR_CATEGORY, repairEvents } from '@warranty/contracts/repairs';
import { RMA_CATEGORY, rmaEvents } from '@warranty/contracts/returns';
import {
  EVENT_FEED,
  EVENT_STORE,
  type EventFeed,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@warranty/event-store';
import { ReadinessChecks } from '@warranty/platform';
import { PG_POOL } from '@warranty/platform/database';
import type { WorkflowProgress, WorkflowSettlement } from '@warranty/platform/workflow-progress';
import { SupervisedSubscription } from '@warranty/read-models/supervised-subscription';
import { DurableTimers, type TimerFiring } from '@warranty/timers';
import {
  COMMAND_GATEWAY,
  type CommandCause,
  type CommandGateway,
} from '../application/command-gateway';
import { CaseChangedError, WorkflowBook } from '../adapters/workflow-book';
import { FulfilmentPolicies } from '../application/fulfilment-policies';
import { WarrantyPlans } from '../application/warranty-plans';
import { EventAttempts, isOutage, MAX_EVENT_ATTEMPTS } from './event-attempts';
import { WORKFLOW_MAX_LAG_MS, WorkflowLag } from './workflow-lag';
import type { FulfilmentCase, WorkflowCommand } from '../domain/fulfilment-case';
import type { CommandParked } from '../domain/parking';
import {
  CONSULTS_POLICY,
  caseKeyOf,
  closingDue,
  react,
  type WorkflowEvent,
} from '../domain/reactions';

/** The timer command that closes a claim when its closing timer fires. */
export const CLOSE_CLAIM_TIMER = 'CloseClaimAfterWindow';

/** The subscription's name: its checkpoint, and its consumer group on Kafka. */
export const FULFILMENT_WORKFLOW = 'workflow-fulfilment';

export const WORKFLOW_EVENT_TYPES = [
  'ClaimFiled',
  'ClaimApproved',
  'ClaimRejected',
  'ClaimAppealed',
  'ClaimResolved',
  'ClaimClosed',
  'RmaAuthorized',
  'ReturnInspected',
  'ExchangeShipped',
  'RefundIssued',
  'CreditIssued',
  'LineDispositionApplied',
  'RmaCancelled',
  'RmaExpired',
  'RmaClosed',
  'RepairOrderOpened',
  'UnitShippedBack',
  'UnrepairableDeclared',
];

/** How often, and how patiently, a command that got no usable answer is sent again before it is parked. */
export interface CommandRetry {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const COMMAND_RETRY = Symbol('CommandRetry');
export const DEFAULT_COMMAND_RETRY: CommandRetry = {
  attempts: 6,
  initialDelayMs: 250,
  maxDelayMs: 8_000,
};

/**
 * Feeds claims', returns' and repairs' events through the reactions, one at a time, on the store's
 * feed or Kafka. Its commands go first, then the case and the checkpoint in one transaction: a crash
 * between them resends the same commands with the same Idempotency-Keys, which change nothing. The
 * case is written only over the one the run read, so a redrive and the live run never lose one
 * another's change: the one that finds the case changed runs its reaction again.
 */
@Injectable()
export class FulfilmentReactor
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, WorkflowProgress
{
  readonly book: WorkflowBook;
  private readonly logger = new Logger('FulfilmentWorkflow');
  private readonly attempts = new EventAttempts();
  private readonly lag: WorkflowLag;
  private subscription?: SupervisedSubscription;
  private stopping = false;

  constructor(
    @Inject(EVENT_FEED) private readonly feed: EventFeed,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    @Inject(COMMAND_GATEWAY) private readonly gateway: CommandGateway,
    @Inject(COMMAND_RETRY) private readonly retry: CommandRetry,
    @Inject(WORKFLOW_MAX_LAG_MS) private readonly maxLagMs: number,
    readonly timers: DurableTimers,
    private readonly readiness: ReadinessChecks,
    private readonly policies: FulfilmentPolicies,
    private readonly plans: WarrantyPlans,
  ) {
    this.book = new WorkflowBook(pool, FULFILMENT_WORKFLOW, store.kind);
    this.lag = new WorkflowLag(
      () => store.headPosition(),
      (position) => this.caughtUpTo(position),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.book.prepare();
    this.timers.on(CLOSE_CLAIM_TIMER, (firing) => this.closeClaim(firing));
    // Like a parked or lagging projection: serving goes on, an operator must look.
    this.readiness.register('workflow', async () => {
      const [parked, behindMs] = await Promise.all([this.book.parkedCount(), this.lag.behindMs()]);
      const degraded = parked > 0 || behindMs > this.maxLagMs;
      return { status: degraded ? 'degraded' : 'up', parked, behindMs };
    });
  }

  onApplicationBootstrap(): void {
    this.subscription = new SupervisedSubscription(this.feed, {
      name: FULFILMENT_WORKFLOW,
      filter: {
        streamPrefixes: [`${CLAIM_CATEGORY}-`, `${RMA_CATEGORY}-`, `${REPAIR_CATEGORY}-`],
        eventTypes: WORKFLOW_EVENT_TYPES,
      },
      resumeAfter: () => this.book.checkpoint(),
      handler: (event) => this.handleOrPark(event),
      onGiveUp: (event, error, attempts) => this.parkEvent(event, error, attempts),
      retry: EVENT_RETRY,
      logger: this.logger,
    });
    this.subscription.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
  }

  /** True once the workflow has handled every event up to `position`. */
  caughtUpTo(position: bigint): Promise<boolean> {
    return this.subscription?.caughtUpTo(position) ?? Promise.resolve(false);
  }

  /** One delivery of an event; delivering it again sends the same commands with the same keys. */
  async handle(event: RecordedEvent): Promise<void> {
    const decoded = decode(event);
    const known = await this.caseOf(decoded);
    const run = await this.runReaction(event, decoded, known);
    await this.book.handled(event, { ...run, case: { before: known, after: run.case } });
  }

  /** The case an event belongs to, as the workflow now knows it. */
  async caseOf(event: WorkflowEvent): Promise<FulfilmentCase | null> {
    const key = caseKeyOf(event);
    return key ? this.book.caseFor(key) : null;
  }

  /**
   * The reaction to an event on the case it finds, its commands sent in order with keys that
   * derive from the event: the case it leaves, the last position its commands wrote, the commands
   * sent, and the one given up on (those after it are not sent).
   */
  async runReaction(
    event: RecordedEvent,
    decoded: WorkflowEvent,
    known: FulfilmentCase | null,
  ): Promise<ReactionRun> {
    const policies =
      known && CONSULTS_POLICY.has(decoded.type)
        ? {
            [known.manufacturerId]: await this.policies.inForceBefore(
              known.manufacturerId,
              event.position,
            ),
          }
        : {};
    const plan =
      known?.planCode && decoded.type === 'ClaimApproved'
        ? await this.plans.factsOf(known.manufacturerId, known.planCode)
        : null;
    const reaction = react(decoded, known, policies, plan);
    const sent: string[] = [];
    const parked: CommandParked[] = [];
    let wrote: GlobalPosition | undefined;
    for (const [index, command] of reaction.commands.entries()) {
      const idempotencyKey = `workflow:${event.id}:${index}:${command.type}`;
      const delivery = await this.deliver(event, command, idempotencyKey);
      if (delivery.position !== undefined && (wrote === undefined || delivery.position > wrote))
        wrote = delivery.position;
      if (delivery.parked) {
        parked.push({ ...delivery.parked, caseBefore: known });
        break;
      }
      sent.push(command.type);
    }
    return { case: reaction.case, wrote, sent, parked };
  }

  /** True while the process shuts down: a failure then says nothing about the event. */
  get stopped(): boolean {
    return this.stopping;
  }

  /**
   * A failing event is tried again (by the feed: a resubscription, or in place on Kafka) and parked
   * after MAX_EVENT_ATTEMPTS, so the events behind it go on; an outage, or a case changed by a
   * redrive meanwhile, is not the event's fault: tried again in place, never parked.
   */
  private async handleOrPark(event: RecordedEvent): Promise<void> {
    for (let outages = 1; ; outages++) {
      try {
        await this.handle(event);
        this.attempts.succeeded(event);
        return;
      } catch (error) {
        if (this.stopping) throw error;
        if (isOutage(error) || error instanceof CaseChangedError) {
          const delay = Math.min(
            EVENT_RETRY.initialDelayMs * 2 ** (outages - 1),
            EVENT_RETRY.maxDelayMs,
          );
          this.logger.error(
            `${event.streamId}@${event.revision}: not the event's fault (${outages} in a row), again in ${delay} ms: ${messageOf(error)}`,
          );
          await this.waitOut(delay);
          continue;
        }
        if (!this.attempts.failed(event)) throw error;
        await this.parkEvent(event, error, MAX_EVENT_ATTEMPTS);
        return;
      }
    }
  }

  private async parkEvent(event: RecordedEvent, error: unknown, attempts: number): Promise<void> {
    this.logger.error(
      `${event.streamId}@${event.revision} (${event.type}) parked after ${attempts} attempts: ${messageOf(error)}`,
    );
    await this.book.parkEvent(event, messageOf(error), attempts);
  }

  /** A pause that a shutdown cuts short. */
  private async waitOut(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.stopping && Date.now() < until)
      await sleep(Math.min(SETTLE_POLL_MS * 5, until - Date.now()));
  }

  /**
   * Waits (bounded) until every event up to `position` is handled, then for the events its commands
   * wrote (an approval authorizes an RMA, whose event starts the claim's fulfilment), a few hops on.
   */
  async settledThrough(position: GlobalPosition, timeoutMs: number): Promise<WorkflowSettlement> {
    const deadline = Date.now() + timeoutMs;
    let through = position;
    let frontier: GlobalPosition | undefined;
    for (let hop = 0; hop < SETTLE_HOPS; hop++) {
      if (!(await this.handledBy(through, deadline)))
        return { caughtUp: false, frontier, reached: await this.book.checkpoint() };
      frontier = await this.book.frontier(through);
      if (frontier === undefined || frontier <= through) break;
      through = frontier;
    }
    return { caughtUp: true, frontier };
  }

  private async handledBy(position: GlobalPosition, deadline: number): Promise<boolean> {
    for (;;) {
      if (await this.caughtUpTo(position)) return true;
      if (this.stopping || Date.now() >= deadline) return false;
      await sleep(SETTLE_POLL_MS);
    }
  }

  /** A closing timer fired; a failure throws, so the timer retries and, in the end, shows as failed. */
  private async closeClaim({ command, timerId, correlationId }: TimerFiring): Promise<void> {
    const known = await this.book.caseFor({ claimId: String(command.claimId) });
    for (const close of closingDue(known, timerId)) {
      const result = await this.gateway.send(close, `workflow:${timerId}:${close.type}`, {
        correlationId,
        causationId: timerId,
      });
      if (result.outcome === 'retry' || result.outcome === 'refused')
        throw new Error(result.detail);
    }
  }

  private async schedule(
    closing: Extract<WorkflowCommand, { type: 'ScheduleClaimClosing' }>,
    cause: CommandCause,
  ) {
    const { claimId, manufacturerId, timerId, dueAt } = closing;
    await this.timers.schedule({
      timerId,
      dueAt,
      target: { streamId: claimStream(claimId), command: { type: CLOSE_CLAIM_TIMER, claimId } },
      ...cause,
      tenants: { manufacturer: manufacturerId },
    });
  }

  private async deliver(
    event: RecordedEvent,
    command: WorkflowCommand,
    key: string,
  ): Promise<{ position?: GlobalPosition; parked?: Omit<CommandParked, 'caseBefore'> }> {
    const cause = causeOf(event);
    if (command.type === 'ScheduleClaimClosing') {
      await this.schedule(command, cause);
      return {};
    }
    const { attempts, initialDelayMs, maxDelayMs } = this.retry;
    let detail = '';
    let sends = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      sends = attempt;
      const result = await this.gateway.send(command, key, cause);
      if (result.outcome === 'accepted') return { position: result.position };
      if (result.outcome === 'moved-on') {
        this.logger.log(`${event.streamId}@${event.revision}: ${result.detail}; already past it`);
        return {};
      }
      detail = result.detail;
      if (result.outcome === 'refused' || this.stopping) break;
      if (attempt < attempts)
        await sleep(Math.min(initialDelayMs * 2 ** (attempt - 1), maxDelayMs));
    }
    if (this.stopping) throw new Error(`stopping before ${command.type} was accepted`);
    this.logger.error(`${event.streamId}@${event.revision}: ${command.type} parked: ${detail}`);
    return { parked: { commandType: command.type, error: detail, attempts: sends } };
  }
}

/** One run of an event's reaction: the case it leaves, what it wrote, sent and gave up on. */
export interface ReactionRun {
  case: FulfilmentCase | null;
  wrote?: GlobalPosition;
  /** The commands done (accepted, or the aggregate already past them), in order. */
  sent: string[];
  parked: CommandParked[];
}

/** The reacted-to event caused the command; its correlation id runs on through the whole case. */
function causeOf(event: RecordedEvent): CommandCause {
  return { correlationId: String(event.metadata.correlationId ?? event.id), causationId: event.id };
}

export function decode(event: RecordedEvent): WorkflowEvent {
  if (event.streamId.startsWith(`${CLAIM_CATEGORY}-`)) return claimEvents.decode(event);
  if (event.streamId.startsWith(`${RMA_CATEGORY}-`)) return rmaEvents.decode(event);
  return repairEvents.decode(event) as WorkflowEvent;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** The backoff between attempts at an event, and while an outage lasts. */
const EVENT_RETRY = { initialDelayMs: 250, maxDelayMs: 30_000 };
const SETTLE_POLL_MS = 20;
/** Approval -> RMA authorized -> fulfilment started is the longest chain a case view waits through. */
const SETTLE_HOPS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
