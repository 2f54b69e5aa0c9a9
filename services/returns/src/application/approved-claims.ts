import { Inject, Injectable } from '@nestjs/common';
import { type ClaimEvent, claimEvents, claimStream } from '@warranty/contracts/claims';
import { EVENT_STORE, type EventStore, StreamNotFoundError } from '@warranty/event-store';

/** What a warranty return needs of its claim, from the claim's published events. */
export interface ClaimForReturn {
  claimId: string;
  manufacturerId: string;
  retailerId: string;
  serialNumber: string;
  /** The approved resolution while the claim is approved or in fulfilment; else null. */
  approvedFor: string | null;
}

/** Reads a claim through the claims contract's decoder (never claims' private code). */
@Injectable()
export class ApprovedClaims {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async find(claimId: string): Promise<ClaimForReturn | null> {
    let events: ClaimEvent[];
    try {
      events = (await this.store.readStream(claimStream(claimId))).map((e) =>
        claimEvents.decode(e),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    const filed = events.find((e) => e.type === 'ClaimFiled');
    if (!filed || filed.type !== 'ClaimFiled') return null;
    let approvedFor: string | null = null;
    for (const event of events) {
      if (event.type === 'ClaimApproved') approvedFor = event.data.resolution;
      else if (event.type !== 'ClaimFulfilmentStarted') approvedFor = null;
    }
    const { manufacturerId, retailerId, serialNumber } = filed.data;
    return { claimId, manufacturerId, retailerId, serialNumber, approvedFor };
  }
}
