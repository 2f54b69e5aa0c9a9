import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@warranty/event-store';
import { EventHandlers, type Projection, runStatement } from '@warranty/read-models';
import type { EntityManager } from 'typeorm';
import type { WarrantyPlanEvent } from '@warranty/contracts/registration';

export const WARRANTY_PLANS = 'warranty-plans';

/**
 * warranty_plans: one row per plan stream (`warrantyplan-{manufacturerId}~{code}`). A plan is
 * defined once, so a redelivery inserts nothing.
 */
@Injectable()
export class WarrantyPlansProjection implements Projection {
  private readonly handlers = new EventHandlers<WarrantyPlanEvent>(['warrantyplan-']).on(
    'WarrantyPlanDefined',
    async ({ data, revision }, manager) => {
      await runStatement(
        manager,
        `INSERT INTO warranty_plans (manufacturer_id, code, name, months, coverage_kinds,
           transferable, kind, defined_at, last_revision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (manufacturer_id, code) DO NOTHING`,
        [
          data.manufacturerId,
          data.code,
          data.name,
          data.months,
          data.coverage,
          data.transferable,
          data.kind,
          data.definedAt,
          revision,
        ],
      );
    },
  );
  readonly name = WARRANTY_PLANS;
  readonly tables = ['warranty_plans'];
  readonly filter = this.handlers.filter;

  handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    return this.handlers.handle(event, manager);
  }
}
