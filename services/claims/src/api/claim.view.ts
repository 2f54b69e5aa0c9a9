import type { FiledClaim } from '../domain/claim.state';
import type { ReviewFlag } from '../domain/review-flags';

/** The claim as the API shows it, with the review flags its reader may see. */
export function claimView(claim: FiledClaim, flags: ReviewFlag[] = claim.filing.flags) {
  const { filing } = claim;
  return {
    claimId: claim.claimId,
    state: claim.status,
    retailerId: claim.retailerId,
    manufacturerId: claim.manufacturerId,
    serialNumber: claim.serialNumber,
    productId: filing.productId,
    model: filing.model,
    productCategory: filing.productCategory,
    purchaseDate: filing.purchaseDate,
    failureDate: filing.failureDate,
    defect: filing.defect,
    evidence: filing.evidence,
    customer: filing.customer,
    requestedResolution: filing.requestedResolution,
    proofOfPurchase: filing.proofOfPurchase,
    coverage: filing.coverage,
    flags,
    filedAt: filing.filedAt,
    infoRequest: claim.infoRequest,
    approval: claim.approval,
    rejection: claim.rejection,
    appeal: claim.appeal,
    fulfilment: claim.fulfilment,
    resolution: claim.resolution,
    withdrawal: claim.withdrawal,
    closure: claim.closure,
    updatedAt: claim.updatedAt,
  };
}

export { historyEntry } from '@warranty/platform';
