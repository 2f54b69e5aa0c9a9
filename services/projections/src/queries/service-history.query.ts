import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ProjectionRunner, type ReadOptions } from '@warranty/read-models';
import type { Repository } from 'typeorm';
import { CLAIM_STATUS } from '../projections/claim-status.projection';
import { REPAIR_QUEUE } from '../projections/repair-queue.projection';
import { RMA_QUEUE } from '../projections/rma-queue.projection';
import { UNIT_COVERAGE } from '../projections/unit-coverage.projection';
import { ClaimStatusView, RepairQueueRow, RmaQueueRow, UnitCoverage } from '../schema';
import { READ_MODELS_CONNECTION } from '../tokens';
import { describeServiceHistory, type ServiceHistoryEntry } from './service-history';

/** `{manufacturerId}~{serial}`: a tenant id and a normalized serial, neither holding `~`. */
const PRODUCT_ID = /^([^~\s]{1,100})~([A-Z0-9._-]{1,64})$/;

export interface UnitServiceHistory {
  productId: string;
  manufacturerId: string;
  serialNumber: string;
  /** The retailer that sold the unit, from its registration; null for an unregistered unit. */
  retailerId: string | null;
  /** Oldest first. */
  entries: ServiceHistoryEntry[];
}

/** Every claim, RMA and repair on one unit, from the claim_status, rma_queue and repair_queue rows. */
@Injectable()
export class ServiceHistoryQuery {
  constructor(
    @InjectRepository(UnitCoverage, READ_MODELS_CONNECTION)
    private readonly units: Repository<UnitCoverage>,
    @InjectRepository(ClaimStatusView, READ_MODELS_CONNECTION)
    private readonly claims: Repository<ClaimStatusView>,
    @InjectRepository(RmaQueueRow, READ_MODELS_CONNECTION)
    private readonly rmas: Repository<RmaQueueRow>,
    @InjectRepository(RepairQueueRow, READ_MODELS_CONNECTION)
    private readonly repairs: Repository<RepairQueueRow>,
    private readonly runner: ProjectionRunner,
  ) {}

  /**
   * Null for a unit no read model knows. `onlyRetailerId` keeps the records of that retailer, so a
   * retailer never reads another retailer's claim on a unit it sold.
   */
  async get(
    productId: string,
    read: ReadOptions = {},
    onlyRetailerId?: string,
  ): Promise<UnitServiceHistory | null> {
    const identity = PRODUCT_ID.exec(productId);
    if (!identity) return null;
    await Promise.all(
      [UNIT_COVERAGE, CLAIM_STATUS, RMA_QUEUE, REPAIR_QUEUE].map((name) =>
        this.runner.awaitRead(name, read),
      ),
    );
    const [, manufacturerId, serialNumber] = identity;
    const unit = await this.units.findOneBy({ productId });
    const [claims, rmas, repairs] = await Promise.all([
      this.claims.findBy({ manufacturerId, serialNumber }),
      this.rmas
        .createQueryBuilder('r')
        .where('r.manufacturer_id = :manufacturerId', { manufacturerId })
        .andWhere(':serialNumber = ANY(r.serial_numbers)', { serialNumber })
        .getMany(),
      this.repairs.findBy({ productId }),
    ]);
    if (!unit && claims.length + rmas.length + repairs.length === 0) return null;
    const mine = <T extends { retailerId: string | null }>(rows: T[]) =>
      onlyRetailerId === undefined ? rows : rows.filter((r) => r.retailerId === onlyRetailerId);
    return {
      productId,
      manufacturerId,
      serialNumber,
      retailerId: unit?.retailerId ?? null,
      entries: describeServiceHistory(mine(claims), mine(rmas), mine(repairs)),
    };
  }
}
