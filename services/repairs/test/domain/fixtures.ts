import type { Money, RepairOrderEvent, RepairPart, RepairRates } from '../../src/domain/events';
import type { OpenRepairOrder, RepairOrderCommand } from '../../src/domain/repair-order.commands';
import { repairOrderDecider } from '../../src/domain/repair-order.decider';

export const repairOrderId = 'ro-1';
export const now = '2026-06-15T10:00:00.000Z';
export const EUR = (amount: number): Money => ({ amount, currency: 'EUR' });
const center = 'fixit-depot';
const by = 'fixit-depot';

/** 60.00 an hour, 10% on parts, 25.00 to diagnose. */
export const rates: RepairRates = {
  laborRatePerHour: EUR(6000),
  partsMarkupBasisPoints: 1000,
  diagnosisFee: EUR(2500),
};

export const part = (sku: string, quantity: number, unitCost: number): RepairPart => ({
  sku,
  quantity,
  unitCost: EUR(unitCost),
});

export const openOrder = (overrides: Partial<OpenRepairOrder> = {}): OpenRepairOrder => ({
  type: 'OpenRepairOrder',
  repairOrderId,
  manufacturerId: 'acme-appliances',
  retailerId: 'acme-retail',
  serviceCenterId: center,
  claimId: 'claim-1',
  rmaId: null,
  serialNumber: 'SN-1',
  productId: 'acme-appliances~SN-1',
  model: 'WM-9000',
  covered: true,
  notCoveredReason: null,
  planCode: 'STD-2Y',
  planLimit: null,
  reportedDefect: 'Drum does not spin',
  rates,
  by: 'acme-appliances',
  at: now,
  ...overrides,
});

/** The events commands give one after another, via the decider itself (for building histories). */
export function history(...commands: RepairOrderCommand[]): RepairOrderEvent[] {
  const events: RepairOrderEvent[] = [];
  let state = repairOrderDecider.initialState;
  for (const command of commands) {
    const produced = repairOrderDecider.decide(command, state);
    events.push(...produced);
    state = produced.reduce(repairOrderDecider.evolve, state);
  }
  return events;
}

const step = { repairOrderId, by, at: now };
export const assign = (technician = 'tech-ana'): RepairOrderCommand => ({
  type: 'AssignTechnician',
  technician,
  ...step,
});
/** Estimate: one motor at 100.00 (110.00 with markup) and 90 minutes (90.00): 200.00. */
export const diagnose = (
  parts: RepairPart[] = [part('MOTOR-1', 1, 10000)],
  laborMinutes = 90,
): RepairOrderCommand => ({
  type: 'RecordDiagnosis',
  findings: 'Motor burnt out',
  faultCode: 'E21',
  parts,
  laborMinutes,
  ...step,
});
export const approve = (): RepairOrderCommand => ({
  type: 'ApproveEstimate',
  retailerId: 'acme-retail',
  ...step,
  by: 'acme-retail',
});
export const decline = (): RepairOrderCommand => ({
  type: 'DeclineEstimate',
  retailerId: 'acme-retail',
  reason: 'Too expensive',
  ...step,
  by: 'acme-retail',
});
export const orderParts = (parts = [part('MOTOR-1', 1, 10000)]): RepairOrderCommand => ({
  type: 'OrderParts',
  parts,
  supplierReference: 'PO-1',
  ...step,
});
export const receiveParts = (parts = [part('MOTOR-1', 1, 10000)]): RepairOrderCommand => ({
  type: 'ReceiveParts',
  parts,
  ...step,
});
export const logWork = (laborMinutes = 90): RepairOrderCommand => ({
  type: 'LogRepairWork',
  laborMinutes,
  notes: '',
  ...step,
});
export const complete = (): RepairOrderCommand => ({ type: 'CompleteRepair', notes: '', ...step });
export const qualityCheck = (passed: boolean): RepairOrderCommand => ({
  type: 'RecordQualityCheck',
  passed,
  notes: passed ? '' : 'Still noisy',
  ...step,
});
export const shipBack = (): RepairOrderCommand => ({
  type: 'ShipUnitBack',
  carrier: 'DHL',
  trackingNumber: 'TRK-1',
  ...step,
});
export const close = (): RepairOrderCommand => ({ type: 'CloseRepairOrder', ...step });
export const unrepairable = (): RepairOrderCommand => ({
  type: 'DeclareUnrepairable',
  reason: 'Board discontinued',
  ...step,
});
export const reassign = (serviceCenterId = 'quickfix'): RepairOrderCommand => ({
  type: 'ReassignRepairOrder',
  serviceCenterId,
  rates,
  reason: 'Closer to the customer',
  ...step,
  by: 'acme-appliances',
});

/** A covered repair through to the unit shipped back. */
export const coveredRepairShipped = (): RepairOrderCommand[] => [
  openOrder(),
  assign(),
  diagnose(),
  orderParts(),
  receiveParts(),
  logWork(),
  complete(),
  qualityCheck(true),
  shipBack(),
];
