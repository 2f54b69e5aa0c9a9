import { type RmaStatus, rmaStatusFromProgress } from './events';
import type { AuthorizedRma } from './rma.state';

/** The published derivation (read models fold the same events to the same state). */
export function rmaStatusOf(rma: Omit<AuthorizedRma, 'status'>): RmaStatus {
  return rmaStatusFromProgress({
    lines: rma.lines,
    shipped: rma.shipment !== null,
    ended: rma.ended?.status ?? null,
  });
}
