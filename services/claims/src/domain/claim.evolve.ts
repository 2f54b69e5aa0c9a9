import type { ClaimEvent } from './events';
import type { ClaimState } from './claim.state';

/** Folds one event; trusts the event (the decider only emits legal ones). */
export function evolveClaim(state: ClaimState, event: ClaimEvent): ClaimState {
  if (event.type === 'ClaimFiled') {
    const { claimId, ...filing } = event.data;
    return {
      status: 'submitted',
      claimId,
      retailerId: filing.retailerId,
      manufacturerId: filing.manufacturerId,
      serialNumber: filing.serialNumber,
      filing,
      infoRequest: null,
      infoRequests: 0,
      approval: null,
      rejection: null,
      appeal: null,
      fulfilment: null,
      resolution: null,
      withdrawal: null,
      closure: null,
      updatedAt: filing.filedAt,
    };
  }
  if (state.status === 'none') return state;
  const updatedAt = event.data.at;
  switch (event.type) {
    case 'ClaimReviewStarted':
      return { ...state, status: 'under_review', infoRequest: null, updatedAt };
    case 'ClaimInfoRequested': {
      const { claimId: _id, ...infoRequest } = event.data;
      return {
        ...state,
        status: 'info_requested',
        infoRequest,
        infoRequests: state.infoRequests + 1,
        updatedAt,
      };
    }
    case 'ClaimInfoProvided':
      return { ...state, status: 'under_review', infoRequest: null, updatedAt };
    case 'ClaimApproved': {
      const { claimId: _id, ...approval } = event.data;
      return { ...state, status: 'approved', approval, updatedAt };
    }
    case 'ClaimRejected': {
      const { claimId: _id, ...rejection } = event.data;
      return { ...state, status: 'rejected', rejection, updatedAt };
    }
    case 'ClaimAppealed': {
      const { claimId: _id, ...appeal } = event.data;
      return { ...state, status: 'appealed', appeal, updatedAt };
    }
    case 'ClaimWithdrawn': {
      const { claimId: _id, ...withdrawal } = event.data;
      return { ...state, status: 'withdrawn', infoRequest: null, withdrawal, updatedAt };
    }
    case 'ClaimFulfilmentStarted': {
      const { claimId: _id, ...fulfilment } = event.data;
      return { ...state, status: 'in_fulfilment', fulfilment, updatedAt };
    }
    case 'ClaimResolved': {
      const { claimId: _id, ...resolution } = event.data;
      return { ...state, status: 'resolved', resolution, updatedAt };
    }
    case 'ClaimClosed': {
      const { claimId: _id, ...closure } = event.data;
      return { ...state, status: 'closed', closure, updatedAt };
    }
  }
}
