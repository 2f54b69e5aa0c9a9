import { readModelsEntities, readModelsMigrations } from '@warranty/read-models';
import type { DataSourceOptions } from 'typeorm';
import { CaseTimelineEntry } from './case-timeline.entity';
import { ClaimStatusView } from './claim-status.entity';
import { UnitCoverage1795400001000 } from './migrations/1795400001000-unit-coverage';
import { WarrantyPlans1795400002000 } from './migrations/1795400002000-warranty-plans';
import { ClaimStatus1795400003000 } from './migrations/1795400003000-claim-status';
import { RmaQueue1795400004200 } from './migrations/1795400004200-rma-queue';
import { RepairQueue1795400005600 } from './migrations/1795400005600-repair-queue';
import { CaseTimeline1795400006800 } from './migrations/1795400006800-case-timeline';
import { RmaQueueExchangePending1795400007100 } from './migrations/1795400007100-rma-queue-exchange-pending';
import { CaseSla1795400009600 } from './migrations/1795400009600-case-sla';
import { ClaimSearch1795400010400 } from './migrations/1795400010400-claim-search';
import { UnitCoverageReplacedBy1795400010800 } from './migrations/1795400010800-unit-coverage-replaced-by';
import { RepairQueueRow } from './repair-queue.entity';
import { RmaQueueRow } from './rma-queue.entity';
import { UnitCoverage } from './unit-coverage.entity';
import { WarrantyPlanView } from './warranty-plan.entity';

export { UnitCoverage, type UnitCoverageStatus } from './unit-coverage.entity';
export { WarrantyPlanView } from './warranty-plan.entity';
export { CLAIM_STATES, type ClaimState, ClaimStatusView } from './claim-status.entity';
export { type RmaQueueLine, RmaQueueRow, type RmaSteps } from './rma-queue.entity';
export { RMA_QUEUE_STATES, type RmaQueueState } from './rma-queue-state';
export { RepairQueueRow, type RepairSteps } from './repair-queue.entity';
export { CaseTimelineEntry, type CaseTimelineSource } from './case-timeline.entity';

export const projectionEntities = [
  ...readModelsEntities,
  UnitCoverage,
  WarrantyPlanView,
  ClaimStatusView,
  RmaQueueRow,
  RepairQueueRow,
  CaseTimelineEntry,
];
export const projectionMigrations = [
  ...readModelsMigrations,
  UnitCoverage1795400001000,
  WarrantyPlans1795400002000,
  ClaimStatus1795400003000,
  RmaQueue1795400004200,
  RepairQueue1795400005600,
  CaseTimeline1795400006800,
  RmaQueueExchangePending1795400007100,
  CaseSla1795400009600,
  ClaimSearch1795400010400,
  UnitCoverageReplacedBy1795400010800,
];

/** The read-model database: schema by migrations only, applied on connect. */
export function readModelDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: projectionEntities,
    migrations: projectionMigrations,
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
    synchronize: false,
  };
}
