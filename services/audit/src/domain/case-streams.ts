import { claimStream } from '@warranty/contracts/claims';
import { REPAIR_CATEGORY } from '@warranty/contracts/repairs';
import { RMA_CATEGORY } from '@warranty/contracts/returns';

/** The stream prefixes whose events may name a claim: its RMAs and its repair orders. */
export const CASE_STREAM_PREFIXES = [`${RMA_CATEGORY}-`, `${REPAIR_CATEGORY}-`];

/**
 * Collects the streams of one case from events in global order: RMAs whose events name the
 * claim, repair orders naming the claim or one of those RMAs (an RMA is authorized before its
 * repair order opens, so one pass finds both).
 */
export class CaseStreams {
  private readonly rmaIds = new Set<string>();
  private readonly streams: string[];

  constructor(readonly claimId: string) {
    this.streams = [claimStream(claimId)];
  }

  see(event: { streamId: string; data: Record<string, unknown> }): void {
    if (this.streams.includes(event.streamId)) return;
    const { claimId, rmaId } = event.data;
    if (event.streamId.startsWith(`${RMA_CATEGORY}-`) && claimId === this.claimId) {
      if (typeof rmaId === 'string') this.rmaIds.add(rmaId);
      this.streams.push(event.streamId);
    } else if (
      event.streamId.startsWith(`${REPAIR_CATEGORY}-`) &&
      (claimId === this.claimId || (typeof rmaId === 'string' && this.rmaIds.has(rmaId)))
    ) {
      this.streams.push(event.streamId);
    }
  }

  get streamIds(): readonly string[] {
    return this.streams;
  }
}
