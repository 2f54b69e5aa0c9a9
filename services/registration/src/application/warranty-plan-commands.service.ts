import { LRUCache } from 'lru-cache';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import {
  CLOCK,
  type Clock,
  CommandHandler,
  type CommandContext,
  ID_GENERATOR,
  type IdGenerator,
} from '@warranty/eventsourcing';
import { registrationEvents } from '@warranty/contracts/registration';
import type { WarrantyPlanEvent } from '../domain/events';
import type { DefineWarrantyPlan, WarrantyPlanCommand } from '../domain/warranty-plan.commands';
import {
  type DefinedPlan,
  definedPlanOf,
  type WarrantyPlan,
  warrantyPlanDecider,
  type WarrantyPlanState,
  warrantyPlanStream,
} from '../domain/warranty-plan.decider';

/** Enough for every plan of a large catalogue; beyond it the oldest is read again when asked. */
const KEPT_PLANS = 10_000;

@Injectable()
export class WarrantyPlanCommands {
  private readonly defined = new LRUCache<string, WarrantyPlan>({ max: KEPT_PLANS });
  private readonly handler: CommandHandler<
    WarrantyPlanCommand,
    WarrantyPlanEvent,
    WarrantyPlanState
  >;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) ids: IdGenerator,
  ) {
    this.handler = new CommandHandler(store, warrantyPlanDecider, clock, ids, {
      tenants: (state) =>
        state.status === 'defined' ? { manufacturer: state.plan.manufacturerId } : {},
      schemaVersion: registrationEvents.schemaVersion,
      upcast: (recorded) => registrationEvents.decode<WarrantyPlanEvent>(recorded),
    });
  }

  define(plan: Omit<DefineWarrantyPlan, 'type' | 'definedAt'>, context: CommandContext) {
    return this.handler.handle(
      warrantyPlanStream(plan.manufacturerId, plan.code),
      { ...plan, type: 'DefineWarrantyPlan', definedAt: this.clock.now().toISOString() },
      context,
    );
  }

  /** The plan's terms and kind; undefined when the manufacturer has no such plan. */
  async definedPlan(manufacturerId: string, code: string): Promise<DefinedPlan | undefined> {
    const plan = await this.planOf(manufacturerId, code);
    return plan && definedPlanOf(plan);
  }

  /** Defined plans are kept: a plan is defined once and never changes, so nothing invalidates them. */
  private async planOf(manufacturerId: string, code: string): Promise<WarrantyPlan | undefined> {
    const stream = warrantyPlanStream(manufacturerId, code);
    const known = this.defined.get(stream);
    if (known) return known;
    const { state } = await this.handler.load(stream);
    if (state.status !== 'defined') return undefined;
    this.defined.set(stream, state.plan);
    return state.plan;
  }
}
