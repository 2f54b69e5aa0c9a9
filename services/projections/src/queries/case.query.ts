import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, type Clock, systemClock } from '@warranty/eventsourcing';
import { WORKFLOW_PROGRESS, type WorkflowProgress } from '@warranty/platform/workflow-progress';
import { ProjectionRunner, type ReadOptions } from '@warranty/read-models';
import type { DataSource, EntityManager } from 'typeorm';
import { CASE_SLA } from '../projections/case-sla.projection';
import { CLAIM_STATUS } from '../projections/claim-status.projection';
import { REPAIR_QUEUE } from '../projections/repair-queue.projection';
import { RMA_QUEUE } from '../projections/rma-queue.projection';
import { ClaimStatusView, RepairQueueRow, RmaQueueRow } from '../schema';
import { READ_MODELS_CONNECTION } from '../tokens';
import { describeSlas, readCaseSlaRows } from './case-sla';
import { type CaseView, describeCase } from './case-view';
import { repairOfClaim } from './repair-case';
import { rmaOfClaim } from './rma-case';
import { workflowSettledRead } from './workflow-settled-read';

/** The case status of one claim, as a customer-service screen shows it. */
@Injectable()
export class CaseQuery {
  constructor(
    @InjectDataSource(READ_MODELS_CONNECTION) private readonly dataSource: DataSource,
    private readonly runner: ProjectionRunner,
    @Optional()
    @Inject(WORKFLOW_PROGRESS)
    private readonly workflow?: WorkflowProgress,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  /** Null for a claim the read model does not hold. */
  async get(claimId: string, read: ReadOptions = {}): Promise<CaseView | null> {
    // minPosition may be an RMA or repair step's position as well as a claim's.
    const settled = await workflowSettledRead(this.workflow, read);
    await Promise.all(
      [CLAIM_STATUS, RMA_QUEUE, REPAIR_QUEUE, CASE_SLA].map((name) =>
        this.runner.awaitRead(name, settled),
      ),
    );
    return readCase(this.dataSource.manager, claimId, this.clock.now());
  }
}

/**
 * The case from the read-model tables that `manager`'s connection sees, its SLAs' time left
 * reckoned at `now`; null without a claim row.
 */
export async function readCase(
  manager: EntityManager,
  claimId: string,
  now: Date,
): Promise<CaseView | null> {
  const row = await manager.findOneBy(ClaimStatusView, { claimId });
  if (!row) return null;
  const rma = rmaOfClaim(await manager.findBy(RmaQueueRow, { claimId }), row.rmaId);
  // Opened on the claim, or on the claim's RMA (the workflow opens it from the inspection).
  const repairs = await manager.find(RepairQueueRow, {
    where: [{ claimId }, ...(rma ? [{ rmaId: rma.rmaId }] : [])],
  });
  const repair = repairOfClaim(repairs, row.repairOrderId);
  const slaRows = await readCaseSlaRows(manager, [
    { kind: 'claim', id: claimId },
    { kind: 'rma', id: rma?.rmaId ?? row.rmaId },
    { kind: 'repair', id: repair?.repairOrderId ?? row.repairOrderId },
  ]);
  return describeCase(row, rma, repair, describeSlas(slaRows, now));
}
