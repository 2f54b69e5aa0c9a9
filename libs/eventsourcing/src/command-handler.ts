import { LRUCache } from 'lru-cache';
import {
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type RecordedEvent,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '@warranty/event-store';
import type { Clock, IdGenerator } from './clock';
import type { Decider, DomainEvent } from './decider';
import { ConcurrencyConflictError, StaleRevisionError } from './domain-errors';
import type { Actor, EventMetadata } from './envelope';
import { decideInTurn, type GroupMember } from './decided-together';
import { PerStreamQueue } from './per-stream-queue';

export interface CommandContext {
  actor: Actor;
  correlationId: string;
  /** The event or request that caused this command; defaults to the correlation id. */
  causationId?: string;
  /** From `If-Match`: the revision the caller last saw. A mismatch is a StaleRevisionError. */
  expectedRevision?: number;
  /**
   * A stable id for this command (from the tenant and Idempotency-Key): a stream that already
   * holds events with it answers the retry with them instead of deciding again, so a retry after
   * a crash between the append and the reply converges instead of hitting a 409.
   */
  commandId?: string;
}

export interface CommandResult<Event extends DomainEvent, State> {
  streamId: string;
  /** Events this command appended; empty when the command changed nothing. */
  events: Event[];
  state: State;
  /** The stream's revision after the command; -1 for a stream that still does not exist. */
  revision: number;
  /** Global position of the last event appended, if any. */
  position?: GlobalPosition;
  /** On a retry of a command id that already wrote: the last event that earlier run wrote. */
  earlier?: RecordedEvent;
}

export interface CommandHandlerOptions<Event extends DomainEvent, State> {
  /** Attempts on a concurrency conflict before giving up with ConcurrencyConflictError. */
  maxAttempts?: number;
  /** Who may see the events, recorded in their metadata. */
  tenants: (state: State, events: Event[], context: CommandContext) => EventMetadata['tenants'];
  schemaVersion?: (type: Event['type']) => number;
  /** Turns a stored event (possibly of an older schema) into the current domain event. */
  upcast?: (recorded: RecordedEvent) => Event;
  /**
   * The stream is a set: its events commute and evolve ignores a repeat, so appends need no
   * expected revision and concurrent writers never conflict.
   */
  commutative?: boolean;
  /**
   * A hot stream (a counter many requests append to): this process runs its commands to one stream
   * one at a time, so they do not race each other for its revision; other processes still race.
   * Commands that arrive while one append is in flight are decided together, in arrival order,
   * and appended in one append. It keeps each stream's folded state after its own writes and
   * decides on it without a read; an append at that revision proves it current, a lost race sends
   * it back to the log.
   */
  oneAtATimePerStream?: boolean;
}

/** A stream as folded by `read`; `earlier` is the last event a run of the given command id wrote. */
export interface StreamRead<State> {
  state: State;
  revision: number;
  position?: GlobalPosition;
  earlier?: RecordedEvent;
}

/** Streams whose folded state a one-at-a-time handler keeps, the least recently written dropped. */
const MAX_REMEMBERED_STREAMS = 1000;

/** Commands decided and appended together at most, on a one-at-a-time stream. */
const MAX_GROUP = 100;

/** A safety stop for a store that never lets an append land. */
const COMMUTATIVE_MAX_ATTEMPTS = 1000;

/** Reads a stream, folds it, decides, and appends with the expected revision; retries a lost race. */
export class CommandHandler<Command, Event extends DomainEvent, State> {
  private readonly queue?: PerStreamQueue;
  private readonly states?: LRUCache<string, { state: State; revision: number }>;
  /** Per stream, the group of plain commands waiting for the one in flight to land. */
  private readonly forming = new Map<string, Array<GroupMember<Command, Event, State>>>();

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly options: CommandHandlerOptions<Event, State>,
  ) {
    this.queue = options.oneAtATimePerStream ? new PerStreamQueue() : undefined;
    this.states = options.oneAtATimePerStream
      ? new LRUCache({ max: MAX_REMEMBERED_STREAMS })
      : undefined;
  }

  /** The folded stream, its revision and the global position of its last event. */
  async load(
    streamId: string,
  ): Promise<{ state: State; revision: number; position?: GlobalPosition }> {
    const { state, revision, position } = await this.loadWith(streamId);
    return { state, revision, position };
  }

  /**
   * The folded stream, and the last event an earlier run of `commandId` wrote to it, if any: for
   * a caller that reads it beside other things and passes it to `handle`.
   */
  async read(streamId: string, commandId?: string): Promise<StreamRead<State>> {
    return this.loadWith(streamId, commandId);
  }

  /**
   * A guess that the stream has no events yet, for a command that usually creates it: the append
   * expects no stream, so a wrong guess costs one retry. Not for a commutative stream, whose
   * appends never conflict and so would never correct it.
   */
  assumeEmpty(): StreamRead<State> {
    if (this.options.commutative) throw new Error('A commutative stream must be read, not assumed');
    return { state: this.decider.initialState, revision: -1 };
  }

  private async loadWith(streamId: string, commandId?: string): Promise<StreamRead<State>> {
    const upcast =
      this.options.upcast ?? ((e: RecordedEvent) => ({ type: e.type, data: e.data }) as Event);
    let state = this.decider.initialState;
    let revision = -1;
    let position: GlobalPosition | undefined;
    let earlier: RecordedEvent | undefined;
    try {
      for (const recorded of await this.store.readStream(streamId)) {
        state = this.decider.evolve(state, upcast(recorded));
        revision = recorded.revision;
        position = recorded.position;
        if (commandId !== undefined && recorded.metadata.commandId === commandId)
          earlier = recorded;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return { state, revision, position, earlier };
  }

  /**
   * `guard` sees the folded state before the decider (e.g. to scope by tenant) and may throw.
   * `first`, a `read` of this stream with this context's command id, spares the first read; the
   * append still expects its revision, so a stale one only costs a retry.
   */
  async handle(
    streamId: string,
    command: Command,
    context: CommandContext,
    guard?: (state: State) => void,
    first?: StreamRead<State>,
  ): Promise<CommandResult<Event, State>> {
    const run = () => this.handleNow(streamId, command, context, guard, first);
    if (!this.queue) return run();
    const plain =
      !first && context.commandId === undefined && context.expectedRevision === undefined;
    if (plain) return this.together(streamId, { command, context, guard });
    return this.queue.run(streamId, run);
  }

  /**
   * Joins the group of plain commands waiting for this stream, or starts one behind the stream's
   * queue: the commands that arrive while one group is being appended are decided and appended
   * together next, in arrival order.
   */
  private together(
    streamId: string,
    request: Omit<GroupMember<Command, Event, State>, 'resolve' | 'reject'>,
  ): Promise<CommandResult<Event, State>> {
    return new Promise((resolve, reject) => {
      const member = { ...request, resolve, reject };
      const forming = this.forming.get(streamId);
      if (forming && forming.length < MAX_GROUP) {
        forming.push(member);
        return;
      }
      const group = [member];
      this.forming.set(streamId, group);
      void this.queue!.run(streamId, async () => {
        if (this.forming.get(streamId) === group) this.forming.delete(streamId);
        await this.decideTogether(streamId, group);
      });
    });
  }

  /**
   * Decides a group on the state this process last wrote, or on the log, and appends all of its
   * events in one append. Only an append that lands settles anyone; a refusal or a no-op on a
   * remembered state (which may be old) sends the group to the log, as does a lost race.
   */
  private async decideTogether(
    streamId: string,
    group: Array<GroupMember<Command, Event, State>>,
  ): Promise<void> {
    try {
      for (let attempt = 1; ; attempt++) {
        const remembered = this.states!.get(streamId);
        const base = remembered ?? (await this.loadWith(streamId));
        const decided = decideInTurn(this.decider, group, base.state);
        if (remembered && decided.outcomes.some((outcome) => outcome.events.length === 0)) {
          this.states!.delete(streamId);
          continue;
        }
        const appended = decided.outcomes.flatMap(({ member, events, state }) =>
          this.toAppend(events, state, member.context),
        );
        let position: GlobalPosition | undefined;
        if (appended.length > 0) {
          try {
            ({ position } = await this.store.append(
              streamId,
              appended,
              this.expectedAt(base.revision),
            ));
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError)) throw error;
            this.states!.delete(streamId);
            if (attempt >= this.maxAttempts) throw new ConcurrencyConflictError(streamId, attempt);
            continue;
          }
        }
        let revision = base.revision;
        for (const { member, events, state, refusal } of decided.outcomes) {
          revision += events.length;
          if (refusal !== undefined) member.reject(refusal);
          // Each caller gets the group's last position: at or after its own events, all committed.
          else
            member.resolve({
              streamId,
              events,
              state,
              revision,
              ...(events.length ? { position } : {}),
            });
        }
        if (revision >= 0) this.states!.set(streamId, { state: decided.state, revision });
        return;
      }
    } catch (error) {
      // Whether an append that failed this way landed is unknown: the next group reads the log.
      this.states!.delete(streamId);
      for (const member of group) member.reject(error);
    }
  }

  private async appendDecided(
    streamId: string,
    events: Event[],
    next: State,
    context: CommandContext,
    expected: ExpectedRevision,
  ): Promise<CommandResult<Event, State>> {
    const result = await this.store.append(
      streamId,
      this.toAppend(events, next, context),
      expected,
    );
    return {
      streamId,
      events,
      state: next,
      revision: result.nextRevision,
      position: result.position,
    };
  }

  private async handleNow(
    streamId: string,
    command: Command,
    context: CommandContext,
    guard?: (state: State) => void,
    first?: StreamRead<State>,
  ): Promise<CommandResult<Event, State>> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision, earlier } =
        attempt === 1 && first ? first : await this.loadWith(streamId, context.commandId);
      guard?.(state);
      if (earlier) {
        return {
          streamId,
          events: [],
          state,
          revision: earlier.revision,
          position: earlier.position,
          earlier,
        };
      }
      if (context.expectedRevision !== undefined && context.expectedRevision !== revision) {
        throw new StaleRevisionError(
          streamId,
          context.expectedRevision,
          revision < 0 ? 'no_stream' : revision,
        );
      }
      const events = this.decider.decide(command, state);
      if (events.length === 0) return { streamId, events, state, revision };
      const next = events.reduce(this.decider.evolve, state);
      try {
        return await this.appendDecided(streamId, events, next, context, this.expectedAt(revision));
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (context.expectedRevision !== undefined) {
          throw new StaleRevisionError(streamId, context.expectedRevision, error.actual);
        }
        // On a commutative stream every lost race is another writer's progress: keep going.
        const limit = this.options.commutative ? COMMUTATIVE_MAX_ATTEMPTS : this.maxAttempts;
        if (attempt >= limit) throw new ConcurrencyConflictError(streamId, attempt);
      }
    }
  }

  private get maxAttempts(): number {
    return this.options.maxAttempts ?? 5;
  }

  /** The revision an append expects of a stream read at `revision` (-1: none yet). */
  private expectedAt(revision: number): ExpectedRevision {
    if (this.options.commutative) return 'any';
    return revision < 0 ? 'no_stream' : revision;
  }

  /** A command's events as the store takes them, each with its envelope. */
  private toAppend(events: Event[], state: State, context: CommandContext): EventToAppend[] {
    return events.map((event) => ({
      id: this.ids.newId(),
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: this.metadata(event, state, events, context),
    }));
  }

  private metadata(
    event: Event,
    state: State,
    events: Event[],
    context: CommandContext,
  ): EventMetadata {
    return {
      tenants: this.options.tenants(state, events, context),
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId ?? context.correlationId,
      schemaVersion: this.options.schemaVersion?.(event.type) ?? 1,
      occurredAt: this.clock.now().toISOString(),
      ...(context.commandId === undefined ? {} : { commandId: context.commandId }),
    };
  }
}
