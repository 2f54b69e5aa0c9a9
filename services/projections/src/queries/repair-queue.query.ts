import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { RepairOrderStatus } from '@warranty/contracts/repairs';
import { ProjectionRunner, type ReadOptions } from '@warranty/read-models';
import type { Repository } from 'typeorm';
import { REPAIR_QUEUE } from '../projections/repair-queue.projection';
import { RepairQueueRow } from '../schema';
import { READ_MODELS_CONNECTION } from '../tokens';
import { cursorInstantSql, readKeysetCursor, writeKeysetCursor } from '@warranty/platform';
import { RawColumns } from './raw-columns';
import type { Page, PageRequest } from './warranty-plans.query';

export const DEFAULT_REPAIR_PAGE = 50;
export const MAX_REPAIR_PAGE = 200;

/** The unit has left the shop (or never will be repaired there): the turnaround no longer runs. */
export const OUT_OF_THE_SHOP: readonly RepairOrderStatus[] = ['shipped', 'closed', 'unrepairable'];

/** Still in the shop and the last day of its turnaround (UTC) is before `today` (YYYY-MM-DD). */
export const isRepairOverdue = (
  row: Pick<RepairQueueRow, 'state' | 'dueOn'>,
  today: string,
): boolean => !OUT_OF_THE_SHOP.includes(row.state) && row.dueOn < today;

export interface RepairQueueFilters {
  state?: RepairOrderStatus;
  serviceCenterId?: string;
  manufacturerId?: string;
  retailerId?: string;
  technicianId?: string;
  /** Already normalized, as repairs stores it. */
  serialNumber?: string;
  overdue?: boolean;
}

export interface RepairQueueItem {
  repairOrderId: string;
  state: RepairOrderStatus;
  manufacturerId: string;
  retailerId: string | null;
  serviceCenterId: string;
  technicianId: string | null;
  claimId: string | null;
  rmaId: string | null;
  productId: string;
  serialNumber: string;
  covered: boolean;
  reportedDefect: string;
  qualityCheckFailures: number;
  flagged: boolean;
  dueOn: string;
  overdue: boolean;
  openedAt: string;
  lastEventAt: string;
  revision: number;
}

/** The columns a queue item shows, by entity property. */
const ITEM_COLUMNS = [
  'repairOrderId',
  'state',
  'manufacturerId',
  'retailerId',
  'serviceCenterId',
  'technicianId',
  'claimId',
  'rmaId',
  'productId',
  'serialNumber',
  'covered',
  'reportedDefect',
  'qualityCheckFailures',
  'flagged',
  'dueOn',
  'openedAt',
  'lastEventAt',
  'lastRevision',
] as const satisfies ReadonlyArray<keyof RepairQueueRow>;
type ItemColumns = Pick<RepairQueueRow, (typeof ITEM_COLUMNS)[number]>;

export const toRepairQueueItem = (row: ItemColumns, today: string): RepairQueueItem => ({
  repairOrderId: row.repairOrderId,
  state: row.state,
  manufacturerId: row.manufacturerId,
  retailerId: row.retailerId,
  serviceCenterId: row.serviceCenterId,
  technicianId: row.technicianId,
  claimId: row.claimId,
  rmaId: row.rmaId,
  productId: row.productId,
  serialNumber: row.serialNumber,
  covered: row.covered,
  reportedDefect: row.reportedDefect,
  qualityCheckFailures: row.qualityCheckFailures,
  flagged: row.flagged,
  dueOn: row.dueOn,
  overdue: isRepairOverdue(row, today),
  openedAt: row.openedAt.toISOString(),
  lastEventAt: row.lastEventAt.toISOString(),
  revision: row.lastRevision,
});

/** The repair queue, a page at a time, oldest opened first (ties by order id). */
@Injectable()
export class RepairQueueQuery {
  private readonly columns: RawColumns<RepairQueueRow, (typeof ITEM_COLUMNS)[number]>;

  constructor(
    @InjectRepository(RepairQueueRow, READ_MODELS_CONNECTION)
    private readonly repairs: Repository<RepairQueueRow>,
    private readonly runner: ProjectionRunner,
  ) {
    this.columns = new RawColumns(repairs, 'r', ITEM_COLUMNS);
  }

  /** `today` (YYYY-MM-DD, UTC) decides what is overdue. Throws InputValidationError for a bad cursor. */
  async list(
    filters: RepairQueueFilters,
    page: PageRequest,
    today: string,
    read: ReadOptions = {},
  ): Promise<Page<RepairQueueItem>> {
    const after = page.cursor === undefined ? undefined : readKeysetCursor(page.cursor);
    const requested = Number.isFinite(page.limit) ? Math.trunc(page.limit!) : DEFAULT_REPAIR_PAGE;
    const limit = Math.min(Math.max(requested, 1), MAX_REPAIR_PAGE);
    await this.runner.awaitRead(REPAIR_QUEUE, read);

    const query = this.repairs
      .createQueryBuilder('r')
      .select(this.columns.selection)
      .addSelect(cursorInstantSql('r.opened_at'), 'cursor_opened_at');
    const equal = {
      state: filters.state,
      service_center_id: filters.serviceCenterId,
      manufacturer_id: filters.manufacturerId,
      retailer_id: filters.retailerId,
      technician_id: filters.technicianId,
      serial_number: filters.serialNumber,
    };
    for (const [column, value] of Object.entries(equal))
      if (value !== undefined) query.andWhere(`r.${column} = :${column}`, { [column]: value });
    if (filters.overdue !== undefined) {
      const overdue = `(r.state NOT IN (:...out) AND r.due_on < CAST(:today AS date))`;
      query.andWhere(filters.overdue ? overdue : `NOT ${overdue}`, {
        out: OUT_OF_THE_SHOP,
        today,
      });
    }
    if (after !== undefined)
      query.andWhere(
        `(r.opened_at, r.repair_order_id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS text))`,
        { afterAt: after.instant, afterId: after.id },
      );
    query
      .orderBy('r.opened_at', 'ASC')
      .addOrderBy('r.repair_order_id', 'ASC')
      .limit(limit + 1);

    const rows = await query.getRawMany<{ repairOrderId: string; cursor_opened_at: string }>();
    const items = rows
      .slice(0, limit)
      .map((row) => toRepairQueueItem(this.columns.read(row), today));
    const nextCursor =
      rows.length > limit
        ? writeKeysetCursor({
            instant: rows[limit - 1].cursor_opened_at,
            id: rows[limit - 1].repairOrderId,
          })
        : null;
    return { items, nextCursor };
  }
}
