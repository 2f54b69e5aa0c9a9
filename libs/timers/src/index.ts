export {
  DurableTimers,
  type FiringReport,
  type ScheduleTimer,
  type TimerFiring,
  type TimerHandler,
  type TimersDependencies,
  type TimersOptions,
} from './durable-timers';
export type { FailedTimer } from './due-timers';
export { defaultRetryPolicy, type RetryPolicy } from './retry-policy';
export {
  type TargetCommand,
  type TimerEvent,
  type TimerState,
  type TimerStatus,
  type TimerTarget,
  timerStream,
} from './timer.decider';
export { TimerLoop } from './timer-loop';
export { TimersModule, type TimersModuleOptions } from './timers.module';
