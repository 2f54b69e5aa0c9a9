import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  type EventStore,
  type GlobalPosition,
  StreamNotFoundError,
} from '@warranty/event-store';
import {
  CLOCK,
  type Clock,
  CommandHandler,
  ID_GENERATOR,
  type IdGenerator,
} from '@warranty/eventsourcing';
import {
  DEFAULT_POLICY,
  type FulfilmentPolicy,
  fulfilmentPolicyDecider,
  type FulfilmentPolicySet,
  fulfilmentPolicyStream,
  type SetFulfilmentPolicy,
} from '../domain/fulfilment-policy';

/** Manufacturers' fulfilment policies: set through the API, read back as of a point of the log. */
@Injectable()
export class FulfilmentPolicies {
  readonly handler: CommandHandler<SetFulfilmentPolicy, FulfilmentPolicySet, FulfilmentPolicy>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) ids: IdGenerator,
  ) {
    this.handler = new CommandHandler(store, fulfilmentPolicyDecider, clock, ids, {
      tenants: (_state, events) => ({ manufacturer: events[0]?.data.manufacturerId }),
    });
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  /**
   * The version in force just before `position`: a reaction replayed later reads the same one,
   * whatever was set since.
   */
  async inForceBefore(manufacturerId: string, position: GlobalPosition): Promise<FulfilmentPolicy> {
    let events;
    try {
      events = await this.store.readStream(fulfilmentPolicyStream(manufacturerId), {
        direction: 'backwards',
      });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return DEFAULT_POLICY;
      throw error;
    }
    const inForce = events.find((event) => event.position < position);
    return inForce
      ? (inForce.data as unknown as FulfilmentPolicySet['data']).policy
      : DEFAULT_POLICY;
  }
}
