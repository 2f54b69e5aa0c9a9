import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { addDays } from '@warranty/coverage';
import { ProjectionRunner, type ReadOptions } from '@warranty/read-models';
import type { Repository } from 'typeorm';
import type {
  ClaimOutcome,
  RejectionReason,
  RequestedResolution,
  Resolution,
  ReviewFlag,
} from '@warranty/contracts/claims';
import { CLAIM_STATUS } from '../projections/claim-status.projection';
import { RMA_QUEUE } from '../projections/rma-queue.projection';
import { type ClaimState, ClaimStatusView } from '../schema';
import { READ_MODELS_CONNECTION } from '../tokens';
import { cursorInstantSql, readKeysetCursor, writeKeysetCursor } from '@warranty/platform';
import { CLAIM_SEARCH_CONDITION, containing } from './claim-search';
import { RawColumns } from './raw-columns';
import type { Page, PageRequest } from './warranty-plans.query';

export const DEFAULT_CLAIM_PAGE = 50;
export const MAX_CLAIM_PAGE = 200;

export interface ClaimListFilters {
  state?: ClaimState;
  retailerId?: string;
  manufacturerId?: string;
  /** Already normalized (trimmed, upper-case), as claims store it. */
  serialNumber?: string;
  /** YYYY-MM-DD, inclusive, UTC. */
  filedFrom?: string;
  /** YYYY-MM-DD, inclusive, UTC. */
  filedTo?: string;
  flagged?: boolean;
  /** Trimmed; see CLAIM_SEARCH_CONDITION. */
  search?: string;
}

/** One claim in a list: everything its row knows, with instants as ISO 8601 strings. */
export interface ClaimSummary {
  claimId: string;
  state: ClaimState;
  retailerId: string;
  manufacturerId: string;
  serialNumber: string;
  productId: string | null;
  model: string | null;
  productCategory: string | null;
  defect: { category: string; description: string };
  customerEmail: string;
  requestedResolution: RequestedResolution;
  decision: 'approved' | 'rejected' | null;
  approvedResolution: Resolution | null;
  approvedAmount: { amount: number; currency: string } | null;
  goodwill: boolean;
  rejectionReason: RejectionReason | null;
  coverage: {
    covered: boolean;
    planCode: string | null;
    endDate: string | null;
    reason: string | null;
    source: 'registration' | 'proof_of_purchase';
  };
  flags: ReviewFlag[];
  flagged: boolean;
  appealUsed: boolean;
  infoDueBy: string | null;
  outcome: ClaimOutcome | null;
  filedAt: string;
  reviewStartedAt: string | null;
  infoRequestedAt: string | null;
  infoProvidedAt: string | null;
  decidedAt: string | null;
  appealedAt: string | null;
  withdrawnAt: string | null;
  fulfilmentStartedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  rmaId: string | null;
  repairOrderId: string | null;
  lastEventAt: string;
  revision: number;
}

/** The key a cursor of this list stands for; InputValidationError (field `cursor`) otherwise. */
export function readClaimsCursor(cursor: string): ClaimsCursorKey {
  const { instant, id } = readKeysetCursor(cursor);
  return { filedAt: instant, claimId: id };
}

/** The sort key of the last item of a page: filed_at to the microsecond, then claim_id. */
export interface ClaimsCursorKey {
  filedAt: string;
  claimId: string;
}

const writeCursor = (key: ClaimsCursorKey): string =>
  writeKeysetCursor({ instant: key.filedAt, id: key.claimId });

const iso = (instant: Date | null): string | null => instant?.toISOString() ?? null;

/** The columns a summary shows, by entity property. */
const SUMMARY_COLUMNS = [
  'claimId',
  'state',
  'retailerId',
  'manufacturerId',
  'serialNumber',
  'productId',
  'model',
  'productCategory',
  'defectCategory',
  'defectDescription',
  'customerEmail',
  'requestedResolution',
  'decision',
  'approvedResolution',
  'approvedAmount',
  'approvedCurrency',
  'goodwill',
  'rejectionReason',
  'coverageCovered',
  'coveragePlanCode',
  'coverageEndDate',
  'coverageReason',
  'coverageSource',
  'flags',
  'flagged',
  'appealUsed',
  'infoDueBy',
  'outcome',
  'filedAt',
  'reviewStartedAt',
  'infoRequestedAt',
  'infoProvidedAt',
  'decidedAt',
  'appealedAt',
  'withdrawnAt',
  'fulfilmentStartedAt',
  'resolvedAt',
  'closedAt',
  'rmaId',
  'repairOrderId',
  'lastEventAt',
  'lastRevision',
] as const satisfies ReadonlyArray<keyof ClaimStatusView>;
type SummaryColumns = Pick<ClaimStatusView, (typeof SUMMARY_COLUMNS)[number]>;

export function toClaimSummary(row: SummaryColumns): ClaimSummary {
  return {
    claimId: row.claimId,
    state: row.state,
    retailerId: row.retailerId,
    manufacturerId: row.manufacturerId,
    serialNumber: row.serialNumber,
    productId: row.productId,
    model: row.model,
    productCategory: row.productCategory,
    defect: { category: row.defectCategory, description: row.defectDescription },
    customerEmail: row.customerEmail,
    requestedResolution: row.requestedResolution,
    decision: row.decision,
    approvedResolution: row.approvedResolution,
    approvedAmount:
      row.approvedAmount !== null && row.approvedCurrency !== null
        ? { amount: row.approvedAmount, currency: row.approvedCurrency }
        : null,
    goodwill: row.goodwill,
    rejectionReason: row.rejectionReason,
    coverage: {
      covered: row.coverageCovered,
      planCode: row.coveragePlanCode,
      endDate: row.coverageEndDate,
      reason: row.coverageReason,
      source: row.coverageSource,
    },
    flags: row.flags,
    flagged: row.flagged,
    appealUsed: row.appealUsed,
    infoDueBy: iso(row.infoDueBy),
    outcome: row.outcome,
    filedAt: row.filedAt.toISOString(),
    reviewStartedAt: iso(row.reviewStartedAt),
    infoRequestedAt: iso(row.infoRequestedAt),
    infoProvidedAt: iso(row.infoProvidedAt),
    decidedAt: iso(row.decidedAt),
    appealedAt: iso(row.appealedAt),
    withdrawnAt: iso(row.withdrawnAt),
    fulfilmentStartedAt: iso(row.fulfilmentStartedAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    rmaId: row.rmaId,
    repairOrderId: row.repairOrderId,
    lastEventAt: row.lastEventAt.toISOString(),
    revision: row.lastRevision,
  };
}

/** Claims, newest filed first (ties by claim id, descending), a page at a time. */
@Injectable()
export class ClaimsListQuery {
  private readonly columns: RawColumns<ClaimStatusView, (typeof SUMMARY_COLUMNS)[number]>;

  constructor(
    @InjectRepository(ClaimStatusView, READ_MODELS_CONNECTION)
    private readonly claims: Repository<ClaimStatusView>,
    private readonly runner: ProjectionRunner,
  ) {
    this.columns = new RawColumns(claims, 'c', SUMMARY_COLUMNS);
  }

  /** Throws InputValidationError (field `cursor`) for a cursor this list did not return. */
  async list(
    filters: ClaimListFilters = {},
    page: PageRequest = {},
    read: ReadOptions = {},
  ): Promise<Page<ClaimSummary>> {
    const after = page.cursor === undefined ? undefined : readClaimsCursor(page.cursor);
    const requested = Number.isFinite(page.limit) ? Math.trunc(page.limit!) : DEFAULT_CLAIM_PAGE;
    const limit = Math.min(Math.max(requested, 1), MAX_CLAIM_PAGE);
    // A search also matches RMA numbers: its answer is as fresh as both read models.
    const readModels = filters.search === undefined ? [CLAIM_STATUS] : [CLAIM_STATUS, RMA_QUEUE];
    await Promise.all(readModels.map((name) => this.runner.awaitRead(name, read)));

    const query = this.claims
      .createQueryBuilder('c')
      .select(this.columns.selection)
      .addSelect(cursorInstantSql('c.filed_at'), 'cursor_filed_at');
    if (filters.state !== undefined) query.andWhere('c.state = :state', { state: filters.state });
    if (filters.retailerId !== undefined)
      query.andWhere('c.retailer_id = :retailerId', { retailerId: filters.retailerId });
    if (filters.manufacturerId !== undefined)
      query.andWhere('c.manufacturer_id = :manufacturerId', {
        manufacturerId: filters.manufacturerId,
      });
    if (filters.serialNumber !== undefined)
      query.andWhere('c.serial_number = :serialNumber', { serialNumber: filters.serialNumber });
    if (filters.filedFrom !== undefined)
      query.andWhere('c.filed_at >= CAST(:filedFrom AS timestamptz)', {
        filedFrom: `${filters.filedFrom}T00:00:00Z`,
      });
    if (filters.filedTo !== undefined)
      query.andWhere('c.filed_at < CAST(:filedBefore AS timestamptz)', {
        filedBefore: `${addDays(filters.filedTo, 1)}T00:00:00Z`,
      });
    if (filters.flagged !== undefined)
      query.andWhere('c.flagged = :flagged', { flagged: filters.flagged });
    if (filters.search !== undefined)
      query.andWhere(CLAIM_SEARCH_CONDITION, {
        searchPattern: containing(filters.search),
        searchTerm: filters.search,
      });
    if (after !== undefined)
      query.andWhere(
        '(c.filed_at, c.claim_id) < (CAST(:afterFiledAt AS timestamptz), CAST(:afterClaimId AS text))',
        { afterFiledAt: after.filedAt, afterClaimId: after.claimId },
      );
    query
      .orderBy('c.filed_at', 'DESC')
      .addOrderBy('c.claim_id', 'DESC')
      .limit(limit + 1);

    const rows = await query.getRawMany<{ claimId: string; cursor_filed_at: string }>();
    const items = rows.slice(0, limit).map((row) => toClaimSummary(this.columns.read(row)));
    const nextCursor =
      rows.length > limit
        ? writeCursor({
            filedAt: rows[limit - 1].cursor_filed_at,
            claimId: rows[limit - 1].claimId,
          })
        : null;
    return { items, nextCursor };
  }
}
