import {
  type Disposition,
  DISPOSITION_OUTCOMES,
  type RmaLineStatus,
  type RmaStatus,
} from './statuses';

const LINE_ORDER: readonly RmaLineStatus[] = [
  'awaiting_return',
  'received',
  'inspected',
  'disposed',
];

/** What the RMA's state is derived from: its lines, whether it shipped, and an end if it ended. */
export interface RmaProgress {
  lines: ReadonlyArray<{ status: RmaLineStatus; applied: Disposition | null }>;
  shipped: boolean;
  ended: 'closed' | 'expired' | 'cancelled' | null;
}

/**
 * The RMA's state from its lines, so one slow line holds the RMA back and no line is overlooked:
 * an ended RMA keeps its end; otherwise the RMA is as far as its least advanced line. All lines
 * disposed: the common outcome (`exchanged`, `refunded`, ...) or `mixed` when they differ.
 * Before every line is received: `in_transit` once the return shipped, else `authorized`.
 */
export function rmaStatusFromProgress(rma: RmaProgress): RmaStatus {
  if (rma.ended) return rma.ended;
  const least = Math.min(...rma.lines.map((line) => LINE_ORDER.indexOf(line.status)));
  switch (LINE_ORDER[least]) {
    case 'disposed': {
      const outcomes = new Set(rma.lines.map((line) => DISPOSITION_OUTCOMES[line.applied!]));
      return outcomes.size === 1 ? [...outcomes][0] : 'mixed';
    }
    case 'inspected':
      return 'inspected';
    case 'received':
      return 'received';
    default:
      return rma.shipped ? 'in_transit' : 'authorized';
  }
}
