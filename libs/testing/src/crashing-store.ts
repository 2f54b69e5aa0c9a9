import type { EventStore } from '@warranty/event-store';

export class InjectedCrash extends Error {}

/** The real store, except that the append after the first `healthy` ones crashes, before or after writing. */
export class CrashingStore implements EventStore {
  private appends = 0;
  constructor(
    private readonly real: EventStore,
    private readonly healthy: number,
    private readonly crash: 'before_write' | 'after_write',
  ) {}
  get kind() {
    return this.real.kind;
  }
  async append(...args: Parameters<EventStore['append']>) {
    if (++this.appends <= this.healthy) return this.real.append(...args);
    if (this.crash === 'after_write') await this.real.append(...args);
    throw new InjectedCrash(`crash at append ${this.appends} (${this.crash})`);
  }
  readStream(...args: Parameters<EventStore['readStream']>) {
    return this.real.readStream(...args);
  }
  readAll(...args: Parameters<EventStore['readAll']>) {
    return this.real.readAll(...args);
  }
  headPosition() {
    return this.real.headPosition();
  }

  newestPosition() {
    return this.real.newestPosition();
  }
  close() {
    return Promise.resolve();
  }
}

export interface CrashPoint {
  healthy: number;
  crash: 'before_write' | 'after_write';
}

/** Every place a command of `appends` appends can crash: before and after writing each one. */
export const crashPoints = (appends: number): CrashPoint[] =>
  Array.from({ length: appends }, (_, healthy) => healthy).flatMap((healthy) =>
    (['before_write', 'after_write'] as const).map((crash) => ({ healthy, crash })),
  );

/** The crash came after the last append was written: the command's main event stands. */
export const lastAppendWritten = ({ healthy, crash }: CrashPoint, appends: number): boolean =>
  healthy === appends - 1 && crash === 'after_write';
