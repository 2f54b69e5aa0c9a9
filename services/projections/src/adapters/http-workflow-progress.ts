import type { GlobalPosition } from '@warranty/event-store';
import {
  MAX_PROGRESS_WAIT_MS,
  type WorkflowProgress,
  type WorkflowSettlement,
} from '@warranty/platform/workflow-progress';

/** Slack on top of the wait for the answer itself to arrive. */
const ANSWER_MS = 1_000;

const position = (value: unknown): GlobalPosition | undefined =>
  typeof value === 'string' && /^\d+$/.test(value) ? BigInt(value) : undefined;

/** The workflow's progress from its own process (`GET /v1/workflow/progress`), when it runs apart. */
export class HttpWorkflowProgress implements WorkflowProgress {
  constructor(private readonly workflowUrl: string) {}

  async settledThrough(after: GlobalPosition, timeoutMs: number): Promise<WorkflowSettlement> {
    const url = new URL('/v1/workflow/progress', this.workflowUrl);
    url.searchParams.set('after', after.toString());
    url.searchParams.set('waitMs', String(Math.min(timeoutMs, MAX_PROGRESS_WAIT_MS)));
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs + ANSWER_MS) });
      if (!response.ok) throw new Error(`${response.status}`);
      const body = (await response.json()) as Record<string, unknown>;
      return {
        caughtUp: body.caughtUp === true,
        frontier: position(body.frontier),
        reached: position(body.reached),
      };
    } catch {
      // An unreachable workflow cannot say the read is complete: answer stale, never fail the read.
      return { caughtUp: false, frontier: undefined };
    }
  }
}
