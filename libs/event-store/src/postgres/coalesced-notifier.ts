/**
 * Sends a notification at once after a commit, then at most one more per interval for the
 * appends in between. NOTIFY inside each append would take PostgreSQL's global notify lock in
 * every commit and serialise concurrent writers.
 */
export class CoalescedNotifier {
  private quiet?: NodeJS.Timeout;
  private pending = false;

  constructor(
    private readonly send: () => Promise<unknown>,
    private readonly intervalMs: number,
  ) {}

  appended(): void {
    if (this.quiet) {
      this.pending = true;
      return;
    }
    this.send().catch(() => undefined); // readers fall back to polling
    this.quiet = setTimeout(() => {
      this.quiet = undefined;
      if (!this.pending) return;
      this.pending = false;
      this.appended();
    }, this.intervalMs);
  }

  stop(): void {
    clearTimeout(this.quiet);
    this.quiet = undefined;
    this.pending = false;
  }
}
