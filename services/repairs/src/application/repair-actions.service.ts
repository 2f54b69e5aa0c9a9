import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, StreamNotFoundError } from '@warranty/event-store';
import {
  type CommandContext,
  type EventEnvelope,
  eventsAsOf,
  foldAsOf,
  toEnvelope,
} from '@warranty/eventsourcing';
import { repairEvents } from '../domain/events';
import type { OpenRepairOrder, RepairOrderCommand } from '../domain/repair-order.commands';
import { repairOrderDecider } from '../domain/repair-order.decider';
import { type RepairOrder, repairStream } from '../domain/repair-order.state';
import { canSeeRepairOrder, repairOrderNotFound, repairOrderNotYetExisting } from './repair-access';
import { RepairRatesBook } from './repair-rates-book';
import { RepairStreams } from './repair-streams';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A step on an open order, without the fields the service fills in. */
export type RepairAction = DistributiveOmit<
  Exclude<RepairOrderCommand, OpenRepairOrder>,
  'repairOrderId' | 'at' | 'by' | 'retailerId' | 'rates'
>;

/**
 * Every step on an opened order, scoped to its parties: whoever may not see the order gets a 404.
 * The role of each step is checked at the route (a retailer only approves or declines).
 */
@Injectable()
export class RepairActions {
  constructor(
    private readonly streams: RepairStreams,
    private readonly rates: RepairRatesBook,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async act(repairOrderId: string, action: RepairAction, context: CommandContext) {
    const extra = await this.extraFor(repairOrderId, action, context);
    const command = {
      ...action,
      ...extra,
      repairOrderId,
      at: this.streams.now(),
      by: context.actor.tenantId,
    } as RepairOrderCommand;
    return this.streams.orders.handle(repairStream(repairOrderId), command, context, (state) => {
      if (!canSeeRepairOrder(context.actor, state)) throw repairOrderNotFound(repairOrderId);
    });
  }

  /** The retailer acting for the customer, or the new service center's terms. */
  private async extraFor(repairOrderId: string, action: RepairAction, context: CommandContext) {
    if (action.type === 'ApproveEstimate' || action.type === 'DeclineEstimate')
      return { retailerId: context.actor.tenantId };
    if (action.type !== 'ReassignRepairOrder') return {};
    const { state } = await this.streams.orders.load(repairStream(repairOrderId));
    if (!canSeeRepairOrder(context.actor, state)) throw repairOrderNotFound(repairOrderId);
    return { rates: await this.rates.require(state.manufacturerId, action.serviceCenterId) };
  }

  /** The order now, or as it stood at `asOf` (domain time), with the revision it had then. */
  async get(repairOrderId: string, context: Pick<CommandContext, 'actor'>, asOf?: Date) {
    const then = foldAsOf(
      repairOrderDecider,
      await this.visibleEvents(repairOrderId, context),
      asOf,
    );
    if (!then) throw repairOrderNotYetExisting(repairOrderId, asOf);
    return { order: then.state as RepairOrder, revision: then.revision };
  }

  /** Every event of the order with its envelope, for its parties and auditors; with asOf, up to then. */
  async history(
    repairOrderId: string,
    context: Pick<CommandContext, 'actor'>,
    asOf?: Date,
  ): Promise<EventEnvelope[]> {
    const events = eventsAsOf(await this.visibleEvents(repairOrderId, context), asOf);
    if (events.length === 0) throw repairOrderNotYetExisting(repairOrderId, asOf);
    return events;
  }

  private async visibleEvents(repairOrderId: string, context: Pick<CommandContext, 'actor'>) {
    let events: EventEnvelope[];
    try {
      events = (await this.store.readStream(repairStream(repairOrderId))).map((e) =>
        toEnvelope(repairEvents.upcast(e)),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw repairOrderNotFound(repairOrderId);
      throw error;
    }
    const current = foldAsOf(repairOrderDecider, events)?.state ?? repairOrderDecider.initialState;
    if (!canSeeRepairOrder(context.actor, current)) throw repairOrderNotFound(repairOrderId);
    return events;
  }
}
