import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WORKFLOW_PROGRESS, type WorkflowProgress } from '@warranty/platform/workflow-progress';
import { ProjectionRunner, type ReadOptions } from '@warranty/read-models';
import type { DataSource, EntityManager } from 'typeorm';
import { CLAIM_STATUS } from '../projections/claim-status.projection';
import { REPAIR_QUEUE } from '../projections/repair-queue.projection';
import { RMA_QUEUE } from '../projections/rma-queue.projection';
import { ClaimStatusView, RepairQueueRow, RmaQueueRow } from '../schema';
import { READ_MODELS_CONNECTION } from '../tokens';
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
  ) {}

  /** Null for a claim the read model does not hold. */
  async get(claimId: string, read: ReadOptions = {}): Promise<CaseView | null> {
    // minPosition may be an RMA or repair step's position as well as a claim's.
    const settled = await workflowSettledRead(this.workflow, read);
    await Promise.all(
      [CLAIM_STATUS, RMA_QUEUE, REPAIR_QUEUE].map((name) => this.runner.awaitRead(name, settled)),
    );
    return readCase(this.dataSource.manager, claimId);
  }
}

/** The case from the read-model tables that `manager`'s connection sees; null without a claim row. */
export async function readCase(manager: EntityManager, claimId: string): Promise<CaseView | null> {
  const row = await manager.findOneBy(ClaimStatusView, { claimId });
  if (!row) return null;
  const rma = rmaOfClaim(await manager.findBy(RmaQueueRow, { claimId }), row.rmaId);
  // Opened on the claim, or on the claim's RMA (the workflow opens it from the inspection).
  const repairs = await manager.find(RepairQueueRow, {
    where: [{ claimId }, ...(rma ? [{ rmaId: rma.rmaId }] : [])],
  });
  return describeCase(row, rma, repairOfClaim(repairs, row.repairOrderId));
}
