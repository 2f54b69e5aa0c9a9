import { Inject, Injectable } from '@nestjs/common';
import { CLAIM_CATEGORY } from '@warranty/contracts/claims';
import { REPAIR_CATEGORY } from '@warranty/contracts/repairs';
import { RMA_CATEGORY } from '@warranty/contracts/returns';
import {
  SETTLEMENT_CATEGORY,
  settlementEvents,
  type SettlementRecorded,
  type SettlementReversed,
} from '@warranty/contracts/settlement';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@warranty/event-store';
import { categoryPrefix } from '@warranty/eventsourcing';
import type { Projection } from '@warranty/read-models';
import type { EntityManager } from 'typeorm';
import { upcastForSettlement } from './upcast';
import {
  type CaseFacts,
  evolveCaseFacts,
  NO_FACTS,
  OWING_EVENTS,
  type Payable,
  payableOf,
} from '../domain/payables';

export const SETTLEMENT_PAYABLES = 'settlement-payables';

/**
 * settlement_payables: what each case event makes a manufacturer owe, and which settlement paid it;
 * settlements: every payment recorded. Inserts are keyed by payable and settlement id, so a
 * redelivered event changes nothing; a settlement carries its payables whole, so it lands right
 * even when its ledger's topic is read ahead of the cases' topics.
 */
@Injectable()
export class PayablesProjection implements Projection {
  readonly name = SETTLEMENT_PAYABLES;
  /** Only the events that owe or pay reach it: the other case events would only move its checkpoint. */
  readonly filter = {
    streamPrefixes: [CLAIM_CATEGORY, RMA_CATEGORY, REPAIR_CATEGORY, SETTLEMENT_CATEGORY].map(
      categoryPrefix,
    ),
    eventTypes: [...OWING_EVENTS, ...settlementEvents.types],
  };
  readonly tables = ['settlement_payables', 'settlements'];

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    if (event.type === 'SettlementRecorded')
      return this.recorded(event as unknown as SettlementRecorded & RecordedEvent, manager);
    if (event.type === 'SettlementReversed')
      return this.reversed(event as unknown as SettlementReversed & RecordedEvent, manager);
    if (!OWING_EVENTS.includes(event.type)) return;
    const at = typeof event.data.at === 'string' ? event.data.at : event.recordedAt.toISOString();
    const payable = payableOf(await this.factsBefore(event), event.type, event.data, at);
    if (payable) await this.owe(payable, manager);
  }

  /** The case as its events before this one told it. */
  private async factsBefore(event: RecordedEvent): Promise<CaseFacts> {
    if (event.revision === 0) return NO_FACTS;
    const earlier = await this.store.readStream(event.streamId, { maxCount: event.revision });
    return earlier
      .map(upcastForSettlement)
      .reduce((facts, previous) => evolveCaseFacts(facts, previous.type, previous.data), NO_FACTS);
  }

  private async owe(payable: Payable, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO settlement_payables (payable_id, manufacturer_id, payee_kind, payee_id,
         source_kind, source_id, line_id, amount, currency, owed_since)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (payable_id) DO NOTHING`,
      [
        payable.payableId,
        payable.manufacturerId,
        payable.payee.kind,
        payable.payee.id,
        payable.source.kind,
        payable.source.id,
        payable.source.lineId,
        payable.amount.amount,
        payable.amount.currency,
        payable.owedSince,
      ],
    );
  }

  private async recorded(
    event: SettlementRecorded & RecordedEvent,
    manager: EntityManager,
  ): Promise<void> {
    const { data } = event;
    const inserted: unknown[] = await manager.query(
      `INSERT INTO settlements (settlement_id, stream_id, manufacturer_id, payee_kind, payee_id,
         currency, total, items, reference, paid_on, note, recorded_by, recorded_at, revision,
         position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (settlement_id) DO NOTHING
       RETURNING 1`,
      [
        data.settlementId,
        event.streamId,
        data.manufacturerId,
        data.payee.kind,
        data.payee.id,
        data.total.currency,
        data.total.amount,
        JSON.stringify(data.items),
        data.reference,
        data.paidOn,
        data.note,
        data.by,
        data.at,
        event.revision,
        event.position.toString(),
      ],
    );
    if (inserted.length === 0) {
      const [existing] = (await manager.query(
        `SELECT stream_id FROM settlements WHERE settlement_id = $1`,
        [data.settlementId],
      )) as Array<{ stream_id: string }>;
      // A redelivery; anything else is two ledgers claiming one settlement id, which must not pass quietly.
      if (existing?.stream_id !== event.streamId)
        throw new Error(
          `Settlement ${data.settlementId} is recorded on ${existing?.stream_id} and on ${event.streamId}`,
        );
      return;
    }
    await manager.query(
      `INSERT INTO settlement_payables AS p (payable_id, manufacturer_id, payee_kind, payee_id,
         source_kind, source_id, line_id, amount, currency, owed_since, settlement_id, paid_on)
       SELECT item."payableId", $2, $3, $4, item.source->>'kind', item.source->>'id',
              item.source->>'lineId', (item.amount->>'amount')::bigint, item.amount->>'currency',
              item."owedSince"::timestamptz, $5, $6::date
         FROM jsonb_to_recordset($1::jsonb)
           AS item("payableId" text, source jsonb, amount jsonb, "owedSince" text)
       ON CONFLICT (payable_id) DO UPDATE
         SET settlement_id = EXCLUDED.settlement_id, paid_on = EXCLUDED.paid_on`,
      [
        JSON.stringify(data.items),
        data.manufacturerId,
        data.payee.kind,
        data.payee.id,
        data.settlementId,
        data.paidOn,
      ],
    );
  }

  private async reversed(
    event: SettlementReversed & RecordedEvent,
    manager: EntityManager,
  ): Promise<void> {
    const { data } = event;
    const [, reversed] = (await manager.query(
      `UPDATE settlements
          SET reversed_at = $2, reversal_reason = $3, reversed_by = $4, revision = $5
        WHERE settlement_id = $1 AND stream_id = $6 AND reversed_at IS NULL`,
      [data.settlementId, data.at, data.reason, data.by, event.revision, event.streamId],
    )) as [unknown, number];
    if (reversed === 0) return;
    await manager.query(
      `UPDATE settlement_payables SET settlement_id = NULL, paid_on = NULL WHERE settlement_id = $1`,
      [data.settlementId],
    );
  }
}
