import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CoverageKind } from '@warranty/coverage';
import { ProjectionRunner, type ReadOptions } from '@warranty/read-models';
import { MoreThan, type Repository } from 'typeorm';
import { WARRANTY_PLANS } from '../projections/warranty-plans.projection';
import { WarrantyPlanView } from '../schema';
import { READ_MODELS_CONNECTION } from '../tokens';
import { decodeCursor, encodeCursor } from '@warranty/platform';

export const DEFAULT_PLAN_PAGE = 50;
export const MAX_PLAN_PAGE = 200;

export interface PageRequest {
  /** From the previous page's nextCursor; omitted for the first page. */
  cursor?: string;
  limit?: number;
}

export interface WarrantyPlanSummary {
  code: string;
  name: string;
  months: number;
  coverage: CoverageKind[];
  transferable: boolean;
  kind: 'base' | 'extension';
  definedAt: string;
}

export interface Page<Item> {
  items: Item[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** A manufacturer's warranty plans, ordered by code. */
@Injectable()
export class WarrantyPlansQuery {
  constructor(
    @InjectRepository(WarrantyPlanView, READ_MODELS_CONNECTION)
    private readonly plans: Repository<WarrantyPlanView>,
    private readonly runner: ProjectionRunner,
  ) {}

  /** Throws InputValidationError (field `cursor`) for a cursor this list did not return. */
  async list(
    manufacturerId: string,
    page: PageRequest = {},
    read: ReadOptions = {},
  ): Promise<Page<WarrantyPlanSummary>> {
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const requested = Number.isFinite(page.limit) ? Math.trunc(page.limit!) : DEFAULT_PLAN_PAGE;
    const limit = Math.min(Math.max(requested, 1), MAX_PLAN_PAGE);
    await this.runner.awaitRead(WARRANTY_PLANS, read);
    const rows = await this.plans.find({
      where: { manufacturerId, ...(after === undefined ? {} : { code: MoreThan(after) }) },
      order: { code: 'ASC' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit).map(toSummary);
    const nextCursor = rows.length > limit ? encodeCursor(items[items.length - 1].code) : null;
    return { items, nextCursor };
  }
}

const toSummary = (plan: WarrantyPlanView): WarrantyPlanSummary => ({
  code: plan.code,
  name: plan.name,
  months: plan.months,
  coverage: plan.coverageKinds,
  transferable: plan.transferable,
  kind: plan.kind,
  definedAt: plan.definedAt.toISOString(),
});
