import type { AuthorizedRma } from '../domain/rma.state';

/** The RMA as the API shows it. */
export function rmaView(rma: AuthorizedRma) {
  return {
    rmaId: rma.rmaId,
    rmaNumber: rma.rmaNumber,
    state: rma.status,
    type: rma.type,
    manufacturerId: rma.manufacturerId,
    retailerId: rma.retailerId,
    claimId: rma.claimId,
    lines: rma.lines.map(({ status, applied, ...line }) => ({
      ...line,
      state: status,
      disposition: applied,
    })),
    shipTo: rma.shipTo,
    returnBy: rma.returnBy,
    shippingLabel: rma.shippingLabel,
    deposit: rma.deposit,
    shipment: rma.shipment,
    ended: rma.ended && { state: rma.ended.status, reason: rma.ended.reason, at: rma.ended.at },
    authorizedBy: rma.authorizedBy,
    authorizedAt: rma.authorizedAt,
    updatedAt: rma.updatedAt,
  };
}

export { historyEntry } from '@warranty/platform';
