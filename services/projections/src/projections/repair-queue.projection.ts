import { Injectable } from '@nestjs/common';
import { productIdFor } from '@warranty/coverage';
import {
  REPAIR_CATEGORY,
  type RepairOrderEvent,
  type RepairOrderOpened,
} from '@warranty/contracts/repairs';
import type { RecordedEvent } from '@warranty/event-store';
import { categoryPrefix, parseStreamName } from '@warranty/eventsourcing';
import {
  assertRevisionApplied,
  type Delivered,
  EventHandlers,
  type Projection,
  runStatement,
  StreamRows,
} from '@warranty/read-models';
import type { EntityManager } from 'typeorm';
import type { RepairSteps } from '../schema';
import {
  foldRepairQueue,
  type LaterRepairEvent,
  type RepairQueueProgress,
} from './repair-queue.fold';

export const REPAIR_QUEUE = 'repair-queue';

/** Calendar days from opening to the last day the unit should still be in the shop. */
export const REPAIR_TURNAROUND_DAYS = 14;

const LATER_TYPES = [
  'TechnicianAssigned',
  'DiagnosisRecorded',
  'EstimateApproved',
  'EstimateDeclined',
  'PartsOrdered',
  'PartsReceived',
  'RepairWorkLogged',
  'RepairCompleted',
  'QualityCheckPassed',
  'QualityCheckFailed',
  'UnitShippedBack',
  'RepairOrderClosed',
  'UnrepairableDeclared',
  'RepairOrderReassigned',
] as const satisfies readonly LaterRepairEvent['type'][];

const PROGRESS_COLUMNS = `state, service_center_id AS "serviceCenterId", technician_id AS "technicianId",
  findings, fault_code AS "faultCode", quality_check_failures AS "qualityCheckFailures", flagged,
  carrier, tracking_number AS "trackingNumber", outcome, steps`;

/** YYYY-MM-DD, `days` after the UTC day of `instant`. */
const dayAfter = (instant: string, days: number) =>
  new Date(Date.parse(`${instant.slice(0, 10)}T00:00:00.000Z`) + days * 86_400_000)
    .toISOString()
    .slice(0, 10);

/**
 * repair_queue: one row per repair order stream. RepairOrderOpened inserts it at revision 0 (a
 * redelivery inserts nothing); every later event is folded onto the row at the revision before
 * it, so a redelivered event changes nothing and a skipped one is a RevisionGapError.
 */
@Injectable()
export class RepairQueueProjection implements Projection {
  private readonly rows = new StreamRows('repair_queue', 'repair_order_id');
  private readonly handlers = LATER_TYPES.reduce(
    (handlers, type) => handlers.on(type, (event, manager) => this.advance(event, manager)),
    new EventHandlers<RepairOrderEvent>([categoryPrefix(REPAIR_CATEGORY)]).on(
      'RepairOrderOpened',
      (event, m) => this.opened(event, m),
    ),
  )
    // A type this projection does not know yet still moves the row's revision.
    .onOtherTypes((event, manager) => this.rows.update(manager, event, '', []));
  readonly name = REPAIR_QUEUE;
  readonly tables = ['repair_queue'];
  readonly filter = this.handlers.filter;

  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    if (parseStreamName(event.streamId).category !== REPAIR_CATEGORY) return;
    await this.handlers.handle(event, manager);
  }

  private async opened(event: Delivered<RepairOrderOpened>, manager: EntityManager) {
    const { data } = event;
    const steps: RepairSteps = { opened: data.at };
    await runStatement(
      manager,
      `INSERT INTO repair_queue (last_revision, updated_position, repair_order_id, state,
         manufacturer_id, retailer_id, service_center_id, claim_id, rma_id, product_id,
         serial_number, covered, reported_defect, steps, opened_at, due_on, last_event_at)
       VALUES ($1, $2, $3, 'opened', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14)
       ON CONFLICT (repair_order_id) DO NOTHING`,
      [
        event.revision,
        event.position.toString(),
        this.rows.keyOf(event),
        data.manufacturerId,
        data.retailerId,
        data.serviceCenterId,
        data.claimId,
        data.rmaId,
        // An unregistered unit still has one name, so its history gathers in one place.
        data.productId ?? productIdFor(data.manufacturerId, data.serialNumber),
        data.serialNumber,
        data.covered,
        data.reportedDefect,
        JSON.stringify(steps),
        data.at,
        dayAfter(data.at, REPAIR_TURNAROUND_DAYS),
      ],
    );
  }

  private async advance(event: Delivered<LaterRepairEvent>, manager: EntityManager) {
    const key = this.rows.keyOf(event);
    const { rows } = await runStatement<RepairQueueProgress>(
      manager,
      `SELECT ${PROGRESS_COLUMNS} FROM repair_queue
        WHERE repair_order_id = $1 AND last_revision = $2 - 1 FOR UPDATE`,
      [key, event.revision],
    );
    // Already applied (a redelivery) passes; anything else is a gap.
    if (rows.length === 0)
      return assertRevisionApplied(manager, 'repair_queue', 'repair_order_id', key, event);
    const next = foldRepairQueue(rows[0], {
      type: event.type,
      data: event.data,
    } as LaterRepairEvent);
    await this.rows.update(
      manager,
      event,
      `state = $4, service_center_id = $5, technician_id = $6, findings = $7, fault_code = $8,
       quality_check_failures = $9, flagged = $10, carrier = $11, tracking_number = $12,
       outcome = $13, steps = $14, last_event_at = $15`,
      [
        next.state,
        next.serviceCenterId,
        next.technicianId,
        next.findings,
        next.faultCode,
        next.qualityCheckFailures,
        next.flagged,
        next.carrier,
        next.trackingNumber,
        next.outcome,
        JSON.stringify(next.steps),
        event.data.at,
      ],
    );
  }
}
