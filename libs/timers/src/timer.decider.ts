import canonicalize from 'canonicalize';
import {
  type Decider,
  type DomainEvent,
  type EventMetadata,
  RuleViolationError,
  streamName,
} from '@warranty/eventsourcing';

/** What a timer sends when it fires: a command the owning service knows by its `type`. */
export interface TargetCommand {
  type: string;
  [field: string]: unknown;
}

export interface TimerTarget {
  streamId: string;
  command: TargetCommand;
}

export type TimerTenants = EventMetadata['tenants'];

interface Schedule {
  timerId: string;
  /** ISO 8601 UTC. */
  dueAt: string;
  target: TimerTarget;
  /** Carried to the fired command, so it correlates with whatever scheduled it. */
  correlationId: string;
  tenants: TimerTenants;
}

export type TimerEvent =
  | DomainEvent<'TimerScheduled', Schedule>
  | DomainEvent<'TimerRescheduled', Schedule & { previousDueAt: string }>
  | DomainEvent<'TimerCancelled', { timerId: string; reason: string }>
  | DomainEvent<
      'TimerAttemptFailed',
      { timerId: string; attempt: number; error: string; retryAt: string }
    >
  | DomainEvent<'TimerFailed', { timerId: string; attempts: number; error: string }>
  | DomainEvent<'TimerFired', { timerId: string; firedAt: string; attempt: number }>;

export type TimerCommand =
  | ({ type: 'schedule' } & Schedule)
  | { type: 'cancel'; reason: string }
  | { type: 'recordFiring'; firedAt: string }
  /** `retryAt` absent: the attempts are used up and the timer fails. */
  | { type: 'recordFailure'; error: string; retryAt?: string };

export type TimerStatus = 'scheduled' | 'fired' | 'cancelled' | 'failed';

export type TimerState =
  | { status: 'none' }
  | (Schedule & {
      status: TimerStatus;
      /** Failed attempts since the timer was last (re)scheduled. */
      attempts: number;
      nextAttemptAt: string;
      lastError?: string;
    });

export const TIMER_CATEGORY = 'timer';
export const timerStream = (timerId: string): string => streamName(TIMER_CATEGORY, timerId);

const sameSchedule = (state: Schedule, command: Schedule): boolean =>
  state.dueAt === command.dueAt && canonicalize(state.target) === canonicalize(command.target);

function checkSchedule(command: Schedule): void {
  if (!command.timerId) throw new RuleViolationError('A timer needs an id', 'timer-id-missing');
  if (Number.isNaN(Date.parse(command.dueAt)))
    throw new RuleViolationError(`Not an instant: ${command.dueAt}`, 'timer-due-invalid');
  if (!command.target.streamId || !command.target.command.type)
    throw new RuleViolationError('A timer needs a target stream and command type', 'timer-target');
}

/** A timer's life: scheduled, then fired, cancelled or failed; rescheduling re-arms all but a fired one. */
export const timerDecider: Decider<TimerCommand, TimerEvent, TimerState> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'schedule': {
        const { type: _, ...schedule } = command;
        checkSchedule(schedule);
        const dueAt = new Date(schedule.dueAt).toISOString();
        const next = { ...schedule, dueAt };
        if (state.status === 'none') return [{ type: 'TimerScheduled', data: next }];
        // A fired timer's id is spent: its command id would make a second firing a no-op anyway.
        if (state.status === 'fired') return [];
        if (state.status === 'scheduled' && sameSchedule(state, next)) return [];
        return [{ type: 'TimerRescheduled', data: { ...next, previousDueAt: state.dueAt } }];
      }
      case 'cancel':
        if (state.status !== 'scheduled' && state.status !== 'failed') return [];
        return [
          { type: 'TimerCancelled', data: { timerId: state.timerId, reason: command.reason } },
        ];
      case 'recordFiring':
        // The command was dispatched and succeeded: that is recorded even if a cancel got in meanwhile.
        if (state.status === 'none' || state.status === 'fired') return [];
        return [
          {
            type: 'TimerFired',
            data: { timerId: state.timerId, firedAt: command.firedAt, attempt: state.attempts + 1 },
          },
        ];
      case 'recordFailure': {
        if (state.status !== 'scheduled') return [];
        const attempt = state.attempts + 1;
        return command.retryAt === undefined
          ? [
              {
                type: 'TimerFailed',
                data: { timerId: state.timerId, attempts: attempt, error: command.error },
              },
            ]
          : [
              {
                type: 'TimerAttemptFailed',
                data: {
                  timerId: state.timerId,
                  attempt,
                  error: command.error,
                  retryAt: command.retryAt,
                },
              },
            ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'TimerScheduled':
      case 'TimerRescheduled': {
        const { timerId, dueAt, target, correlationId, tenants } = event.data;
        return {
          timerId,
          dueAt,
          target,
          correlationId,
          tenants,
          status: 'scheduled',
          attempts: 0,
          nextAttemptAt: dueAt,
        };
      }
      case 'TimerCancelled':
        return state.status === 'none' ? state : { ...state, status: 'cancelled' };
      case 'TimerAttemptFailed':
        return state.status === 'none'
          ? state
          : {
              ...state,
              attempts: event.data.attempt,
              nextAttemptAt: event.data.retryAt,
              lastError: event.data.error,
            };
      case 'TimerFailed':
        return state.status === 'none'
          ? state
          : {
              ...state,
              status: 'failed',
              attempts: event.data.attempts,
              lastError: event.data.error,
            };
      case 'TimerFired':
        return state.status === 'none' ? state : { ...state, status: 'fired' };
    }
  },
};
