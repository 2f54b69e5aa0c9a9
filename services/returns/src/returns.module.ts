import { type DynamicModule, Module } from '@nestjs/common';
import { TimersModule, type TimersModuleOptions } from '@warranty/timers';
import { ReturnPoliciesController } from './api/return-policies.controller';
import { RmasController } from './api/rmas.controller';
import { ApprovedClaims } from './application/approved-claims';
import { RmaActions } from './application/rma-actions.service';
import { RmaAuthorization } from './application/rma-authorization.service';
import { RmaDeadlines } from './application/rma-deadlines';
import { RmaStreams } from './application/rma-streams';
import { RmaTimerHandlers } from './application/rma-timer-handlers';
import { RmaUnits } from './application/rma-units';
import { SoldUnits } from './application/sold-units';

const returns = {
  controllers: [RmasController, ReturnPoliciesController],
  providers: [
    RmaStreams,
    RmaAuthorization,
    RmaActions,
    RmaDeadlines,
    RmaTimerHandlers,
    RmaUnits,
    SoldUnits,
    ApprovedClaims,
  ],
  exports: [RmaActions],
};

@Module({})
class ReturnsOnTimers {}

/**
 * Returns and exchanges (SPEC 2.3): RMAs from authorization to closing, with return policies, and
 * the durable timers of their deadlines, polled every second.
 */
@Module({ imports: [TimersModule.forRoot({ pollIntervalMs: 1_000 })], ...returns })
export class ReturnsModule {
  /** The same module on timers with other options: tests turn polling off and call `tick()`. */
  static withTimers(options: TimersModuleOptions): DynamicModule {
    return { module: ReturnsOnTimers, imports: [TimersModule.forRoot(options)], ...returns };
  }
}
