import { Injectable } from '@nestjs/common';
import { SLA_CATEGORY, type SlaStreamEvent, slaEvents, subjectKey } from '@warranty/contracts/sla';
import type { RecordedEvent } from '@warranty/event-store';
import { categoryPrefix, parseStreamName } from '@warranty/eventsourcing';
import { type Projection, runStatement } from '@warranty/read-models';
import type { EntityManager } from 'typeorm';

export const SLA_TIMERS = 'sla-timers';

type TimerOpening = Extract<SlaStreamEvent, { type: 'SlaStarted' | 'SlaNotComputable' }>['data'];

/** What a row takes from the event that opens it: subject, parties, budget, calendar and unit. */
const timerValues = (d: TimerOpening) => [
  d.subject.kind,
  d.subject.id,
  d.parties.manufacturerId,
  d.parties.retailerId,
  d.parties.serviceCenterId,
  d.parties.category,
  d.budgetMs,
  JSON.stringify(d.calendar),
  d.definition.target.unit,
];

/** sla_timers: one row per subject and SLA, from the `sla-` streams (the runner applies each revision once). */
@Injectable()
export class SlaTimersProjection implements Projection {
  readonly name = SLA_TIMERS;
  readonly filter = { streamPrefixes: [categoryPrefix(SLA_CATEGORY)] };
  readonly tables = ['sla_timers'];
  readonly writesOnly = true;

  async handle(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    if (parseStreamName(recorded.streamId).category !== SLA_CATEGORY) return;
    if (!slaEvents.owns(recorded.type)) return;
    const event = slaEvents.decode<SlaStreamEvent>(recorded);
    const key = subjectKey(event.data.subject);
    if (event.type === 'SlaReassigned') {
      const { manufacturerId, retailerId, serviceCenterId, category } = event.data.parties;
      await runStatement(
        manager,
        `UPDATE sla_timers SET manufacturer_id = $2, retailer_id = $3, service_center_id = $4,
           category = $5 WHERE subject_key = $1`,
        [key, manufacturerId, retailerId, serviceCenterId, category],
      );
      return;
    }
    const where = [key, event.data.sla];
    switch (event.type) {
      case 'SlaStarted': {
        const d = event.data;
        await runStatement(
          manager,
          `INSERT INTO sla_timers (subject_key, sla, subject_kind, subject_id, manufacturer_id,
             retailer_id, service_center_id, category, phase, budget_ms, calendar, target_unit,
             started_at, running_since, at_risk_at, due_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'running', $9, $10, $11, $12, $12, $13, $14)
           ON CONFLICT DO NOTHING`,
          [...where, ...timerValues(d), d.startedAt, d.atRiskAt, d.dueAt],
        );
        return;
      }
      case 'SlaNotComputable': {
        const d = event.data;
        // A paused SLA that could not resume keeps its row; one that never started gets one.
        await runStatement(
          manager,
          `INSERT INTO sla_timers (subject_key, sla, subject_kind, subject_id, manufacturer_id,
             retailer_id, service_center_id, category, phase, budget_ms, calendar, target_unit,
             started_at, running_since, not_computable_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'not_computable', $9, $10, $11, $12, $12, $13)
           ON CONFLICT (subject_key, sla) DO UPDATE SET phase = 'not_computable',
             at_risk_at = NULL, due_at = NULL, not_computable_reason = EXCLUDED.not_computable_reason`,
          [...where, ...timerValues(d), d.at, d.reason],
        );
        return;
      }
      case 'SlaPaused':
        return this.update(manager, where, `phase = 'paused', used_ms = $3`, [event.data.usedMs]);
      case 'SlaResumed':
        return this.update(
          manager,
          where,
          `phase = 'running', running_since = $3, at_risk_at = $4, due_at = $5`,
          [event.data.at, event.data.atRiskAt, event.data.dueAt],
        );
      case 'SlaAtRisk':
        return this.update(manager, where, `at_risk = true`, []);
      case 'SlaBreached':
        return this.update(manager, where, `at_risk = true, breached = true, breached_at = $3`, [
          event.data.at,
        ]);
      case 'SlaStopped':
        return this.update(
          manager,
          where,
          `phase = 'stopped', outcome = $3, used_ms = $4, stopped_at = $5`,
          [event.data.outcome, event.data.usedMs, event.data.at],
        );
    }
  }

  private async update(
    manager: EntityManager,
    where: string[],
    set: string,
    values: unknown[],
  ): Promise<void> {
    await runStatement(
      manager,
      `UPDATE sla_timers SET ${set} WHERE subject_key = $1 AND sla = $2`,
      [...where, ...values],
    );
  }
}
