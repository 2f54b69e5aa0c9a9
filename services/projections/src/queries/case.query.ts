import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ProjectionRunner, type ReadOptions } from '@warranty/read-models';
import type { Repository } from 'typeorm';
import { CLAIM_STATUS } from '../projections/claim-status.projection';
import { ClaimStatusView } from '../schema';
import { READ_MODELS_CONNECTION } from '../tokens';
import { type CaseView, describeCase } from './case-view';

/** The case status of one claim, as a customer-service screen shows it. */
@Injectable()
export class CaseQuery {
  constructor(
    @InjectRepository(ClaimStatusView, READ_MODELS_CONNECTION)
    private readonly claims: Repository<ClaimStatusView>,
    private readonly runner: ProjectionRunner,
  ) {}

  /** Null for a claim the read model does not hold. */
  async get(claimId: string, read: ReadOptions = {}): Promise<CaseView | null> {
    await this.runner.awaitRead(CLAIM_STATUS, read);
    const row = await this.claims.findOneBy({ claimId });
    return row ? describeCase(row) : null;
  }
}
