/**
 * SPEC 2.4. A repair order's states:
 *
 *   opened -> assigned -> diagnosed ------------------------------+
 *                      -> awaiting_approval -> approved ---------+-> awaiting_parts -> in_repair
 *                                           -> declined -> shipped -> closed
 *   in_repair -> quality_check -> in_repair (failed) | ready_to_ship (passed) -> shipped -> closed
 *   any state before quality passes -> unrepairable (asks for a replacement through the RMA)
 *
 * A diagnosis lands in `awaiting_approval` only when the customer pays a part (not covered, or the
 * estimate above the plan limit); a covered repair stays `diagnosed` and goes straight to parts or
 * work. `closed` and `unrepairable` are terminal.
 */
export const REPAIR_ORDER_STATUSES = [
  'opened',
  'assigned',
  'diagnosed',
  'awaiting_approval',
  'approved',
  'declined',
  'awaiting_parts',
  'in_repair',
  'quality_check',
  'ready_to_ship',
  'shipped',
  'closed',
  'unrepairable',
] as const;
export type RepairOrderStatus = (typeof REPAIR_ORDER_STATUSES)[number];

export const TERMINAL_REPAIR_ORDER_STATUSES = [
  'closed',
  'unrepairable',
] as const satisfies readonly RepairOrderStatus[];

/** Quality-check failures after which the order is flagged for the manufacturer's attention. */
export const QUALITY_CHECK_FAILURES_FLAGGED = 3;

/** How a shipped order ended: repaired, or sent back unrepaired after a declined estimate. */
export const REPAIR_OUTCOMES = ['repaired', 'returned_unrepaired'] as const;
export type RepairOutcome = (typeof REPAIR_OUTCOMES)[number];
