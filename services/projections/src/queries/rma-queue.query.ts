import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { RmaType } from '@warranty/contracts/returns';
import { ProjectionRunner, type ReadOptions } from '@warranty/read-models';
import type { Repository } from 'typeorm';
import { RMA_QUEUE } from '../projections/rma-queue.projection';
import { RmaQueueRow, type RmaQueueState } from '../schema';
import { READ_MODELS_CONNECTION } from '../tokens';
import { cursorInstantSql, readKeysetCursor, writeKeysetCursor } from '@warranty/platform';
import { RawColumns } from './raw-columns';
import type { Page, PageRequest } from './warranty-plans.query';

export const DEFAULT_RMA_PAGE = 50;
export const MAX_RMA_PAGE = 200;

/** Oldest authorized first (the desk works the queue from its tail), or newest first. */
export const RMA_QUEUE_SORTS = ['oldest', 'newest'] as const;
export type RmaQueueSort = (typeof RMA_QUEUE_SORTS)[number];

/** Nothing has arrived yet in these states, so the return-by date still matters. */
export const AWAITING_RETURN: readonly RmaQueueState[] = ['authorized', 'in_transit'];

/** Not every unit arrived and the last day to arrive (UTC) is before `today` (YYYY-MM-DD). */
export const isOverdue = (row: Pick<RmaQueueRow, 'state' | 'returnBy'>, today: string): boolean =>
  AWAITING_RETURN.includes(row.state) && row.returnBy < today;

export interface RmaQueueFilters {
  state?: RmaQueueState;
  type?: RmaType;
  manufacturerId?: string;
  retailerId?: string;
  /** Already normalized, as returns stores it. */
  serialNumber?: string;
  overdue?: boolean;
}

export interface RmaQueueItem {
  rmaId: string;
  rmaNumber: string;
  type: RmaType;
  state: RmaQueueState;
  manufacturerId: string;
  retailerId: string | null;
  claimId: string | null;
  linesCount: number;
  serialNumbers: string[];
  returnBy: string;
  overdue: boolean;
  carrier: string | null;
  trackingNumber: string | null;
  authorizedAt: string;
  lastEventAt: string;
  revision: number;
}

/** The columns a queue item shows, by entity property. */
const ITEM_COLUMNS = [
  'rmaId',
  'rmaNumber',
  'type',
  'state',
  'manufacturerId',
  'retailerId',
  'claimId',
  'linesCount',
  'serialNumbers',
  'returnBy',
  'carrier',
  'trackingNumber',
  'authorizedAt',
  'lastEventAt',
  'lastRevision',
] as const satisfies ReadonlyArray<keyof RmaQueueRow>;
type ItemColumns = Pick<RmaQueueRow, (typeof ITEM_COLUMNS)[number]>;

export const toRmaQueueItem = (row: ItemColumns, today: string): RmaQueueItem => ({
  rmaId: row.rmaId,
  rmaNumber: row.rmaNumber,
  type: row.type,
  state: row.state,
  manufacturerId: row.manufacturerId,
  retailerId: row.retailerId,
  claimId: row.claimId,
  linesCount: row.linesCount,
  serialNumbers: row.serialNumbers,
  returnBy: row.returnBy,
  overdue: isOverdue(row, today),
  carrier: row.carrier,
  trackingNumber: row.trackingNumber,
  authorizedAt: row.authorizedAt.toISOString(),
  lastEventAt: row.lastEventAt.toISOString(),
  revision: row.lastRevision,
});

/** The RMA queue, a page at a time, in authorization order (ties by RMA id). */
@Injectable()
export class RmaQueueQuery {
  private readonly columns: RawColumns<RmaQueueRow, (typeof ITEM_COLUMNS)[number]>;

  constructor(
    @InjectRepository(RmaQueueRow, READ_MODELS_CONNECTION)
    private readonly rmas: Repository<RmaQueueRow>,
    private readonly runner: ProjectionRunner,
  ) {
    this.columns = new RawColumns(rmas, 'r', ITEM_COLUMNS);
  }

  /** `today` (YYYY-MM-DD, UTC) decides what is overdue. Throws InputValidationError for a bad cursor. */
  async list(
    filters: RmaQueueFilters,
    page: PageRequest & { sort?: RmaQueueSort },
    today: string,
    read: ReadOptions = {},
  ): Promise<Page<RmaQueueItem>> {
    const sort = page.sort ?? 'oldest';
    const after = page.cursor === undefined ? undefined : readKeysetCursor(page.cursor, sort);
    const requested = Number.isFinite(page.limit) ? Math.trunc(page.limit!) : DEFAULT_RMA_PAGE;
    const limit = Math.min(Math.max(requested, 1), MAX_RMA_PAGE);
    await this.runner.awaitRead(RMA_QUEUE, read);

    const query = this.rmas
      .createQueryBuilder('r')
      .select(this.columns.selection)
      .addSelect(cursorInstantSql('r.authorized_at'), 'cursor_authorized_at');
    const equal = {
      state: filters.state,
      type: filters.type,
      manufacturer_id: filters.manufacturerId,
      retailer_id: filters.retailerId,
    };
    for (const [column, value] of Object.entries(equal))
      if (value !== undefined) query.andWhere(`r.${column} = :${column}`, { [column]: value });
    if (filters.serialNumber !== undefined)
      query.andWhere(':serialNumber = ANY(r.serial_numbers)', {
        serialNumber: filters.serialNumber,
      });
    if (filters.overdue !== undefined) {
      const overdue = `(r.state IN (:...awaiting) AND r.return_by < CAST(:today AS date))`;
      query.andWhere(filters.overdue ? overdue : `NOT ${overdue}`, {
        awaiting: AWAITING_RETURN,
        today,
      });
    }
    const direction = sort === 'oldest' ? 'ASC' : 'DESC';
    if (after !== undefined)
      query.andWhere(
        `(r.authorized_at, r.rma_id) ${sort === 'oldest' ? '>' : '<'}
         (CAST(:afterAt AS timestamptz), CAST(:afterId AS text))`,
        { afterAt: after.instant, afterId: after.id },
      );
    query
      .orderBy('r.authorized_at', direction)
      .addOrderBy('r.rma_id', direction)
      .limit(limit + 1);

    const rows = await query.getRawMany<{ rmaId: string; cursor_authorized_at: string }>();
    const items = rows.slice(0, limit).map((row) => toRmaQueueItem(this.columns.read(row), today));
    const nextCursor =
      rows.length > limit
        ? writeKeysetCursor(
            { instant: rows[limit - 1].cursor_authorized_at, id: rows[limit - 1].rmaId },
            sort,
          )
        : null;
    return { items, nextCursor };
  }
}
