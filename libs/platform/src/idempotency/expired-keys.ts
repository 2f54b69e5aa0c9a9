import type { Pool } from 'pg';

/**
 * Deletes up to $2 keys taken more than $1 hours ago, oldest first. Rows another sweeper holds
 * are skipped, so processes sharing the table never wait on each other or on a request.
 */
export const PRUNE_EXPIRED_KEYS = `
  WITH expired AS (
    SELECT tenant_id, key FROM platform.idempotency_keys
     WHERE started_at < now() - make_interval(hours => $1::int)
     ORDER BY started_at
     LIMIT $2
     FOR UPDATE SKIP LOCKED)
  DELETE FROM platform.idempotency_keys k USING expired e
   WHERE k.tenant_id = e.tenant_id AND k.key = e.key`;

export interface PruneOptions {
  retentionHours: number;
  batchSize?: number;
  /** Called after each batch with the keys deleted so far. */
  onBatch?(deletedSoFar: number): void;
  /** Checked between batches: true stops the sweep early. */
  stopped?(): boolean;
}

/** Deletes every key older than the retention, a batch per statement; answers how many. */
export async function pruneExpiredKeys(pool: Pool, options: PruneOptions): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  let deleted = 0;
  for (;;) {
    const { rowCount } = await pool.query({
      name: 'platform.prune_expired_keys',
      text: PRUNE_EXPIRED_KEYS,
      values: [options.retentionHours, batchSize],
    });
    deleted += rowCount ?? 0;
    options.onBatch?.(deleted);
    if ((rowCount ?? 0) < batchSize || options.stopped?.()) return deleted;
  }
}

export interface KeyExpirySchedule {
  /** Hours a key answers with its first response; 0 keeps keys forever. */
  retentionHours: number;
  firstAfterMs?: number;
  everyMs?: number;
  batchSize?: number;
}

interface SweepLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Sweeps expired idempotency keys now and then, in the background of a service process. */
export class IdempotencyKeyExpiry {
  private handle?: NodeJS.Timeout;
  private running?: Promise<void>;
  private started = false;
  private halted = false;

  constructor(
    private readonly pool: Pool,
    private readonly schedule: KeyExpirySchedule,
    private readonly log: SweepLog,
  ) {}

  start(): void {
    if (this.started || this.schedule.retentionHours === 0) return;
    this.started = true;
    this.next(this.schedule.firstAfterMs ?? 60_000);
  }

  /** Waits for a sweep in progress to finish its batch. */
  async stop(): Promise<void> {
    this.halted = true;
    clearTimeout(this.handle);
    await this.running;
  }

  /** One sweep: the keys deleted. A long one says how far it got every 100,000 keys. */
  async sweep(): Promise<number> {
    const { retentionHours, batchSize } = this.schedule;
    const started = Date.now();
    let reported = 0;
    const deleted = await pruneExpiredKeys(this.pool, {
      retentionHours,
      batchSize,
      stopped: () => this.halted,
      onBatch: (soFar) => {
        if (soFar - reported < 100_000) return;
        reported = soFar;
        this.log.info({ deleted: soFar }, 'deleting expired idempotency keys');
      },
    });
    if (deleted > 0)
      this.log.info(
        { deleted, retentionHours, ms: Date.now() - started },
        'expired idempotency keys deleted',
      );
    return deleted;
  }

  private next(afterMs: number): void {
    if (this.halted) return;
    this.handle = setTimeout(() => {
      this.running = this.sweep()
        .then(
          () => undefined,
          (error: unknown) =>
            this.log.warn(
              { err: error },
              'deleting expired idempotency keys failed; the next sweep tries again',
            ),
        )
        .finally(() => this.next(this.schedule.everyMs ?? 15 * 60_000));
    }, afterMs);
    this.handle.unref();
  }
}
