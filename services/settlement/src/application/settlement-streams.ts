import { Inject, Injectable } from '@nestjs/common';
import { type SettlementEvent, settlementEvents } from '@warranty/contracts/settlement';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import {
  CLOCK,
  type Clock,
  CommandHandler,
  ID_GENERATOR,
  type IdGenerator,
} from '@warranty/eventsourcing';
import {
  type SettlementCommand,
  type SettlementLedger,
  settlementLedgerDecider,
} from '../domain/settlement-ledger';

/** The command handler of the ledgers: one stream per manufacturer and payee. */
@Injectable()
export class SettlementStreams {
  readonly ledgers: CommandHandler<SettlementCommand, SettlementEvent, SettlementLedger>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(ID_GENERATOR) readonly ids: IdGenerator,
  ) {
    this.ledgers = new CommandHandler(store, settlementLedgerDecider, clock, ids, {
      tenants: (ledger, events) => {
        const data = events[0]?.data;
        const manufacturer = data?.manufacturerId ?? ledger.manufacturerId ?? undefined;
        const payee = data?.payee ?? ledger.payee;
        return {
          manufacturer,
          ...(payee?.kind === 'retailer' ? { retailer: payee.id } : {}),
          ...(payee?.kind === 'service_center' ? { service_center: payee.id } : {}),
        };
      },
      schemaVersion: settlementEvents.schemaVersion,
      upcast: (e) => settlementEvents.decode<SettlementEvent>(e),
    });
  }

  now(): string {
    return this.clock.now().toISOString();
  }
}
