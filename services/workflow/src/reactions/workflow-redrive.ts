import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@warranty/event-store';
import { type Parked, redriveStart } from '../domain/parking';
import { isOutage } from './event-attempts';
import { decode, FulfilmentReactor } from './fulfilment.reactor';

export type RedriveResult =
  { redriven: true; event: RecordedEvent; sent: string[] } | { redriven: false; parked: Parked[] };

/** Runs in a row that find the case changed by the live run before a redrive gives up. */
const CASE_RACES = 3;

/**
 * An operator's second chance for what the workflow parked, once the cause is fixed: the event's
 * reaction runs again through the live run's own code, its commands with the same
 * Idempotency-Keys, so what went through the first time is answered again and written once.
 */
@Injectable()
export class WorkflowRedrive {
  private readonly logger = new Logger('WorkflowRedrive');

  constructor(
    private readonly reactor: FulfilmentReactor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Unparks the event when its reaction now runs to the end; otherwise it stays parked with the new
   * error. Undefined when nothing is parked for it; RedriveRunningError while another redrive runs.
   * An outage throws and leaves the entry as it was.
   */
  redrive(eventId: string): Promise<RedriveResult | undefined> {
    return this.reactor.book.withParked(eventId, async (parked, transaction) => {
      const start = redriveStart(parked);
      for (let race = 1; ; race++) {
        try {
          const event = await this.recorded(parked[0]);
          const decoded = decode(event);
          const before = start.kept ?? (await this.reactor.caseOf(decoded));
          const run = await this.reactor.runReaction(event, decoded, before);
          const change = start.recordsCase ? { before, after: run.case } : undefined;
          if (await transaction.record(event, { ...run, case: change })) {
            if (run.parked.length > 0)
              return { redriven: false, parked: await transaction.parked() };
            this.logger.log(`${event.streamId}@${event.revision} (${event.type}) re-driven`);
            return { redriven: true, event, sent: run.sent };
          }
          if (race === CASE_RACES)
            throw new Error(`the case changed under the redrive ${race} times in a row`);
        } catch (error) {
          if (this.reactor.stopped || isOutage(error)) throw error;
          await transaction.failedAgain(error instanceof Error ? error.message : String(error));
          return { redriven: false, parked: await transaction.parked() };
        }
      }
    });
  }

  private async recorded(parked: Parked): Promise<RecordedEvent> {
    const event = (await this.store.readStream(parked.streamId)).find(
      (e) => e.id === parked.eventId,
    );
    if (!event) throw new Error(`${parked.streamId} holds no event ${parked.eventId}`);
    return event;
  }
}
