import type { Pool } from 'pg';
import { StatementGroups } from '@warranty/postgres';
import type { ChainedAppend } from '../chain';
import type { AppendResult } from '../types';
import { insertChained, type StreamAppend } from './insert-events';
import type { StreamHeads } from './stream-heads';

/** The append was chained onto a head that an earlier append of this process has moved on from. */
export class HeadMovedError extends Error {}

const MAX_EVENTS_PER_BATCH = 10_000;

/**
 * Group commit: appends that arrive while a write is in flight go out together in the next
 * statement, one transaction and one WAL flush for all of them. A batch holds one append per
 * stream; if it fails, each of its appends is retried alone, so every caller gets its own answer.
 */
export class AppendBatches {
  private readonly groups: StatementGroups<StreamAppend, AppendResult | HeadMovedError>;

  constructor(
    private readonly pool: Pool,
    private readonly heads: StreamHeads,
    /** Statements in flight at once: the server inserts on several cores, the log flushes once. */
    maxWriters = 3,
  ) {
    this.groups = new StatementGroups((appends) => this.insert(appends), {
      key: (append) => append.streamId,
      maxInFlight: maxWriters,
      maxGroup: MAX_EVENTS_PER_BATCH,
      weight: (append) => append.chained.events.length,
      maxWeight: MAX_EVENTS_PER_BATCH,
    });
  }

  async write(streamId: string, chained: ChainedAppend): Promise<AppendResult> {
    const result = await this.groups.submit({ streamId, chained });
    if (result instanceof HeadMovedError) throw result;
    return result;
  }

  /** Inserts the appends whose head is still current, and remembers the heads they leave. */
  private async insert(
    appends: readonly StreamAppend[],
  ): Promise<Array<AppendResult | HeadMovedError>> {
    const current = appends.filter(({ streamId, chained }) => {
      const known = this.heads.get(streamId);
      return !(known && known.revision > chained.after);
    });
    const results = current.length > 0 ? await insertChained(this.pool, current) : [];
    const answers = new Map<StreamAppend, AppendResult>();
    current.forEach((append, i) => {
      const hash = append.chained.events[append.chained.events.length - 1].metadata.hash;
      this.heads.remember(append.streamId, {
        revision: results[i].nextRevision,
        hash: hash as string,
      });
      answers.set(append, results[i]);
    });
    return appends.map((append) => answers.get(append) ?? new HeadMovedError());
  }
}
