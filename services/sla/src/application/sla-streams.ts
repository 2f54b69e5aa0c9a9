import { Inject, Injectable } from '@nestjs/common';
import {
  type BusinessCalendarData,
  type BusinessCalendarDefined,
  DEFAULT_POLICY_SCOPE,
  type SlaEvent,
  type SlaPolicySet,
  type SlaStreamEvent,
  businessCalendarStream,
  slaEvents,
  slaPolicyStream,
} from '@warranty/contracts/sla';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import {
  CLOCK,
  type Clock,
  CommandHandler,
  ID_GENERATOR,
  type IdGenerator,
} from '@warranty/eventsourcing';
import {
  businessCalendarDecider,
  type DefineBusinessCalendar,
} from '../domain/business-calendar.decider';
import { DEFAULT_BUSINESS_CALENDAR } from '@warranty/business-time';
import { DEFAULT_CALENDAR_ID } from '../domain/default-slas';
import {
  BUILT_IN_POLICY,
  type SetSlaPolicy,
  type SlaPolicy,
  slaPolicyDecider,
} from '../domain/sla-policy';
import { type SlaTimerCommand, slaTimerDecider, type SlaTimers } from '../domain/sla-timer.decider';

/** The command handlers of the SLA context's three stream kinds, and policy lookups on them. */
@Injectable()
export class SlaStreams {
  readonly policies: CommandHandler<SetSlaPolicy, SlaPolicySet, SlaPolicy | null>;
  readonly calendars: CommandHandler<
    DefineBusinessCalendar,
    BusinessCalendarDefined,
    BusinessCalendarData | null
  >;
  readonly timers: CommandHandler<SlaTimerCommand, SlaStreamEvent, SlaTimers>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(ID_GENERATOR) ids: IdGenerator,
  ) {
    const schemaVersion = (type: string) => slaEvents.schemaVersion(type as SlaEvent['type']);
    this.policies = new CommandHandler(store, slaPolicyDecider, clock, ids, {
      schemaVersion,
      upcast: (e) => slaEvents.decode<SlaPolicySet>(e),
      tenants: (_state, events) => {
        const scope = events[0]?.data.scope;
        return scope && scope !== DEFAULT_POLICY_SCOPE ? { manufacturer: scope } : {};
      },
    });
    this.calendars = new CommandHandler(store, businessCalendarDecider, clock, ids, {
      schemaVersion,
      upcast: (e) => slaEvents.decode<BusinessCalendarDefined>(e),
      tenants: () => ({}),
    });
    this.timers = new CommandHandler(store, slaTimerDecider, clock, ids, {
      schemaVersion,
      upcast: (e) => slaEvents.decode<SlaStreamEvent>(e),
      tenants: (state, events) => {
        // A stream whose only SLA could not be computed has no clock: its event names the parties.
        const parties =
          Object.values(state.clocks)[0]?.parties ??
          events.flatMap((e) => ('parties' in e.data ? [e.data.parties] : []))[0];
        if (!parties) return {};
        return {
          manufacturer: parties.manufacturerId,
          ...(parties.retailerId ? { retailer: parties.retailerId } : {}),
          ...(parties.serviceCenterId ? { service_center: parties.serviceCenterId } : {}),
        };
      },
    });
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  /** The policy in force for a manufacturer: its own, else the operator's defaults, else SPEC §4's. */
  async policyFor(manufacturerId: string): Promise<SlaPolicy> {
    const own = await this.policies.load(slaPolicyStream(manufacturerId));
    return own.state ?? (await this.defaults());
  }

  async defaults(): Promise<SlaPolicy> {
    const set = await this.policies.load(slaPolicyStream(DEFAULT_POLICY_SCOPE));
    return set.state ?? BUILT_IN_POLICY;
  }

  /** A defined calendar; `default` is built in until someone defines it. */
  async calendar(calendarId: string): Promise<BusinessCalendarData | null> {
    const { state } = await this.calendars.load(businessCalendarStream(calendarId));
    if (state) return state;
    return calendarId === DEFAULT_CALENDAR_ID
      ? { ...DEFAULT_BUSINESS_CALENDAR, id: DEFAULT_CALENDAR_ID }
      : null;
  }
}
