import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type SlaSubject, slaStream, subjectKey } from '@warranty/contracts/sla';
import type { Actor, CommandContext } from '@warranty/eventsourcing';
import { DurableTimers, type TimerFiring } from '@warranty/timers';
import { nextDeadlines, type SlaTimers } from '../domain/sla-timer.decider';
import { SlaStreams } from './sla-streams';

/** The durable timers' command type for SLA deadlines. */
export const SLA_DEADLINE_TIMER = 'ReachSlaDeadlines';

export const SLA_ACTOR: Actor = { id: 'sla-tracker', role: 'system', tenantId: 'platform' };

/** `sla~claim~{id}~claim_decision~breach~{instant}`: a new due instant is a new timer, the old one finds nothing due. */
export const deadlineTimerId = (subject: SlaSubject, sla: string, kind: string, at: string) =>
  `sla~${subjectKey(subject)}~${sla}~${kind}~${at}`;

/**
 * Wakes each running SLA up at its at-risk and due instants through durable timers, which survive
 * restarts; the firing decides at the timer's own instant, with the timer id as command id, so a
 * re-fire or a race with a late event raises nothing twice.
 */
@Injectable()
export class SlaDeadlines implements OnModuleInit {
  constructor(
    private readonly timers: DurableTimers,
    private readonly streams: SlaStreams,
  ) {}

  onModuleInit(): void {
    this.timers.on(SLA_DEADLINE_TIMER, (firing) => this.reach(firing));
  }

  async schedule(subject: SlaSubject, state: SlaTimers): Promise<void> {
    const manufacturer = Object.values(state.clocks)[0]?.parties.manufacturerId;
    for (const deadline of nextDeadlines(state))
      await this.timers.schedule({
        timerId: deadlineTimerId(subject, deadline.sla, deadline.kind, deadline.at),
        dueAt: deadline.at,
        target: {
          streamId: slaStream(subject),
          command: { type: SLA_DEADLINE_TIMER, subject: subjectKey(subject), at: deadline.at },
        },
        ...(manufacturer ? { tenants: { manufacturer } } : {}),
      });
  }

  private async reach({ streamId, command, timerId, correlationId }: TimerFiring): Promise<void> {
    const context: CommandContext = {
      actor: SLA_ACTOR,
      correlationId,
      causationId: timerId,
      commandId: timerId,
    };
    await this.streams.timers.handle(
      streamId,
      { type: 'ReachDeadlines', at: new Date(String(command.at)).toISOString() },
      context,
    );
  }
}
