import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { CLOCK, type Clock, ID_GENERATOR, type IdGenerator } from '@warranty/eventsourcing';
import { PG_POOL } from '@warranty/platform/database';
import { DurableTimers, type TimersOptions } from './durable-timers';
import { TimerLoop } from './timer-loop';

export interface TimersModuleOptions extends TimersOptions {
  /** Pause between polls of the background loop. */
  pollIntervalMs?: number;
  /** Off in tests that call `tick()` themselves. */
  poll?: boolean;
}

const TIMERS_MODULE_OPTIONS = Symbol('TimersModuleOptions');

/**
 * Provides `DurableTimers` on the platform's pool, event store, clock and ids. Each importing
 * module gets its own instance: register handlers in `onModuleInit`; polling starts at bootstrap.
 */
@Module({})
export class TimersModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: TimerLoop;

  constructor(
    timers: DurableTimers,
    @Inject(TIMERS_MODULE_OPTIONS) private readonly options: TimersModuleOptions,
  ) {
    const logger = new Logger('DurableTimers');
    this.loop = new TimerLoop(timers, options.pollIntervalMs ?? 1_000, (error) =>
      logger.error(error),
    );
  }

  static forRoot(options: TimersModuleOptions = {}): DynamicModule {
    return {
      module: TimersModule,
      providers: [
        { provide: TIMERS_MODULE_OPTIONS, useValue: options },
        {
          provide: DurableTimers,
          inject: [PG_POOL, EVENT_STORE, CLOCK, ID_GENERATOR],
          useFactory: (pool: Pool, store: EventStore, clock: Clock, ids: IdGenerator) =>
            DurableTimers.create({ pool, store, clock, ids }, options),
        },
      ],
      exports: [DurableTimers],
    };
  }

  onApplicationBootstrap(): void {
    if (this.options.poll ?? true) this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }
}
