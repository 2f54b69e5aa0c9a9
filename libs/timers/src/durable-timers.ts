import type { Pool } from 'pg';
import type { EventStore, GlobalPosition } from '@warranty/event-store';
import {
  type Actor,
  categoryPrefix,
  type Clock,
  CommandHandler,
  type CommandResult,
  type IdGenerator,
} from '@warranty/eventsourcing';
import { migrate } from '@warranty/postgres';
import { type ClaimedTimer, DueTimers, type FailedTimer } from './due-timers';
import { timersMigrations } from './migrations';
import { defaultRetryPolicy, retryAt, type RetryPolicy } from './retry-policy';
import {
  type TargetCommand,
  type TimerCommand,
  timerDecider,
  type TimerEvent,
  type TimerState,
  type TimerStatus,
  timerStream,
  type TimerTarget,
  type TimerTenants,
  TIMER_CATEGORY,
} from './timer.decider';

export interface ScheduleTimer {
  /** Derived by the caller from what the timer is about (`rma-expiry-{rmaId}`), never random. */
  timerId: string;
  dueAt: Date | string;
  target: TimerTarget;
  correlationId?: string;
  /** What scheduled it, e.g. the event a workflow reacted to; recorded on the timer's events. */
  causationId?: string;
  /** Who may see the timer's events; none by default. */
  tenants?: TimerTenants;
}

/** What a handler receives when its timer fires. */
export interface TimerFiring {
  timerId: string;
  streamId: string;
  command: TargetCommand;
  /** Equal to the timer id. Pass it as `CommandContext.commandId`: a re-fire then decides nothing again. */
  commandId: string;
  correlationId: string;
  dueAt: Date;
  /** 1 on the first dispatch of this firing. */
  attempt: number;
}

export type TimerHandler = (firing: TimerFiring) => Promise<void>;

export interface TimersOptions {
  retry?: Partial<RetryPolicy>;
  /** How long a claimed timer is left to its poller before another may fire it. */
  leaseMs?: number;
  batchSize?: number;
}

export interface FiringReport {
  fired: string[];
  retrying: string[];
  failed: string[];
}

export interface TimersDependencies {
  pool: Pool;
  store: EventStore;
  clock: Clock;
  ids: IdGenerator;
}

const TIMER_ACTOR: Actor = { id: 'timers', role: 'system', tenantId: 'platform' };
const CATCH_UP_PAGE = 500;
const MAX_ERROR_LENGTH = 2000;

/**
 * Durable timers: each is a `timer-{id}` stream in the event store, folded into `timers.due`;
 * `fireDue` dispatches what is due to the handler registered for its command type.
 */
export class DurableTimers {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly commands: CommandHandler<TimerCommand, TimerEvent, TimerState>;
  private readonly due: DueTimers;
  private readonly retry: RetryPolicy;

  private constructor(
    private readonly deps: TimersDependencies,
    private readonly options: TimersOptions,
  ) {
    this.due = new DueTimers(deps.pool);
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.commands = new CommandHandler(deps.store, timerDecider, deps.clock, deps.ids, {
      tenants: (state) => (state.status === 'none' ? {} : state.tenants),
    });
  }

  /** Applies the timers' migrations, then answers a ready instance. */
  static async create(deps: TimersDependencies, options: TimersOptions = {}) {
    await migrate(deps.pool, 'timers', timersMigrations);
    return new DurableTimers(deps, options);
  }

  /** Registers what fires timers whose command has this type; this instance fires only those. */
  on(commandType: string, handler: TimerHandler): this {
    if (this.handlers.has(commandType))
      throw new Error(`A handler for timer command ${commandType} is already registered`);
    this.handlers.set(commandType, handler);
    return this;
  }

  /**
   * The same id with the same instant and target changes nothing; another instant or target
   * reschedules a timer that has not fired (and re-arms a cancelled or failed one). A fired id is spent.
   */
  async schedule(timer: ScheduleTimer): Promise<TimerStatus> {
    const correlationId = timer.correlationId ?? timer.timerId;
    const command: TimerCommand = {
      type: 'schedule',
      timerId: timer.timerId,
      dueAt: timer.dueAt instanceof Date ? timer.dueAt.toISOString() : timer.dueAt,
      target: timer.target,
      correlationId,
      tenants: timer.tenants ?? {},
    };
    const result = await this.record(timer.timerId, correlationId, command, timer.causationId);
    return (result.state as { status: TimerStatus }).status;
  }

  /** A timer cancelled before a poller claims it never fires; answers its status, undefined if unknown. */
  async cancel(timerId: string, reason = 'cancelled'): Promise<TimerStatus | undefined> {
    const { state } = await this.commands.load(timerStream(timerId));
    if (state.status === 'none') return undefined;
    const result = await this.record(timerId, state.correlationId, { type: 'cancel', reason });
    return (result.state as { status: TimerStatus }).status;
  }

  /** The timer as its stream says, which the table may trail by an instant. */
  async status(timerId: string): Promise<TimerState> {
    return (await this.commands.load(timerStream(timerId))).state;
  }

  /** Timers whose command failed on every attempt, with the last error. */
  failed(): Promise<FailedTimer[]> {
    return this.due.failed();
  }

  tick(): Promise<FiringReport> {
    return this.fireDue(this.deps.clock.now());
  }

  /** Fires every timer due at `now` whose command type has a handler here. */
  async fireDue(now: Date): Promise<FiringReport> {
    const report: FiringReport = { fired: [], retrying: [], failed: [] };
    const types = [...this.handlers.keys()];
    if (types.length === 0) return report;
    await this.catchUp();
    const leaseUntil = new Date(now.getTime() + (this.options.leaseMs ?? 60_000));
    for (;;) {
      const claimed = await this.due.claim(now, leaseUntil, types, this.options.batchSize ?? 20);
      if (claimed.length === 0) return report;
      for (const timer of claimed) report[await this.fire(timer, now)].push(timer.timerId);
    }
  }

  private async fire(timer: ClaimedTimer, now: Date): Promise<keyof FiringReport> {
    const attempt = timer.attempts + 1;
    try {
      await this.handlers.get(timer.command.type)!({
        timerId: timer.timerId,
        streamId: timer.streamId,
        command: timer.command,
        commandId: timer.timerId,
        correlationId: timer.correlationId,
        dueAt: timer.dueAt,
        attempt,
      });
    } catch (error) {
      const next = retryAt(this.retry, attempt, now);
      await this.record(timer.timerId, timer.correlationId, {
        type: 'recordFailure',
        error: describe(error),
        retryAt: next?.toISOString(),
      });
      return next ? 'retrying' : 'failed';
    }
    await this.record(timer.timerId, timer.correlationId, {
      type: 'recordFiring',
      firedAt: now.toISOString(),
    });
    return 'fired';
  }

  /** Appends to the timer's stream, then writes its row at once so a poll right after sees it. */
  private async record(
    timerId: string,
    correlationId: string,
    command: TimerCommand,
    causationId?: string,
  ): Promise<CommandResult<TimerEvent, TimerState>> {
    const result = await this.commands.handle(timerStream(timerId), command, {
      actor: TIMER_ACTOR,
      correlationId,
      ...(causationId ? { causationId } : {}),
    });
    await this.due.save(result.state, result.revision);
    return result;
  }

  /**
   * Folds into the table every timer stream written since the checkpoint, so a timer whose
   * append landed but whose row did not (a crash in between) still fires.
   */
  private async catchUp(): Promise<void> {
    const { store } = this.deps;
    let after = await this.due.checkpoint(store.kind);
    for (;;) {
      const head = await store.headPosition();
      const events = await store.readAll({
        after,
        maxCount: CATCH_UP_PAGE,
        filter: { streamPrefixes: [categoryPrefix(TIMER_CATEGORY)] },
      });
      for (const streamId of new Set(events.map((e) => e.streamId))) {
        const { state, revision } = await this.commands.load(streamId);
        await this.due.save(state, revision);
      }
      const full = events.length === CATCH_UP_PAGE;
      // A short page means nothing else up to the head read before it is a timer event.
      const reached = later(events.at(-1)?.position, full ? undefined : head);
      if (reached !== undefined && (after === undefined || reached > after)) {
        await this.due.saveCheckpoint(reached, store.kind);
        after = reached;
      }
      if (!full) return;
    }
  }
}

function later(a?: GlobalPosition, b?: GlobalPosition): GlobalPosition | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}
