interface Waiting<I, O> {
  input: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

export interface StatementGroupOptions<I> {
  /** Inputs with the same key never share a statement, nor run beside each other. */
  key?(input: I): string;
  /** Waits for the calls of the current turn of the event loop before the first statement. */
  gatherTurn?: boolean;
  /** Statements in flight at once. */
  maxInFlight?: number;
  maxGroup?: number;
}

/**
 * Group commit for any one statement: calls that arrive while statements are in flight go out
 * together in the next, one round trip and one WAL flush for all of them. `run` answers its
 * inputs in order. If a grouped statement fails, each of its inputs is run again alone, so every
 * caller gets its own answer.
 */
export class StatementGroups<I, O> {
  private queue: Array<Waiting<I, O>> = [];
  private inFlight = 0;
  private gathering = false;
  private readonly busy = new Set<string>();
  private readonly maxInFlight: number;
  private readonly maxGroup: number;

  constructor(
    private readonly run: (inputs: readonly I[]) => Promise<O[]>,
    private readonly options: StatementGroupOptions<I> = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 2;
    this.maxGroup = options.maxGroup ?? 500;
  }

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.gathering || this.inFlight >= this.maxInFlight) return;
      if (!this.options.gatherTurn) return void this.drain();
      this.gathering = true;
      setImmediate(() => {
        this.gathering = false;
        void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    this.inFlight++;
    try {
      for (let group = this.nextGroup(); group.length > 0; group = this.nextGroup()) {
        await this.runGroup(group);
        for (const waiting of group) {
          const key = this.keyOf(waiting.input);
          if (key !== undefined) this.busy.delete(key);
        }
        // Lets the callers just answered submit again, so they join the next group.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.inFlight--;
    }
  }

  private nextGroup(): Array<Waiting<I, O>> {
    const group: Array<Waiting<I, O>> = [];
    const rest: Array<Waiting<I, O>> = [];
    for (const waiting of this.queue) {
      const key = this.keyOf(waiting.input);
      if (group.length >= this.maxGroup || (key !== undefined && this.busy.has(key))) {
        rest.push(waiting);
        continue;
      }
      if (key !== undefined) this.busy.add(key);
      group.push(waiting);
    }
    this.queue = rest;
    return group;
  }

  private keyOf(input: I): string | undefined {
    return this.options.key?.(input);
  }

  private async runGroup(group: Array<Waiting<I, O>>): Promise<void> {
    try {
      const outputs = await this.run(group.map((waiting) => waiting.input));
      group.forEach((waiting, i) => waiting.resolve(outputs[i]));
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      await Promise.all(
        group.map(async (waiting) => {
          try {
            waiting.resolve((await this.run([waiting.input]))[0]);
          } catch (alone) {
            waiting.reject(alone);
          }
        }),
      );
    }
  }
}
