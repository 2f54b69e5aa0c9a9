import { Inject, Injectable } from '@nestjs/common';
import { rmaEvents } from '@warranty/contracts/returns';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import {
  CLOCK,
  type Clock,
  CommandHandler,
  ID_GENERATOR,
  type IdGenerator,
} from '@warranty/eventsourcing';
import type { RmaEvent } from '../domain/events';
import type { RmaCommand } from '../domain/rma.commands';
import { rmaDecider } from '../domain/rma.decider';
import type { RmaState } from '../domain/rma.state';
import {
  type ReserveRmaNumber,
  type RmaNumberReserved,
  type RmaNumbers,
  rmaNumbersDecider,
} from '../domain/rma-numbers';
import {
  type RmaUnit,
  rmaUnitDecider,
  type TakeUnitForRma,
  type UnitTakenByRma,
} from '../domain/rma-units';
import {
  type ReturnPolicy,
  returnPolicyDecider,
  type ReturnPolicySet,
  type SetReturnPolicy,
} from '../domain/return-policy';

/** Concurrent authorizations for one manufacturer race for its counter; each lost race is another's number. */
const NUMBER_ATTEMPTS = 200;

/** The command handlers of the returns context's four stream kinds. */
@Injectable()
export class RmaStreams {
  readonly rmas: CommandHandler<RmaCommand, RmaEvent, RmaState>;
  readonly numbers: CommandHandler<ReserveRmaNumber, RmaNumberReserved, RmaNumbers>;
  readonly policies: CommandHandler<SetReturnPolicy, ReturnPolicySet, ReturnPolicy>;
  readonly units: CommandHandler<TakeUnitForRma, UnitTakenByRma, RmaUnit>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(ID_GENERATOR) readonly ids: IdGenerator,
  ) {
    this.rmas = new CommandHandler(store, rmaDecider, clock, ids, {
      tenants: (state) =>
        state.status === 'none'
          ? {}
          : {
              manufacturer: state.manufacturerId,
              ...(state.retailerId ? { retailer: state.retailerId } : {}),
            },
      schemaVersion: rmaEvents.schemaVersion,
      upcast: rmaEvents.decode,
    });
    this.numbers = new CommandHandler(store, rmaNumbersDecider, clock, ids, {
      maxAttempts: NUMBER_ATTEMPTS,
      oneAtATimePerStream: true,
      tenants: (_state, events) => ({ manufacturer: events[0]?.data.manufacturerId }),
    });
    this.policies = new CommandHandler(store, returnPolicyDecider, clock, ids, {
      tenants: (_state, events, context) => ({ [context.actor.role]: events[0]?.data.tenantId }),
    });
    this.units = new CommandHandler(store, rmaUnitDecider, clock, ids, {
      tenants: (_state, events) => ({ manufacturer: events[0]?.data.manufacturerId }),
    });
  }

  now(): string {
    return this.clock.now().toISOString();
  }
}
