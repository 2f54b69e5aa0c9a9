import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, StreamNotFoundError } from '@warranty/event-store';
import {
  type CommandContext,
  type EventEnvelope,
  eventsAsOf,
  foldAsOf,
  toEnvelope,
} from '@warranty/eventsourcing';
import { rmaEvents } from '../domain/events';
import type { AuthorizeRma, RmaCommand } from '../domain/rma.commands';
import type { ReplacementOnFile } from '../domain/replacement';
import { rmaDecider } from '../domain/rma.decider';
import { type AuthorizedRma, type RmaState, rmaStream } from '../domain/rma.state';
import { canSeeRma, rmaNotFound, rmaNotYetExisting } from './rma-access';
import { RmaDeadlines } from './rma-deadlines';
import { RmaStreams } from './rma-streams';
import { SoldUnits } from './sold-units';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command on an authorized RMA, without the fields the service fills in. */
export type RmaAction = DistributiveOmit<
  Exclude<RmaCommand, AuthorizeRma>,
  'rmaId' | 'at' | 'by' | 'replacementOnFile' | 'registrationCancelled'
>;

/**
 * Every command on an authorized RMA, scoped to its parties. `ExpireRma` and
 * `ChargeAdvanceExchangeDeposit` are the hooks a durable timer calls at the return-by deadline
 * (as a system or admin actor); the clock decides whether the deadline has passed.
 */
@Injectable()
export class RmaActions {
  constructor(
    private readonly streams: RmaStreams,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly deadlines: RmaDeadlines,
    private readonly units: SoldUnits,
  ) {}

  async act(rmaId: string, action: RmaAction, context: CommandContext) {
    const guard = (state: RmaState) => {
      if (!canSeeRma(context.actor, state)) throw rmaNotFound(rmaId);
    };
    if (action.type === 'IssueRefund' || action.type === 'IssueCredit')
      return this.payOut(rmaId, action, context, guard);
    const facts =
      action.type === 'ShipExchange'
        ? await this.beforeExchangeShipment(rmaId, action, context)
        : {};
    const command = {
      ...action,
      ...facts,
      rmaId,
      at: this.streams.now(),
      by: context.actor.tenantId,
    } as RmaCommand;
    return this.streams.rmas.handle(rmaStream(rmaId), command, context, guard);
  }

  /**
   * A refund or credit, decided on the line's unit as registration has it now: one bought back
   * since the RMA was authorized (a claim's refund landed meanwhile) is refused before anything
   * is written. A retry of a payout that landed answers with it, whatever came after.
   */
  private async payOut(
    rmaId: string,
    action: Extract<RmaAction, { type: 'IssueRefund' | 'IssueCredit' }>,
    context: CommandContext,
    guard: (state: RmaState) => void,
  ) {
    const stream = rmaStream(rmaId);
    const read = await this.streams.rmas.read(stream, context.commandId);
    // Nothing is read for a caller who may not see the RMA.
    guard(read.state);
    const rma = read.state as AuthorizedRma;
    const line = read.earlier ? undefined : rma.lines.find((l) => l.lineId === action.lineId);
    const unit = line ? await this.units.find(rma.manufacturerId, line.serialNumber) : null;
    const command = {
      ...action,
      registrationCancelled: unit?.cancelledFor ?? null,
      rmaId,
      at: this.streams.now(),
      by: context.actor.tenantId,
    } as RmaCommand;
    return this.streams.rmas.handle(stream, command, context, guard, read);
  }

  /**
   * The replacement as registration has it on file, for the decider to refuse someone else's unit
   * before ExchangeShipped (registration's reaction records any that slips through in between).
   * A replacement shipping ahead of its unit arms the deposit charge at the return-by deadline,
   * before ExchangeShipped is appended; if the shipment is then refused the timer fires a no-op.
   */
  private async beforeExchangeShipment(
    rmaId: string,
    action: Extract<RmaAction, { type: 'ShipExchange' }>,
    context: CommandContext,
  ): Promise<{ replacementOnFile: ReplacementOnFile }> {
    const { state } = await this.streams.rmas.load(rmaStream(rmaId));
    // Nothing is read for a caller who may not see the RMA: the command's guard answers 404.
    if (!canSeeRma(context.actor, state)) return { replacementOnFile: { status: 'unregistered' } };
    const replacementOnFile = await this.units.onFile(
      state.manufacturerId,
      action.replacementSerialNumber,
    );
    const line = state.lines.find((l) => l.lineId === action.lineId);
    const ahead = line?.status === 'awaiting_return' && line.replacementSerialNumber === null;
    if (state.type === 'advance_exchange' && ahead)
      await this.deadlines.scheduleDepositCharge(state, context.correlationId);
    return { replacementOnFile };
  }

  /** The RMA now, or as it stood at `asOf` (domain time), with the revision it had then. */
  async get(rmaId: string, context: Pick<CommandContext, 'actor'>, asOf?: Date) {
    const then = foldAsOf(rmaDecider, await this.visibleEvents(rmaId, context), asOf);
    if (!then) throw rmaNotYetExisting(rmaId, asOf);
    return { rma: then.state as AuthorizedRma, revision: then.revision };
  }

  /** Every event of the RMA with its envelope, for the parties and auditors; with asOf, up to then. */
  async history(
    rmaId: string,
    context: Pick<CommandContext, 'actor'>,
    asOf?: Date,
  ): Promise<EventEnvelope[]> {
    const events = eventsAsOf(await this.visibleEvents(rmaId, context), asOf);
    if (events.length === 0) throw rmaNotYetExisting(rmaId, asOf);
    return events;
  }

  private async visibleEvents(rmaId: string, context: Pick<CommandContext, 'actor'>) {
    let events: EventEnvelope[];
    try {
      events = (await this.store.readStream(rmaStream(rmaId))).map((e) =>
        toEnvelope(rmaEvents.upcast(e)),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw rmaNotFound(rmaId);
      throw error;
    }
    const current = foldAsOf(rmaDecider, events)?.state ?? rmaDecider.initialState;
    if (!canSeeRma(context.actor, current)) throw rmaNotFound(rmaId);
    return events;
  }
}
