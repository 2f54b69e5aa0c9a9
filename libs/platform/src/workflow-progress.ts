import type { GlobalPosition } from '@warranty/event-store';

export const WORKFLOW_PROGRESS = Symbol('WorkflowProgress');

/** The longest a progress request may be held open: well inside common client timeouts. */
export const MAX_PROGRESS_WAIT_MS = 5_000;

/** How far the fulfilment workflow has carried the log: its reactions, and the commands they wrote. */
export interface WorkflowSettlement {
  /** False when the workflow had not handled every event up to the position within the wait. */
  caughtUp: boolean;
  /** The last position the workflow's commands wrote while handling events up to the position. */
  frontier: GlobalPosition | undefined;
  /** The workflow's checkpoint, when it was not caught up: what a stale answer reports. */
  reached?: GlobalPosition;
}

/**
 * The workflow's progress as the read side needs it, so a read with minPosition P also sees what the
 * workflow did about P (the RMA authorized for an approval). The workflow provides it; readers only
 * see this port.
 */
export interface WorkflowProgress {
  settledThrough(position: GlobalPosition, timeoutMs: number): Promise<WorkflowSettlement>;
}
