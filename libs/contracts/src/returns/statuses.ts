/**
 * SPEC 2.3. An RMA's state derives from its lines (see `rmaStatusOf` in services/returns):
 *
 *   authorized -> in_transit -> received -> inspected
 *     -> exchanged | refunded | credited | sent_to_repair | returned_to_customer | scrapped | mixed
 *     -> closed
 *   authorized -> expired          (nothing shipped by the return-by date)
 *   authorized | in_transit -> cancelled   (before any line is received)
 *
 * `received` and `inspected` are reached when every line is; `mixed` when every line has its
 * disposition applied but they differ. `closed`, `expired` and `cancelled` are terminal.
 */
export const RMA_STATUSES = [
  'authorized',
  'in_transit',
  'received',
  'inspected',
  'exchanged',
  'refunded',
  'credited',
  'sent_to_repair',
  'returned_to_customer',
  'scrapped',
  'mixed',
  'closed',
  'expired',
  'cancelled',
] as const;
export type RmaStatus = (typeof RMA_STATUSES)[number];

export const TERMINAL_RMA_STATUSES = [
  'closed',
  'expired',
  'cancelled',
] as const satisfies readonly RmaStatus[];

/** A line's own progress; `disposed` once its disposition was applied. */
export const RMA_LINE_STATUSES = ['awaiting_return', 'received', 'inspected', 'disposed'] as const;
export type RmaLineStatus = (typeof RMA_LINE_STATUSES)[number];

export const RMA_TYPES = [
  'warranty_return',
  'exchange',
  'refund_return',
  'advance_exchange',
] as const;
export type RmaType = (typeof RMA_TYPES)[number];

export const DISPOSITIONS = [
  'exchange',
  'refund',
  'credit',
  'repair',
  'return_to_customer',
  'scrap',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Dispositions applied by LineDispositionApplied; the others have their own event. */
export const PLAIN_DISPOSITIONS = [
  'repair',
  'return_to_customer',
  'scrap',
] as const satisfies readonly Disposition[];
export type PlainDisposition = (typeof PLAIN_DISPOSITIONS)[number];

/** The RMA state a line's disposition leads to when every line shares it. */
export const DISPOSITION_OUTCOMES = {
  exchange: 'exchanged',
  refund: 'refunded',
  credit: 'credited',
  repair: 'sent_to_repair',
  return_to_customer: 'returned_to_customer',
  scrap: 'scrapped',
} as const satisfies Record<Disposition, RmaStatus>;

export const INSPECTION_GRADES = ['A', 'B', 'C', 'D'] as const;
export type InspectionGrade = (typeof INSPECTION_GRADES)[number];

export const INSPECTION_FINDINGS = ['defect_confirmed', 'no_fault_found'] as const;
export type InspectionFinding = (typeof INSPECTION_FINDINGS)[number];
