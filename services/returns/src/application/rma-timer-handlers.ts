import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Actor, AggregateNotFoundError, IllegalStateError } from '@warranty/eventsourcing';
import { ApiProblem } from '@warranty/platform';
import { DurableTimers, type TimerFiring } from '@warranty/timers';
import { RMA_TIMER_COMMANDS, type RmaTimerCommand } from './rma-deadlines';
import { RmaActions } from './rma-actions.service';

/** Who fires RMA deadlines: an admin, so the RMA's access rule lets it through. */
export const RMA_TIMER_ACTOR: Actor = { id: 'rma-timers', role: 'admin', tenantId: 'platform' };

/** Runs a fired deadline through the RMA's own command path, with the timer id as command id. */
@Injectable()
export class RmaTimerHandlers implements OnModuleInit {
  constructor(
    private readonly timers: DurableTimers,
    private readonly actions: RmaActions,
  ) {}

  onModuleInit(): void {
    for (const type of RMA_TIMER_COMMANDS) this.timers.on(type, (firing) => this.fire(firing));
  }

  private async fire({ command, commandId, correlationId, timerId }: TimerFiring): Promise<void> {
    try {
      await this.actions.act(
        String(command.rmaId),
        { type: command.type as RmaTimerCommand },
        { actor: RMA_TIMER_ACTOR, correlationId, causationId: timerId, commandId },
      );
    } catch (error) {
      // The RMA moved on (arrived, cancelled, ...) or was never written: nothing left to do.
      if (movedOnOrMissing(error)) return;
      throw error;
    }
  }
}

function movedOnOrMissing(error: unknown): boolean {
  return (
    error instanceof IllegalStateError ||
    error instanceof AggregateNotFoundError ||
    (error instanceof ApiProblem && error.status === 404)
  );
}
