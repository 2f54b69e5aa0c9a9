import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { decodeCursor, encodeCursor, InputValidationError } from '@warranty/platform';
import { ProjectionRunner, type ReadOptions } from '@warranty/read-models';
import type { Repository } from 'typeorm';
import { CASE_TIMELINE } from '../projections/case-timeline.projection';
import { CaseTimelineEntry, type CaseTimelineSource } from '../schema';
import { READ_MODELS_CONNECTION } from '../tokens';
import type { Page, PageRequest } from './warranty-plans.query';

export const DEFAULT_TIMELINE_PAGE = 100;
export const MAX_TIMELINE_PAGE = 500;

/** One event of the case, in plain words. */
export interface CaseTimelineItem {
  /** The event's global position, as a decimal string: the timeline's order. */
  position: string;
  /** ISO 8601 domain time of the event. */
  at: string;
  source: CaseTimelineSource;
  /** The claim, RMA or repair order id. */
  subjectId: string;
  stream: string;
  type: string;
  revision: number;
  actorRole: string | null;
  description: string;
}

const toItem = (row: CaseTimelineEntry): CaseTimelineItem => ({
  position: row.position.toString(),
  at: row.at.toISOString(),
  source: row.source,
  subjectId: row.subjectId,
  stream: row.streamId,
  type: row.type,
  revision: row.revision,
  actorRole: row.actorRole,
  description: row.description,
});

function readPositionCursor(cursor: string): bigint {
  const key = decodeCursor(cursor);
  if (!/^\d{1,19}$/.test(key))
    throw new InputValidationError([
      { field: 'cursor', message: 'cursor is not one this list returned' },
    ]);
  return BigInt(key);
}

/** Every event of a claim, its RMAs and its repair orders, in the order the log recorded them. */
@Injectable()
export class CaseTimelineQuery {
  constructor(
    @InjectRepository(CaseTimelineEntry, READ_MODELS_CONNECTION)
    private readonly entries: Repository<CaseTimelineEntry>,
    private readonly runner: ProjectionRunner,
  ) {}

  async page(
    claimId: string,
    request: PageRequest = {},
    read: ReadOptions = {},
  ): Promise<Page<CaseTimelineItem>> {
    await this.runner.awaitRead(CASE_TIMELINE, read);
    const limit = Math.min(request.limit ?? DEFAULT_TIMELINE_PAGE, MAX_TIMELINE_PAGE);
    const after = request.cursor === undefined ? null : readPositionCursor(request.cursor);
    const query = this.entries
      .createQueryBuilder('entry')
      .where('entry.claimId = :claimId', { claimId })
      .orderBy('entry.position', 'ASC')
      .limit(limit + 1);
    if (after !== null) query.andWhere('entry.position > :after', { after: after.toString() });
    const rows = await query.getMany();
    const items = rows.slice(0, limit).map(toItem);
    return {
      items,
      nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].position) : null,
    };
  }
}
