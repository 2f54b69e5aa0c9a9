import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import {
  CLOCK,
  type Clock,
  CommandHandler,
  ID_GENERATOR,
  type IdGenerator,
} from '@warranty/eventsourcing';
import {
  type RepairOrderEvent,
  type RepairRates,
  type RepairRatesSet,
  repairEvents,
} from '../domain/events';
import type { RepairOrderCommand } from '../domain/repair-order.commands';
import { repairOrderDecider } from '../domain/repair-order.decider';
import type { RepairOrderState } from '../domain/repair-order.state';
import { repairRatesDecider, type SetRepairRates } from '../domain/repair-rates';

/** The command handlers of the repairs context's two stream kinds. */
@Injectable()
export class RepairStreams {
  readonly orders: CommandHandler<RepairOrderCommand, RepairOrderEvent, RepairOrderState>;
  readonly rates: CommandHandler<SetRepairRates, RepairRatesSet, RepairRates | null>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(ID_GENERATOR) readonly ids: IdGenerator,
  ) {
    this.orders = new CommandHandler(store, repairOrderDecider, clock, ids, {
      tenants: (state) =>
        state.status === 'none'
          ? {}
          : {
              manufacturer: state.manufacturerId,
              ...(state.retailerId ? { retailer: state.retailerId } : {}),
              service_center: state.serviceCenterId,
            },
      schemaVersion: repairEvents.schemaVersion,
      upcast: (e) => repairEvents.decode<RepairOrderEvent>(e),
    });
    this.rates = new CommandHandler(store, repairRatesDecider, clock, ids, {
      tenants: (_state, events) => ({
        manufacturer: events[0]?.data.manufacturerId,
        service_center: events[0]?.data.serviceCenterId,
      }),
      schemaVersion: repairEvents.schemaVersion,
      upcast: (e) => repairEvents.decode<RepairRatesSet>(e),
    });
  }

  now(): string {
    return this.clock.now().toISOString();
  }
}
