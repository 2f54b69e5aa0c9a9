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
import type { PlanTerms, WarrantyPlanEvent } from '../domain/events';
import type { DefineWarrantyPlan, WarrantyPlanCommand } from '../domain/warranty-plan.commands';
import {
  planTermsOf,
  warrantyPlanDecider,
  type WarrantyPlanState,
  warrantyPlanStream,
} from '../domain/warranty-plan.decider';

@Injectable()
export class WarrantyPlanCommands {
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

  async termsOf(manufacturerId: string, code: string): Promise<PlanTerms | undefined> {
    const { state } = await this.handler.load(warrantyPlanStream(manufacturerId, code));
    return state.status === 'defined' ? planTermsOf(state.plan) : undefined;
  }
}
