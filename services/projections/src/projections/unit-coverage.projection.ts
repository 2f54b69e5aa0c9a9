import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@warranty/event-store';
import {
  type Delivered,
  EventHandlers,
  type Projection,
  runStatement,
  StreamRows,
} from '@warranty/read-models';
import type { EntityManager } from 'typeorm';
import type { ProductEvent, ProductRegistered } from '@warranty/contracts/registration';

export const UNIT_COVERAGE = 'unit-coverage';

const REGISTERED_COLUMNS = `manufacturer_id = $4, serial_number = $5, model = $6, category = $7,
  retailer_id = $8, purchase_date = $9, plan_code = $10, coverage_kinds = $11, transferable = $12,
  coverage_start = $13, coverage_end = $14, coverage_ended_on = NULL, status = 'active',
  owner_customer_id = $15, replaced_by_product_id = NULL`;

/**
 * unit_coverage: one row per product stream. Each event applies only on top of the revision
 * before it, so a redelivered event changes nothing and a skipped one is a RevisionGapError:
 * types it has no handler for only move the revision.
 */
@Injectable()
export class UnitCoverageProjection implements Projection {
  private readonly rows = new StreamRows('unit_coverage', 'product_id');
  private readonly handlers = new EventHandlers<ProductEvent>(['product-'])
    .on('ProductRegistered', (event, manager) => this.registered(event, manager))
    // Extensions add kinds; keep the existing order and list each kind once.
    .on('WarrantyExtended', (event, manager) =>
      this.rows.update(
        manager,
        event,
        `plan_code = $4, coverage_end = $5,
         coverage_kinds = coverage_kinds || ARRAY(
           SELECT k FROM unnest($6::text[]) AS k WHERE k <> ALL (coverage_kinds))`,
        [event.data.planCode, event.data.newEnd, event.data.coverage],
      ),
    )
    .on('OwnershipTransferred', (event, manager) =>
      this.rows.update(
        manager,
        event,
        `owner_customer_id = $4, coverage_ended_on = COALESCE(coverage_ended_on, $5::date)`,
        [event.data.newOwner.customerId, event.data.coverageEndedOn],
      ),
    )
    .on('WarrantyVoided', (event, manager) =>
      this.rows.update(manager, event, `status = 'voided'`, []),
    )
    .on('RegistrationCancelled', (event, manager) =>
      this.rows.update(manager, event, `status = 'cancelled', replaced_by_product_id = $4`, [
        event.data.replacedByProductId ?? null,
      ]),
    )
    // A type this projection does not know yet still moves the row's revision, so the next
    // known event is not taken for a gap.
    .onOtherTypes((event, manager) => this.rows.update(manager, event, '', []));
  readonly name = UNIT_COVERAGE;
  readonly tables = ['unit_coverage'];
  readonly filter = this.handlers.filter;

  handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    return this.handlers.handle(event, manager);
  }

  private async registered(
    event: Delivered<ProductRegistered>,
    manager: EntityManager,
  ): Promise<void> {
    const { data } = event;
    const values = [
      data.manufacturerId,
      data.serialNumber,
      data.model,
      data.category,
      data.retailerId,
      data.purchaseDate,
      data.plan.code,
      data.plan.coverage,
      data.plan.transferable,
      data.coverageStart,
      data.coverageEnd,
      data.owner.customerId,
    ];
    if (event.revision > 0) return this.rows.update(manager, event, REGISTERED_COLUMNS, values);
    await runStatement(
      manager,
      `INSERT INTO unit_coverage (last_revision, updated_position, product_id, manufacturer_id,
         serial_number, model, category, retailer_id, purchase_date, plan_code, coverage_kinds,
         transferable, coverage_start, coverage_end, owner_customer_id, coverage_ended_on, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULL, 'active')
       ON CONFLICT DO NOTHING`,
      [event.revision, event.position.toString(), this.rows.keyOf(event), ...values],
    );
  }
}
