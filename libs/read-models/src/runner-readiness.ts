import type { ProjectionRunner } from './projection-runner';

/** What /health/ready shows for one runner's projections. */
export type RunnerReadiness = {
  status: 'up' | 'degraded';
  parked: number;
  lagging: Array<{ name: string; behindMs: number }>;
};

/** Degraded while any of the runner's projections has a parked stream or lags past `maxLagMs`. */
export const runnerReadiness =
  (runner: ProjectionRunner, maxLagMs: number) => async (): Promise<RunnerReadiness> => {
    const projections = await runner.status();
    const parked = projections.reduce((sum, p) => sum + p.parked.length, 0);
    const lagging = projections.filter((p) => p.behindMs > maxLagMs);
    return {
      status: parked > 0 || lagging.length > 0 ? 'degraded' : 'up',
      parked,
      lagging: lagging.map((p) => ({ name: p.name, behindMs: p.behindMs })),
    };
  };
