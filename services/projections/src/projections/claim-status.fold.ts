import type { ClaimEvent, ClaimFiled } from '@warranty/contracts/claims';
import type { RecordedEvent } from '@warranty/event-store';
import { parseStreamName } from '@warranty/eventsourcing';
import { type FoldedRow, type RowFold, StreamRows } from '@warranty/read-models';

/** Lists show the start of the defect description; the event keeps all of it. */
export const DEFECT_DESCRIPTION_LENGTH = 200;

export function shortDescription(text: string, max = DEFECT_DESCRIPTION_LENGTH): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const chars = [...trimmed];
  return chars.length <= max ? trimmed : `${chars.slice(0, max - 1).join('')}…`;
}

/** The columns ClaimFiled sets, by name: the row's insert, or its update when the stream was reused. */
export function filedColumns(data: ClaimFiled['data']): FoldedRow {
  return {
    state: 'submitted',
    retailer_id: data.retailerId,
    manufacturer_id: data.manufacturerId,
    serial_number: data.serialNumber,
    product_id: data.productId,
    model: data.model,
    product_category: data.productCategory,
    defect_category: data.defect.category,
    defect_description: shortDescription(data.defect.description),
    customer_email: data.customer.email,
    customer_name: data.customer.name,
    requested_resolution: data.requestedResolution,
    coverage_covered: data.coverage.covered,
    coverage_plan_code: data.coverage.planCode,
    coverage_end_date: data.coverage.endDate,
    coverage_reason: data.coverage.reason,
    coverage_source: data.coverage.source,
    flags: data.flags,
    flagged: data.flags.length > 0,
    filed_at: data.filedAt,
    last_event_at: data.filedAt,
  };
}

type Changes = {
  [T in ClaimEvent['type']]: (
    data: Extract<ClaimEvent, { type: T }>['data'],
    row: FoldedRow | undefined,
  ) => FoldedRow;
};

/** What each later claim event sets, as the projection's SET clauses do in SQL. */
const changes: Omit<Changes, 'ClaimFiled'> = {
  ClaimReviewStarted: ({ at }, row) => ({
    state: 'under_review',
    review_started_at: row?.review_started_at ?? at,
    info_question: null,
    info_due_by: null,
    last_event_at: at,
  }),
  ClaimInfoRequested: ({ at, question, dueBy }) => ({
    state: 'info_requested',
    info_requested_at: at,
    info_question: question,
    info_due_by: dueBy,
    last_event_at: at,
  }),
  ClaimInfoProvided: ({ at }) => ({
    state: 'under_review',
    info_provided_at: at,
    info_question: null,
    info_due_by: null,
    last_event_at: at,
  }),
  ClaimApproved: (data) => ({
    state: 'approved',
    decision: 'approved',
    decided_at: data.at,
    decided_by: data.decidedBy,
    approved_resolution: data.resolution,
    approved_amount: data.approvedAmount?.amount ?? null,
    approved_currency: data.approvedAmount?.currency ?? null,
    goodwill: data.goodwill,
    last_event_at: data.at,
  }),
  ClaimRejected: (data) => ({
    state: 'rejected',
    decision: 'rejected',
    decided_at: data.at,
    decided_by: data.decidedBy,
    rejection_reason: data.reasonCode,
    rejection_final: data.final,
    last_event_at: data.at,
  }),
  ClaimAppealed: ({ at }) => ({
    state: 'appealed',
    appeal_used: true,
    appealed_at: at,
    last_event_at: at,
  }),
  ClaimWithdrawn: ({ at }) => ({
    state: 'withdrawn',
    withdrawn_at: at,
    info_question: null,
    info_due_by: null,
    last_event_at: at,
  }),
  ClaimFulfilmentStarted: ({ at, rmaId }) => ({
    state: 'in_fulfilment',
    fulfilment_started_at: at,
    rma_id: rmaId,
    last_event_at: at,
  }),
  ClaimResolved: (data, row) => ({
    state: 'resolved',
    resolved_at: data.at,
    outcome: data.outcome,
    rma_id: data.rmaId ?? row?.rma_id ?? null,
    repair_order_id: data.repairOrderId ?? row?.repair_order_id ?? null,
    last_event_at: data.at,
  }),
  ClaimClosed: ({ at }) => ({ state: 'closed', closed_at: at, last_event_at: at }),
};

/**
 * A new row: every column, in the table's order, so all rows share one shape and copying one per
 * event stays cheap; the defaults the insert leaves to the table are set outright.
 */
const EMPTY_ROW: FoldedRow = {
  ...Object.fromEntries(
    `claim_id state retailer_id manufacturer_id serial_number product_id
    model product_category defect_category defect_description customer_email requested_resolution
    decision decided_by approved_resolution approved_amount approved_currency goodwill
    rejection_reason rejection_final coverage_covered coverage_plan_code coverage_end_date coverage_reason
    coverage_source flags flagged appeal_used info_question info_due_by
    outcome filed_at review_started_at info_requested_at info_provided_at decided_at
    appealed_at withdrawn_at fulfilment_started_at resolved_at closed_at rma_id
    repair_order_id last_event_at last_revision updated_position customer_name`
      .split(/\s+/)
      .map((column) => [column, null]),
  ),
  goodwill: false,
  rejection_final: false,
  appeal_used: false,
};

/**
 * claim_status as a pure fold per claim stream, for rebuilds: the same rows the projection's
 * statements make (a spec rebuilds both ways and compares every row).
 */
export class ClaimStatusFold implements RowFold {
  readonly table = 'claim_status';
  readonly keyColumn = 'claim_id';
  private readonly rows = new StreamRows(this.table, this.keyColumn);

  keyOf(event: RecordedEvent): string | undefined {
    const { category, id } = parseStreamName(event.streamId);
    return category === 'claim' ? id : undefined;
  }

  apply(row: FoldedRow | undefined, event: RecordedEvent): FoldedRow {
    const claim = event as unknown as ClaimEvent;
    if (claim.type === 'ClaimFiled') {
      const columns = filedColumns(claim.data);
      if (event.revision > 0) return this.rows.fold(row, event, columns);
      return (
        row ?? {
          ...EMPTY_ROW,
          ...columns,
          claim_id: this.rows.keyOf(event),
          last_revision: event.revision,
          updated_position: event.position.toString(),
        }
      );
    }
    const change = changes[claim.type] as
      ((data: unknown, row: FoldedRow | undefined) => FoldedRow) | undefined;
    return this.rows.fold(row, event, change?.(claim.data, row) ?? {});
  }
}
