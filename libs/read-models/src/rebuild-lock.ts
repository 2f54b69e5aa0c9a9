import type { EntityManager } from 'typeorm';
import { runStatement } from './statements';

/** Keys the lock a rebuild's swap takes alone and every live transaction of the projection shares. */
export const liveLockKey = (projection: string) => `projection-live:${projection}`;

/** Keys the session lock that lets one rebuild of a projection run at a time, across processes. */
export const rebuildLockKey = (projection: string) => `projection-rebuild:${projection}`;

/** Taken by each live transaction, so a rebuild's swap waits for those in flight and holds the next. */
export async function shareLiveLock(manager: EntityManager, projection: string): Promise<void> {
  await runStatement(manager, `SELECT pg_advisory_xact_lock_shared(hashtext($1))`, [
    liveLockKey(projection),
  ]);
}
