import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@warranty/event-store';
import { parseStreamName } from '@warranty/eventsourcing';
import { type Projection, runStatement } from '@warranty/read-models';
import type { EntityManager } from 'typeorm';
import type { WarrantyPlanDefined } from '@warranty/contracts/registration';

export const WARRANTY_PLANS = 'warranty-plans';

/**
 * warranty_plans: one row per plan stream (`warrantyplan-{manufacturerId}~{code}`). A plan is
 * defined once, so a redelivery inserts nothing; later event types only move the row's revision.
 */
@Injectable()
export class WarrantyPlansProjection implements Projection {
  readonly name = WARRANTY_PLANS;
  readonly filter = { streamPrefixes: ['warrantyplan-'] };

  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    if (event.type !== 'WarrantyPlanDefined') {
      const { manufacturerId, code } = planKeyOf(event);
      await runStatement(
        manager,
        `UPDATE warranty_plans SET last_revision = $1
          WHERE manufacturer_id = $2 AND code = $3 AND last_revision = $1 - 1`,
        [event.revision, manufacturerId, code],
      );
      return;
    }
    const data = event.data as WarrantyPlanDefined['data'];
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
        event.revision,
      ],
    );
  }
}

/** Plan codes cannot contain `~`, so the last one separates manufacturer and code. */
function planKeyOf(event: RecordedEvent): { manufacturerId: string; code: string } {
  const { id } = parseStreamName(event.streamId);
  const split = id.lastIndexOf('~');
  return { manufacturerId: id.slice(0, split), code: id.slice(split + 1) };
}
