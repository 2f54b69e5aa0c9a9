import { Injectable } from '@nestjs/common';
import { RMA_CATEGORY, type RmaAuthorized, type RmaEvent } from '@warranty/contracts/returns';
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
import type { RmaQueueLine, RmaSteps } from '../schema';
import { foldRmaQueue, type RmaQueueProgress } from './rma-queue.fold';

export const RMA_QUEUE = 'rma-queue';

type LaterEvent = Exclude<RmaEvent, { type: 'RmaAuthorized' }>;

const LATER_TYPES = [
  'ReturnShipped',
  'ReturnReceived',
  'ReturnInspected',
  'ExchangeShipped',
  'RefundIssued',
  'CreditIssued',
  'LineSwitchedToExchange',
  'LineDispositionApplied',
  'AdvanceExchangeDepositCharged',
  'RmaExpired',
  'RmaCancelled',
  'RmaClosed',
] as const satisfies readonly LaterEvent['type'][];

/**
 * rma_queue: one row per RMA stream. RmaAuthorized inserts it at revision 0 (a redelivery inserts
 * nothing); every later event is folded onto the row at the revision before it, so a redelivered
 * event changes nothing and a skipped one is a RevisionGapError.
 */
@Injectable()
export class RmaQueueProjection implements Projection {
  private readonly rows = new StreamRows('rma_queue', 'rma_id');
  private readonly handlers = LATER_TYPES.reduce(
    (handlers, type) => handlers.on(type, (event, manager) => this.advance(event, manager)),
    new EventHandlers<RmaEvent>([categoryPrefix(RMA_CATEGORY)]).on('RmaAuthorized', (event, m) =>
      this.authorized(event, m),
    ),
  )
    // A type this projection does not know yet still moves the row's revision.
    .onOtherTypes((event, manager) => this.rows.update(manager, event, '', []));
  readonly name = RMA_QUEUE;
  readonly tables = ['rma_queue'];
  readonly filter = this.handlers.filter;

  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    if (parseStreamName(event.streamId).category !== RMA_CATEGORY) return;
    await this.handlers.handle(event, manager);
  }

  private async authorized(event: Delivered<RmaAuthorized>, manager: EntityManager) {
    const { data } = event;
    const lines: RmaQueueLine[] = data.lines.map((line) => ({
      lineId: line.lineId,
      serialNumber: line.serialNumber,
      status: 'awaiting_return',
      applied: null,
      replacementShipped: false,
    }));
    const steps: RmaSteps = { authorized: data.at };
    await runStatement(
      manager,
      `INSERT INTO rma_queue (last_revision, updated_position, rma_id, rma_number, type, state,
         manufacturer_id, retailer_id, claim_id, lines, lines_count, serial_numbers, return_by,
         steps, authorized_at, last_event_at)
       VALUES ($1, $2, $3, $4, $5, 'authorized', $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
       ON CONFLICT (rma_id) DO NOTHING`,
      [
        event.revision,
        event.position.toString(),
        this.rows.keyOf(event),
        data.rmaNumber,
        data.type,
        data.manufacturerId,
        data.retailerId,
        data.claimId,
        JSON.stringify(lines),
        lines.length,
        lines.map((line) => line.serialNumber),
        data.returnBy,
        JSON.stringify(steps),
        data.at,
      ],
    );
  }

  private async advance(event: Delivered<LaterEvent>, manager: EntityManager): Promise<void> {
    const key = this.rows.keyOf(event);
    const { rows } = await runStatement<{
      state: RmaQueueProgress['state'];
      lines: RmaQueueLine[];
      shipped: boolean;
      steps: RmaSteps;
    }>(
      manager,
      `SELECT state, lines, carrier IS NOT NULL AS shipped, steps FROM rma_queue
        WHERE rma_id = $1 AND last_revision = $2 - 1 FOR UPDATE`,
      [key, event.revision],
    );
    // Already applied (a redelivery) passes; anything else is a gap.
    if (rows.length === 0) return assertRevisionApplied(manager, 'rma_queue', 'rma_id', key, event);
    const later = { type: event.type, data: event.data } as LaterEvent;
    const next = foldRmaQueue(rows[0], later);
    const shipment =
      later.type === 'ReturnShipped'
        ? [later.data.carrier, later.data.trackingNumber]
        : [null, null];
    await this.rows.update(
      manager,
      event,
      `state = $4, lines = $5, steps = $6, last_event_at = $7,
       carrier = COALESCE($8, carrier), tracking_number = COALESCE($9, tracking_number)`,
      [
        next.state,
        JSON.stringify(next.lines),
        JSON.stringify(next.steps),
        event.data.at,
        ...shipment,
      ],
    );
  }
}
