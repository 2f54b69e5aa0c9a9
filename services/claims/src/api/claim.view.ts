import type { EventEnvelope } from '@warranty/eventsourcing';
import type { FiledClaim } from '../domain/claim.state';

/** The claim as the API shows it. */
export function claimView(claim: FiledClaim) {
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
    flags: filing.flags,
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

/** One entry of a claim's history, as parties and auditors read it. */
export function historyEntry(event: EventEnvelope) {
  return {
    revision: event.revision,
    position: event.position.toString(),
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    actor: event.metadata.actor,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt.toISOString(),
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    schemaVersion: event.metadata.schemaVersion,
  };
}
