import { rmaDecider } from '../../src/domain/rma.decider';
import type { RmaEvent } from '../../src/domain/events';
import type { ReplacementOnFile } from '../../src/domain/replacement';
import type { AuthorizeRma, RmaCommand } from '../../src/domain/rma.commands';

export const rmaId = 'rma-1';
export const now = '2026-06-15T10:00:00.000Z';
/** After the end of the return-by day of `authorizeRma`. */
export const overdue = '2026-06-30T00:00:01.000Z';
export const EUR = (amount: number) => ({ amount, currency: 'EUR' });

export const authorizeRma = (overrides: Partial<AuthorizeRma> = {}): AuthorizeRma => ({
  type: 'AuthorizeRma',
  rmaId,
  rmaNumber: 'RMA-2026-000001',
  rmaType: 'exchange',
  manufacturerId: 'acme-appliances',
  retailerId: 'acme-retail',
  claimId: null,
  lines: [
    {
      lineId: 'line-1',
      serialNumber: 'SN-1',
      productId: 'acme-appliances~SN-1',
      model: 'WM-9000',
      price: EUR(129900),
    },
  ],
  shipTo: { locationId: 'depot-1', name: 'Acme returns depot', address: '1 Dock Road, Leeds' },
  returnBy: '2026-06-29',
  shippingLabel: { carrier: 'DHL', trackingNumber: 'LBL-1' },
  deposit: null,
  by: 'acme-appliances',
  at: now,
  ...overrides,
});

export const twoLines = authorizeRma({
  lines: [
    { lineId: 'line-1', serialNumber: 'SN-1', productId: null, model: null, price: EUR(1000) },
    { lineId: 'line-2', serialNumber: 'SN-2', productId: null, model: null, price: EUR(2000) },
  ],
});

/** The events commands give one after another, via the decider itself (for building histories). */
export function history(...commands: RmaCommand[]): RmaEvent[] {
  const events: RmaEvent[] = [];
  let state = rmaDecider.initialState;
  for (const command of commands) {
    const produced = rmaDecider.decide(command, state);
    events.push(...produced);
    state = produced.reduce(rmaDecider.evolve, state);
  }
  return events;
}

const by = 'acme-appliances';
export const ship = (): RmaCommand => ({
  type: 'ShipReturn',
  rmaId,
  carrier: 'DHL',
  trackingNumber: 'TRK-1',
  by,
  at: now,
});
export const receive = (lineId = 'line-1', serialNumber = 'SN-1'): RmaCommand => ({
  type: 'ReceiveReturn',
  rmaId,
  lineId,
  serialNumber,
  notes: '',
  by,
  at: now,
});
export const inspect = (
  lineId = 'line-1',
  disposition: Extract<RmaCommand, { type: 'InspectReturn' }>['disposition'] = 'exchange',
): RmaCommand => ({
  type: 'InspectReturn',
  rmaId,
  lineId,
  grade: 'C',
  finding: 'defect_confirmed',
  disposition,
  notes: '',
  by: 'inspector-7',
  at: now,
});
export const shipExchange = (
  lineId = 'line-1',
  replacementSerialNumber = `SN-NEW-${lineId.slice('line-'.length)}`,
  replacementOnFile: ReplacementOnFile = { status: 'unregistered' },
): RmaCommand => ({
  type: 'ShipExchange',
  rmaId,
  lineId,
  replacementSerialNumber,
  replacementOnFile,
  carrier: 'UPS',
  trackingNumber: 'TRK-X',
  by,
  at: now,
});
export const refund = (
  lineId = 'line-1',
  amount = 1000,
  registrationCancelled: string | null = null,
): RmaCommand => ({
  type: 'IssueRefund',
  rmaId,
  lineId,
  amount: EUR(amount),
  reference: 'RF-1',
  registrationCancelled,
  by,
  at: now,
});
export const credit = (
  lineId = 'line-1',
  amount = 1000,
  registrationCancelled: string | null = null,
): RmaCommand => ({
  type: 'IssueCredit',
  rmaId,
  lineId,
  amount: EUR(amount),
  reference: 'CN-1',
  registrationCancelled,
  by,
  at: now,
});
export const applyDisposition = (
  lineId = 'line-1',
  disposition: 'repair' | 'return_to_customer' | 'scrap' = 'scrap',
): RmaCommand => ({
  type: 'ApplyDisposition',
  rmaId,
  lineId,
  disposition,
  reference: 'REF-1',
  by,
  at: now,
});
export const expire = (at = overdue): RmaCommand => ({ type: 'ExpireRma', rmaId, by: 'timer', at });
export const chargeDeposit = (at = overdue): RmaCommand => ({
  type: 'ChargeAdvanceExchangeDeposit',
  rmaId,
  by: 'timer',
  at,
});
export const cancel = (reason = 'Customer kept it'): RmaCommand => ({
  type: 'CancelRma',
  rmaId,
  reason,
  by,
  at: now,
});
export const close = (): RmaCommand => ({ type: 'CloseRma', rmaId, by, at: now });

/** The repair of a line inspected for repair failed: it is to be exchanged instead. */
export const switchToExchange = (lineId = 'line-1'): RmaCommand =>
  ({
    type: 'SwitchLineToExchange',
    rmaId,
    lineId,
    reason: 'Unrepairable: motor housing cracked',
    repairOrderId: 'ro-1',
    by: 'acme-appliances',
    at: now,
  }) as RmaCommand;
