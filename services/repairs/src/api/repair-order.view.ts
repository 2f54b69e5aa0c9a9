import type { RepairOrder } from '../domain/repair-order.state';

/** The repair order as the API shows it. */
export function repairOrderView(order: RepairOrder) {
  return {
    repairOrderId: order.repairOrderId,
    state: order.status,
    manufacturerId: order.manufacturerId,
    retailerId: order.retailerId,
    serviceCenterId: order.serviceCenterId,
    claimId: order.claimId,
    rmaId: order.rmaId,
    serialNumber: order.serialNumber,
    productId: order.productId,
    model: order.model,
    covered: order.covered,
    notCoveredReason: order.notCoveredReason,
    goodwill: order.goodwill,
    planCode: order.planCode,
    planLimit: order.planLimit,
    reportedDefect: order.reportedDefect,
    rates: order.rates,
    technician: order.technician,
    diagnosis: order.diagnosis,
    estimateDecision: order.estimateDecision,
    partsOrdered: Object.entries(order.partsOrdered).map(([sku, quantity]) => ({ sku, quantity })),
    partsReceived: order.partsReceived,
    laborMinutes: order.laborMinutes,
    qualityCheckFailures: order.qualityCheckFailures,
    flagged: order.flagged,
    shipment: order.shipment,
    ended: order.ended,
    openedBy: order.openedBy,
    openedAt: order.openedAt,
    updatedAt: order.updatedAt,
  };
}

export { historyEntry } from '@warranty/platform';
