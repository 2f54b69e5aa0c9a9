import { Injectable } from '@nestjs/common';
import { CLAIM_CATEGORY } from '@warranty/contracts/claims';
import { REPAIR_CATEGORY } from '@warranty/contracts/repairs';
import { RMA_CATEGORY, rmaStream } from '@warranty/contracts/returns';
import type { EventFilter, RecordedEvent } from '@warranty/event-store';
import { categoryPrefix, type EventMetadata, parseStreamName } from '@warranty/eventsourcing';
import { type Projection, runStatement } from '@warranty/read-models';
import type { EntityManager } from 'typeorm';
import type { CaseTimelineSource } from '../schema';
import { type CaseTimelineEvent, timelineWords } from './case-timeline.words';

export const CASE_TIMELINE = 'case-timeline';

const SOURCES: Record<string, CaseTimelineSource> = {
  [CLAIM_CATEGORY]: 'claim',
  [RMA_CATEGORY]: 'rma',
  [REPAIR_CATEGORY]: 'repair',
};

interface Link {
  claim_id: string | null;
  label: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

interface TimelineRow {
  stream_id: string;
  revision: number;
  position: string;
  claim_id: string | null;
  source: CaseTimelineSource;
  subject_id: string;
  type: string;
  actor_role: string | null;
  description: string;
  at: string;
}

function timelineRow(event: RecordedEvent, source: CaseTimelineSource, link: Link): TimelineRow {
  const typed = { type: event.type, data: event.data } as CaseTimelineEvent;
  return {
    stream_id: event.streamId,
    revision: event.revision,
    position: event.position.toString(),
    claim_id: link.claim_id,
    source,
    subject_id: parseStreamName(event.streamId).id,
    type: event.type,
    actor_role: (event.metadata as Partial<EventMetadata>).actor?.role ?? null,
    description: timelineWords(source, typed, { label: link.label }),
    at:
      text(event.data.at) ??
      text(event.data.filedAt) ??
      text(event.metadata.occurredAt) ??
      event.recordedAt.toISOString(),
  };
}

/**
 * case_timeline: every event of every claim, RMA and repair order, one row per (stream, revision),
 * filed under its claim. An RMA names its claim in RmaAuthorized; a repair names its claim or only
 * its RMA, whose RmaAuthorized may arrive later on Kafka: rows wait with no claim until it does.
 */
@Injectable()
export class CaseTimelineProjection implements Projection {
  readonly name = CASE_TIMELINE;
  readonly tables = ['case_timeline', 'case_timeline_links'];
  readonly filter: EventFilter = {
    streamPrefixes: Object.keys(SOURCES).map(categoryPrefix),
  };

  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const { category, id } = parseStreamName(event.streamId);
    const source = SOURCES[category];
    if (source === undefined) return;
    const typed = { type: event.type, data: event.data } as CaseTimelineEvent;
    if (typed.type === 'RmaAuthorized')
      await this.link(manager, event.streamId, typed.data.claimId, null, typed.data.rmaNumber);
    if (typed.type === 'RepairOrderOpened')
      await this.link(manager, event.streamId, typed.data.claimId, typed.data.rmaId, id);
    const link =
      source === 'claim'
        ? { claim_id: id, label: id }
        : ((await this.linkOf(manager, event.streamId)) ?? { claim_id: null, label: id });
    await this.insert(manager, [timelineRow(event, source, link)]);
  }

  /**
   * A batch: a claim's rows need nothing read, so they go in one statement at the end (nothing in
   * the batch touches a claim's rows); RMA and repair events are handled one by one, in order.
   */
  async handleBatch(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    const claimRows: TimelineRow[] = [];
    for (const event of events) {
      const { category, id } = parseStreamName(event.streamId);
      if (SOURCES[category] === 'claim')
        claimRows.push(timelineRow(event, 'claim', { claim_id: id, label: id }));
      else await this.handle(event, manager);
    }
    await this.insert(manager, claimRows);
  }

  private async insert(manager: EntityManager, rows: TimelineRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runStatement(
      manager,
      `INSERT INTO case_timeline (stream_id, revision, position, claim_id, source, subject_id,
         type, actor_role, description, at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, revision int,
         position bigint, claim_id text, source text, subject_id text, type text, actor_role text,
         description text, at timestamptz)
       ON CONFLICT (stream_id, revision) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  private async linkOf(manager: EntityManager, streamId: string): Promise<Link | null> {
    const { rows } = await runStatement<Link>(
      manager,
      `SELECT claim_id, label FROM case_timeline_links WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0] ?? null;
  }

  /** Records which claim the stream belongs to, and files whatever already waited for it. */
  private async link(
    manager: EntityManager,
    streamId: string,
    claimId: string | null,
    rmaId: string | null,
    label: string,
  ): Promise<void> {
    const claim =
      claimId ??
      (rmaId ? ((await this.linkOf(manager, rmaStream(rmaId)))?.claim_id ?? null) : null);
    await runStatement(
      manager,
      `INSERT INTO case_timeline_links (stream_id, claim_id, rma_id, label) VALUES ($1, $2, $3, $4)
       ON CONFLICT (stream_id) DO NOTHING`,
      [streamId, claim, rmaId, label],
    );
    if (claim === null || parseStreamName(streamId).category !== RMA_CATEGORY) return;
    // Repair orders opened on this RMA before its authorization reached the timeline.
    const rma = parseStreamName(streamId).id;
    await runStatement(
      manager,
      `UPDATE case_timeline_links SET claim_id = $1 WHERE rma_id = $2 AND claim_id IS NULL`,
      [claim, rma],
    );
    await runStatement(
      manager,
      `UPDATE case_timeline SET claim_id = $1
        WHERE claim_id IS NULL
          AND stream_id IN (SELECT stream_id FROM case_timeline_links WHERE rma_id = $2)`,
      [claim, rma],
    );
  }
}
