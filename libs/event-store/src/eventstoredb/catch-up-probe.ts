import type { GlobalPosition } from '../types';

const FIRST_RECHECK_MS = 10;
const LONGEST_RECHECK_MS = 500;

/** Asks the store for the position of the first event after `after` that the subscription is to deliver. */
export type NextDeliverable = (after?: GlobalPosition) => Promise<GlobalPosition | undefined>;

/**
 * Answers `caughtUpTo` for a subscription that cannot see what its server-side filter skipped.
 * It asks the store only when its own progress does not settle the question, remembers a stretch
 * known to hold nothing for it, and backs off while the answer is "not yet", so a waiting reader
 * polling every few milliseconds does not turn into a scan of $all every few milliseconds.
 */
export class CatchUpProbe {
  private handled?: GlobalPosition;
  /** Nothing to deliver in (handled, clearThrough]. */
  private clearThrough?: GlobalPosition;
  private recheckAt = 0;
  private recheckMs = FIRST_RECHECK_MS;
  private asking?: Promise<boolean>;

  constructor(
    private readonly nextDeliverable: NextDeliverable,
    after?: GlobalPosition,
    private readonly now: () => number = Date.now,
  ) {
    this.handled = after;
  }

  get handledUpTo(): GlobalPosition | undefined {
    return this.handled;
  }

  handledAt(position: GlobalPosition): void {
    if (this.handled !== undefined && position <= this.handled) return;
    this.handled = position;
    // Progress may have settled what the last check could not: look again at the next question.
    this.recheckAt = 0;
    this.recheckMs = FIRST_RECHECK_MS;
  }

  async caughtUpTo(position: GlobalPosition): Promise<boolean> {
    if (this.handled !== undefined && this.handled >= position) return true;
    if (this.clearThrough !== undefined && this.clearThrough >= position) return true;
    if (this.asking || this.now() < this.recheckAt) return false;
    this.asking = this.ask(position);
    try {
      return await this.asking;
    } finally {
      this.asking = undefined;
    }
  }

  private async ask(position: GlobalPosition): Promise<boolean> {
    const next = await this.nextDeliverable(this.handled);
    // The waited-for position was written before this read, so the read covered it.
    const clear = next === undefined ? position : next - 1n;
    if (this.clearThrough === undefined || clear > this.clearThrough) this.clearThrough = clear;
    if (clear >= position) return true;
    this.recheckAt = this.now() + this.recheckMs;
    this.recheckMs = Math.min(this.recheckMs * 2, LONGEST_RECHECK_MS);
    return false;
  }
}
