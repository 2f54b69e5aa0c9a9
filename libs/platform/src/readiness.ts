/** What one part of a service says about serving traffic. */
export interface ReadinessReport {
  /** down: do not route here; degraded: serving, with something an operator must look at. */
  status: 'up' | 'degraded' | 'down';
  [detail: string]: unknown;
}

export type ReadinessCheck = () => Promise<ReadinessReport> | ReadinessReport;

/** The checks /health/ready runs besides PostgreSQL; modules add theirs when they start. */
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): Array<[string, ReadinessCheck]> {
    return [...this.checks];
  }
}
