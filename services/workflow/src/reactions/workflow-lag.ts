import type { GlobalPosition } from '@warranty/event-store';

/** Where the readiness check finds its bound on the workflow's lag (READ_MODEL_MAX_LAG_MS by default). */
export const WORKFLOW_MAX_LAG_MS = Symbol('WorkflowMaxLagMs');

/**
 * How long ago the workflow was first seen behind a head it has still not reached; 0 when caught
 * up. Measured as ProjectionRunner measures a projection's, from one readiness check to the next.
 */
export class WorkflowLag {
  private behind?: { head: GlobalPosition; seenAt: number };

  constructor(
    private readonly head: () => Promise<GlobalPosition | undefined>,
    private readonly caughtUpTo: (position: GlobalPosition) => Promise<boolean>,
  ) {}

  async behindMs(): Promise<number> {
    const head = await this.head();
    if (head === undefined || (await this.caughtUpTo(head))) {
      this.behind = undefined;
      return 0;
    }
    if (!this.behind || (await this.caughtUpTo(this.behind.head)))
      this.behind = { head, seenAt: Date.now() };
    return Date.now() - this.behind.seenAt;
  }
}
