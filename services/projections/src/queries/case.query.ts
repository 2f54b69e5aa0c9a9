import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ProjectionRunner, type ReadOptions } from '@warranty/read-models';
import type { Repository } from 'typeorm';
import { CLAIM_STATUS } from '../projections/claim-status.projection';
import { RMA_QUEUE } from '../projections/rma-queue.projection';
import { ClaimStatusView, RmaQueueRow } from '../schema';
import { READ_MODELS_CONNECTION } from '../tokens';
import { type CaseView, describeCase } from './case-view';
import { rmaOfClaim } from './rma-case';

/** The case status of one claim, as a customer-service screen shows it. */
@Injectable()
export class CaseQuery {
  constructor(
    @InjectRepository(ClaimStatusView, READ_MODELS_CONNECTION)
    private readonly claims: Repository<ClaimStatusView>,
    @InjectRepository(RmaQueueRow, READ_MODELS_CONNECTION)
    private readonly rmas: Repository<RmaQueueRow>,
    private readonly runner: ProjectionRunner,
  ) {}

  /** Null for a claim the read model does not hold. */
  async get(claimId: string, read: ReadOptions = {}): Promise<CaseView | null> {
    // minPosition may be an RMA step's position as well as a claim's.
    await Promise.all([
      this.runner.awaitRead(CLAIM_STATUS, read),
      this.runner.awaitRead(RMA_QUEUE, read),
    ]);
    const row = await this.claims.findOneBy({ claimId });
    if (!row) return null;
    const rmas = await this.rmas.findBy({ claimId });
    return describeCase(row, rmaOfClaim(rmas, row.rmaId));
  }
}
