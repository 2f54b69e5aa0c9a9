import { Injectable } from '@nestjs/common';
import { CLAIM_CATEGORY } from '@warranty/contracts/claims';
import { partiesNamedIn } from '@warranty/contracts/parties';
import { REPAIR_CATEGORY } from '@warranty/contracts/repairs';
import { RMA_CATEGORY } from '@warranty/contracts/returns';
import {
  type SlaParties,
  type SlaSubject,
  type SlaSubjectKind,
  slaStream,
} from '@warranty/contracts/sla';
import type { RecordedEvent } from '@warranty/event-store';
import { categoryPrefix, parseStreamName } from '@warranty/eventsourcing';
import type { Projection } from '@warranty/read-models';
import { SLA_ACTOR, SlaDeadlines } from '../application/sla-deadlines';
import { SlaStreams } from '../application/sla-streams';
import { UnitCategories } from '../application/unit-categories';
import { slasStartedBy } from '../domain/sla-policy';
import type { SlaToStart } from '../domain/sla-timer.decider';
import type { ObservedEvent } from '../domain/sla-triggers';

export const SLA_TRACKER = 'sla-tracker';

const SUBJECT_KINDS: Record<string, SlaSubjectKind> = {
  [CLAIM_CATEGORY]: 'claim',
  [RMA_CATEGORY]: 'rma',
  [REPAIR_CATEGORY]: 'repair',
};

/**
 * Feeds every claim, RMA and repair event to its subject's SLA stream. Runs on the ProjectionRunner
 * for its checkpoint, retries and parking; its effect is in the event store, where the event id as
 * command id makes a redelivery write nothing. The event's own time decides, never the feed's.
 */
@Injectable()
export class SlaTrackerProjection implements Projection {
  readonly name = SLA_TRACKER;
  readonly filter = { streamPrefixes: Object.keys(SUBJECT_KINDS).map(categoryPrefix) };

  constructor(
    private readonly streams: SlaStreams,
    private readonly deadlines: SlaDeadlines,
    private readonly categories: UnitCategories,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    const kind = SUBJECT_KINDS[parseStreamName(event.streamId).category];
    if (!kind) return;
    const subject: SlaSubject = { kind, id: parseStreamName(event.streamId).id };
    const observed: ObservedEvent = {
      id: event.id,
      type: event.type,
      data: event.data,
      at: new Date(
        typeof event.metadata.occurredAt === 'string'
          ? event.metadata.occurredAt
          : event.recordedAt,
      ).toISOString(),
    };
    const result = await this.streams.timers.handle(
      slaStream(subject),
      { type: 'Observe', subject, event: observed, start: await this.toStart(kind, observed) },
      {
        actor: SLA_ACTOR,
        correlationId: String(event.metadata.correlationId ?? event.id),
        causationId: event.id,
        commandId: `sla:${event.id}`,
      },
    );
    await this.deadlines.schedule(subject, result.state);
  }

  private async toStart(kind: SlaSubjectKind, event: ObservedEvent): Promise<SlaToStart[]> {
    const named = partiesNamedIn(event.data);
    if (!named) return [];
    const policy = await this.streams.policyFor(named.manufacturerId);
    const slas = slasStartedBy(policy, kind, event, named.retailerId);
    if (slas.length === 0) return [];
    const calendar =
      (await this.streams.calendar(policy.calendarId)) ?? (await this.streams.calendar('default'))!;
    const parties: SlaParties = { ...named, category: await this.categories.of(event.data) };
    return slas.map((definition) => ({ definition, calendar, parties }));
  }
}
