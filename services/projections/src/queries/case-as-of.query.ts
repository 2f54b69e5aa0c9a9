import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { claimStream } from '@warranty/contracts/claims';
import { repairStream } from '@warranty/contracts/repairs';
import { rmaStream } from '@warranty/contracts/returns';
import { slaStream } from '@warranty/contracts/sla';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
  StreamNotFoundError,
} from '@warranty/event-store';
import { ApiProblem } from '@warranty/platform';
import type { Projection } from '@warranty/read-models';
import type { DataSource, EntityManager } from 'typeorm';
import { CaseSlaProjection } from '../projections/case-sla.projection';
import { ClaimStatusProjection } from '../projections/claim-status.projection';
import { RepairQueueProjection } from '../projections/repair-queue.projection';
import { RmaQueueProjection } from '../projections/rma-queue.projection';
import { upcastAll } from '../projections/upcast';
import { READ_MODELS_CONNECTION } from '../tokens';
import { readCase } from './case.query';
import type { CaseView } from './case-view';
import { eventsAsOf } from './events-as-of';

/**
 * The case as it stood at an instant: the case's events up to then, applied by the live
 * projections' own handlers to session-local copies of their tables, read by the live case query,
 * then rolled back, so the answer cannot drift from the live view and the live tables stay as
 * they are.
 */
@Injectable()
export class CaseAsOfQuery {
  private readonly projections: Projection[];

  constructor(
    @InjectDataSource(READ_MODELS_CONNECTION) private readonly dataSource: DataSource,
    claims: ClaimStatusProjection,
    rmas: RmaQueueProjection,
    repairs: RepairQueueProjection,
    slas: CaseSlaProjection,
    @Optional() @Inject(EVENT_STORE) private readonly store?: EventStore,
  ) {
    this.projections = [claims, rmas, repairs, slas];
  }

  /** Null when the claim had not been filed yet at `asOf`. */
  async get(claimId: string, asOf: Date): Promise<CaseView | null> {
    const store = this.store;
    if (!store)
      throw new ApiProblem(
        503,
        'event-store-unavailable',
        'Service unavailable',
        'This process has no event store to read the case as of an instant.',
      );
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const { manager } = runner;
      const streams = await caseStreams(manager, claimId);
      const events = eventsAsOf(await Promise.all(streams.map((s) => wholeStream(store, s))), asOf);
      if (!events.some((event) => event.streamId === claimStream(claimId))) return null;
      await this.localCopies(manager);
      for (const event of events.map(upcastAll))
        for (const projection of this.projections) await projection.handle(event, manager);
      // The SLAs' time left as it stood then.
      return await readCase(manager, claimId, asOf);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  /** Temporary tables shadow same-named ones (pg_temp is searched first); they go with the rollback. */
  private async localCopies(manager: EntityManager): Promise<void> {
    const [{ schema }] = (await manager.query(`SELECT current_schema() AS schema`)) as Array<{
      schema: string;
    }>;
    for (const table of this.projections.flatMap((p) => p.tables ?? []))
      await manager.query(
        `CREATE TEMP TABLE ${table} (LIKE "${schema}".${table} INCLUDING ALL) ON COMMIT DROP`,
      );
  }
}

/** The case's streams as the live read model knows them: the claim, its RMAs and repair orders, and their SLAs. */
async function caseStreams(manager: EntityManager, claimId: string): Promise<string[]> {
  const rmas = (await manager.query(
    `SELECT rma_id AS id FROM rma_queue WHERE claim_id = $1
      UNION SELECT rma_id FROM claim_status WHERE claim_id = $1 AND rma_id IS NOT NULL`,
    [claimId],
  )) as Array<{ id: string }>;
  const rmaIds = rmas.map((r) => r.id);
  const repairs = (await manager.query(
    `SELECT repair_order_id AS id FROM repair_queue WHERE claim_id = $1 OR rma_id = ANY($2::text[])
      UNION SELECT repair_order_id FROM claim_status
             WHERE claim_id = $1 AND repair_order_id IS NOT NULL`,
    [claimId, rmaIds],
  )) as Array<{ id: string }>;
  const repairIds = repairs.map((r) => r.id);
  return [
    claimStream(claimId),
    ...rmaIds.map(rmaStream),
    ...repairIds.map(repairStream),
    slaStream({ kind: 'claim', id: claimId }),
    ...rmaIds.map((id) => slaStream({ kind: 'rma', id })),
    ...repairIds.map((id) => slaStream({ kind: 'repair', id })),
  ];
}

async function wholeStream(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}
