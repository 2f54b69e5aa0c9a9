import { Injectable } from '@nestjs/common';
import { SLA_CATEGORY, type SlaTimerEvent, parseSubjectKey } from '@warranty/contracts/sla';
import type { RecordedEvent } from '@warranty/event-store';
import { categoryPrefix, parseStreamName } from '@warranty/eventsourcing';
import {
  assertRevisionApplied,
  type Projection,
  runStatement,
  StreamRows,
} from '@warranty/read-models';
import type { EntityManager } from 'typeorm';
import { type CaseSlaTimer, foldCaseSlas } from './case-sla.fold';

export const CASE_SLA = 'case-sla';

const TIMER_TYPES = new Set<string>([
  'SlaStarted',
  'SlaPaused',
  'SlaResumed',
  'SlaAtRisk',
  'SlaBreached',
  'SlaStopped',
  'SlaNotComputable',
] satisfies SlaTimerEvent['type'][]);

/**
 * case_sla: one row per `sla-` stream (a claim, RMA or repair order), its SLAs folded into one
 * JSON list. Revision 0 inserts the row; every later event is folded onto the row at the revision
 * before it, so a redelivery changes nothing and a skipped event is a RevisionGapError.
 */
@Injectable()
export class CaseSlaProjection implements Projection {
  private readonly rows = new StreamRows('case_sla', 'subject_key');
  readonly name = CASE_SLA;
  readonly tables = ['case_sla'];
  readonly filter = { streamPrefixes: [categoryPrefix(SLA_CATEGORY)] };

  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    if (parseStreamName(event.streamId).category !== SLA_CATEGORY) return;
    // A type this projection does not know yet still moves the row's revision.
    if (!TIMER_TYPES.has(event.type)) return this.rows.update(manager, event, '', []);
    const timerEvent = { type: event.type, data: event.data } as SlaTimerEvent;
    if (event.revision === 0) return this.first(event, timerEvent, manager);
    const key = this.rows.keyOf(event);
    const { rows } = await runStatement<{ timers: CaseSlaTimer[] }>(
      manager,
      `SELECT timers FROM case_sla WHERE subject_key = $1 AND last_revision = $2 - 1 FOR UPDATE`,
      [key, event.revision],
    );
    // Already applied (a redelivery) passes; anything else is a gap.
    if (rows.length === 0)
      return assertRevisionApplied(manager, 'case_sla', 'subject_key', key, event);
    const timers = foldCaseSlas(rows[0].timers, timerEvent);
    await this.rows.update(manager, event, 'timers = $4', [JSON.stringify(timers)]);
  }

  private async first(event: RecordedEvent, timerEvent: SlaTimerEvent, manager: EntityManager) {
    const key = this.rows.keyOf(event);
    const subject = parseSubjectKey(key);
    if (!subject) throw new Error(`Not an SLA subject stream: ${event.streamId}`);
    await runStatement(
      manager,
      `INSERT INTO case_sla (subject_key, subject_kind, subject_id, timers, last_revision,
         updated_position)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (subject_key) DO NOTHING`,
      [
        key,
        subject.kind,
        subject.id,
        JSON.stringify(foldCaseSlas([], timerEvent)),
        event.revision,
        event.position.toString(),
      ],
    );
  }
}
