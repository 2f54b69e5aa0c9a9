import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  assessCoverage,
  type CoverageAssessment,
  type CoverageKind,
  notRegistered,
} from '@warranty/coverage';
import { ProjectionRunner, type ReadOptions } from '@warranty/read-models';
import type { Repository } from 'typeorm';
import { REPAIR_QUEUE } from '../projections/repair-queue.projection';
import { UNIT_COVERAGE } from '../projections/unit-coverage.projection';
import { UnitCoverage } from '../schema';
import { READ_MODELS_CONNECTION } from '../tokens';

export interface CoverageCheck {
  manufacturerId: string;
  /** Already normalised. */
  serialNumber: string;
  /** YYYY-MM-DD */
  on: string;
  kind: CoverageKind;
}

export interface CoverageAnswer extends CoverageAssessment {
  productId: string | null;
  /** The parties of a registered unit, so the API can scope the answer. */
  unit: { manufacturerId: string; retailerId: string | null };
}

/** Is serial S covered on date D for kind K, until when, and if not, why not. */
@Injectable()
export class CoverageQuery {
  constructor(
    @InjectRepository(UnitCoverage, READ_MODELS_CONNECTION)
    private readonly units: Repository<UnitCoverage>,
    private readonly runner: ProjectionRunner,
  ) {}

  async check(check: CoverageCheck, read: ReadOptions = {}): Promise<CoverageAnswer> {
    // Who may see the answer depends on repair_queue (a service center's orders): wait for both.
    await Promise.all(
      [UNIT_COVERAGE, REPAIR_QUEUE].map((name) => this.runner.awaitRead(name, read)),
    );
    const unit = await this.units.findOneBy({
      manufacturerId: check.manufacturerId,
      serialNumber: check.serialNumber,
    });
    if (!unit) {
      return {
        ...notRegistered(),
        productId: null,
        unit: { manufacturerId: check.manufacturerId, retailerId: null },
      };
    }
    const assessment = assessCoverage(
      {
        status: unit.status,
        coverageStart: unit.coverageStart,
        coverageEnd: unit.coverageEnd,
        coverage: unit.coverageKinds,
        coverageEndedOn: unit.coverageEndedOn,
        planCode: unit.planCode,
        replacedByProductId: unit.replacedByProductId,
      },
      check.on,
      check.kind,
    );
    return {
      ...assessment,
      productId: unit.productId,
      unit: { manufacturerId: unit.manufacturerId, retailerId: unit.retailerId },
    };
  }
}
