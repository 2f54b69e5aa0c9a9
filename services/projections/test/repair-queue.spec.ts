import { randomUUID } from 'node:crypto';
import type { RepairOrderEvent } from '@warranty/contracts/repairs';
import { RevisionGapError } from '@warranty/read-models';
import {
  REPAIR_QUEUE,
  RepairQueueProjection,
  RepairQueueQuery,
  RepairQueueRow,
  toRepairQueueItem,
} from '../src';
import { startProjections, type ProjectionsHarness } from './projections-harness';
import {
  newRepair,
  repairEvents,
  repairOpened,
  storedRepairEvent,
  type TestRepair,
} from './repair-events';

describe('repair_queue read model', () => {
  let harness: ProjectionsHarness;
  let manufacturerId: string;

  beforeAll(async () => {
    harness = await startProjections();
  });
  afterAll(async () => harness?.close());
  beforeEach(() => {
    manufacturerId = `m-${randomUUID().slice(0, 8)}`;
  });

  const repair = () =>
    newRepair({ manufacturerId, retailerId: 'shop-north', serviceCenterId: 'fixit-depot' });
  const append = async (r: TestRepair, ...events: RepairOrderEvent[]) =>
    (
      await harness.store.append(
        r.stream,
        events.map((e) => storedRepairEvent(e, r)),
        'any',
      )
    ).position;
  const row = async (r: TestRepair, position: bigint) => {
    expect(await harness.runner.waitFor(REPAIR_QUEUE, position)).toBe(true);
    return harness.dataSource
      .getRepository(RepairQueueRow)
      .findOneByOrFail({ repairOrderId: r.repairOrderId });
  };

  it('follows a covered repair through a failed quality check to closing, recording each step', async () => {
    const r = repair();
    const e = repairEvents(r);
    let position = await append(r, repairOpened(r, { claimId: 'claim-1', rmaId: 'rma-1' }));
    expect(await row(r, position)).toMatchObject({
      state: 'opened',
      manufacturerId,
      retailerId: 'shop-north',
      serviceCenterId: 'fixit-depot',
      claimId: 'claim-1',
      rmaId: 'rma-1',
      productId: `${manufacturerId}~SN-RP1`,
      serialNumber: 'SN-RP1',
      covered: true,
      technicianId: null,
      dueOn: '2026-06-15',
      lastRevision: 0,
    });
    const expected: Array<[RepairOrderEvent, string]> = [
      [e.assigned('2026-06-02T09:00:00.000Z'), 'assigned'],
      [e.diagnosed('2026-06-03T09:00:00.000Z'), 'diagnosed'],
      [e.partsOrdered('2026-06-03T10:00:00.000Z'), 'awaiting_parts'],
      [e.partsReceived('2026-06-05T09:00:00.000Z'), 'in_repair'],
      [e.completed('2026-06-06T09:00:00.000Z'), 'quality_check'],
      [e.qaFailed('2026-06-06T10:00:00.000Z'), 'in_repair'],
      [e.workLogged('2026-06-06T11:00:00.000Z'), 'in_repair'],
      [e.completed('2026-06-06T12:00:00.000Z'), 'quality_check'],
      [e.qaPassed('2026-06-06T13:00:00.000Z'), 'ready_to_ship'],
      [e.shipped('2026-06-07T09:00:00.000Z'), 'shipped'],
      [e.closed('2026-06-08T09:00:00.000Z'), 'closed'],
    ];
    for (const [event, state] of expected) {
      position = await append(r, event);
      expect((await row(r, position)).state).toBe(state);
    }
    const last = await row(r, position);
    expect(last).toMatchObject({
      technicianId: 'tech-7',
      findings: 'Worn drum bearing',
      faultCode: 'E21',
      qualityCheckFailures: 1,
      flagged: false,
      carrier: 'UPS',
      trackingNumber: '1Z-BACK',
      outcome: 'repaired',
      lastRevision: 11,
    });
    expect(last.lastEventAt.toISOString()).toBe('2026-06-08T09:00:00.000Z');
    // The first time each state was reached: the second quality check does not move it.
    expect(last.steps).toEqual({
      opened: '2026-06-01T09:00:00.000Z',
      assigned: '2026-06-02T09:00:00.000Z',
      diagnosed: '2026-06-03T09:00:00.000Z',
      awaiting_parts: '2026-06-03T10:00:00.000Z',
      in_repair: '2026-06-05T09:00:00.000Z',
      quality_check: '2026-06-06T09:00:00.000Z',
      ready_to_ship: '2026-06-06T13:00:00.000Z',
      shipped: '2026-06-07T09:00:00.000Z',
      closed: '2026-06-08T09:00:00.000Z',
    });
  });

  it('flags an order on its third failed quality check and moves a reassigned one to its new center', async () => {
    const r = repair();
    const e = repairEvents(r);
    const flagged = await append(
      r,
      repairOpened(r),
      e.assigned('2026-06-02T09:00:00.000Z'),
      e.diagnosed('2026-06-03T09:00:00.000Z'),
      e.completed('2026-06-04T09:00:00.000Z'),
      e.qaFailed('2026-06-04T10:00:00.000Z', 1),
      e.completed('2026-06-04T11:00:00.000Z'),
      e.qaFailed('2026-06-04T12:00:00.000Z', 2),
      e.completed('2026-06-04T13:00:00.000Z'),
      e.qaFailed('2026-06-04T14:00:00.000Z', 3),
    );
    expect(await row(r, flagged)).toMatchObject({
      state: 'in_repair',
      qualityCheckFailures: 3,
      flagged: true,
    });

    const moved = repair();
    const position = await append(
      moved,
      repairOpened(moved),
      repairEvents(moved).assigned('2026-06-02T09:00:00.000Z'),
      repairEvents(moved).reassigned('2026-06-03T09:00:00.000Z', 'other-depot'),
    );
    expect(await row(moved, position)).toMatchObject({
      state: 'opened',
      serviceCenterId: 'other-depot',
      technicianId: null,
      steps: {
        opened: '2026-06-01T09:00:00.000Z',
        assigned: '2026-06-02T09:00:00.000Z',
        reassigned: '2026-06-03T09:00:00.000Z',
      },
    });
  });

  it('names an unregistered unit by its manufacturer and serial', async () => {
    const r = repair();
    const position = await append(
      r,
      repairOpened(r, { productId: null, serialNumber: 'SN-NOREG' }),
    );
    expect(await row(r, position)).toMatchObject({ productId: `${manufacturerId}~SN-NOREG` });
  });

  it('ignores an event handed to it twice and refuses one that skips a revision', async () => {
    const r = repair();
    const e = repairEvents(r);
    const position = await append(
      r,
      repairOpened(r),
      e.assigned('2026-06-02T09:00:00.000Z'),
      e.diagnosed('2026-06-03T09:00:00.000Z'),
    );
    const before = await row(r, position);
    const [opened, assigned, diagnosed] = await harness.store.readStream(r.stream);
    const projection = harness.app.get(RepairQueueProjection);
    for (const event of [opened, assigned, diagnosed])
      await harness.dataSource.transaction((m) => projection.handle(event, m));
    // A stale event at an old revision changes nothing either.
    await harness.dataSource.transaction((m) =>
      projection.handle(
        { ...assigned, type: 'RepairOrderClosed', data: e.closed('x').data as never },
        m,
      ),
    );
    expect(await row(r, position)).toEqual(before);

    const skipping = { ...diagnosed, revision: 5, type: 'RepairCompleted' };
    await expect(
      harness.dataSource.transaction((m) => projection.handle(skipping, m)),
    ).rejects.toBeInstanceOf(RevisionGapError);
    const orphan = { ...diagnosed, streamId: `repair-${randomUUID()}` };
    await expect(
      harness.dataSource.transaction((m) => projection.handle(orphan, m)),
    ).rejects.toBeInstanceOf(RevisionGapError);
  });

  it('changes nothing when the log is replayed from the start', async () => {
    const r = repair();
    const e = repairEvents(r);
    const head = await append(
      r,
      repairOpened(r),
      e.assigned('2026-06-02T09:00:00.000Z'),
      e.diagnosed('2026-06-03T09:00:00.000Z', true),
    );
    expect(await harness.runner.waitFor(REPAIR_QUEUE, head)).toBe(true);
    const repository = harness.dataSource.getRepository(RepairQueueRow);
    const before = await repository.find({ order: { repairOrderId: 'ASC' } });
    expect(before.length).toBeGreaterThan(1);

    await harness.runner.stop();
    await harness.dataSource.query(
      `UPDATE projection_checkpoints SET position = NULL WHERE name = $1`,
      [REPAIR_QUEUE],
    );
    await harness.runner.start();
    expect(await harness.runner.waitFor(REPAIR_QUEUE, head)).toBe(true);
    expect(await repository.find({ order: { repairOrderId: 'ASC' } })).toEqual(before);
  });

  it('ignores the repair-rates streams, whose category only starts like repair', async () => {
    const position = await harness.append(`repairrates-${manufacturerId}~fixit-depot`, {
      id: randomUUID(),
      type: 'RepairRatesSet',
      data: { manufacturerId, serviceCenterId: 'fixit-depot' },
      metadata: {},
    });
    expect(await harness.runner.waitFor(REPAIR_QUEUE, position)).toBe(true);
    const page = await harness.app.get(RepairQueueQuery).list({ manufacturerId }, {}, '2026-06-15');
    expect(page.items).toEqual([]);
  });

  it('lists each order field by field as its row reads through the entity', async () => {
    const [fresh, assigned] = [repair(), repair()];
    await append(fresh, repairOpened(fresh, { claimId: 'claim-1', rmaId: 'rma-1' }));
    const position = await append(
      assigned,
      repairOpened(assigned),
      repairEvents(assigned).assigned('2026-06-02T09:00:00.123Z'),
    );
    const queue = harness.app.get(RepairQueueQuery);
    const { items } = await queue.list({ manufacturerId }, {}, '2026-06-20', {
      minPosition: position,
    });
    const entities = harness.dataSource.getRepository(RepairQueueRow);
    expect(items).toHaveLength(2);
    for (const item of items)
      expect(item).toEqual(
        toRepairQueueItem(
          await entities.findOneByOrFail({ repairOrderId: item.repairOrderId }),
          '2026-06-20',
        ),
      );
    expect(items.find((item) => item.repairOrderId === assigned.repairOrderId)).toMatchObject({
      dueOn: '2026-06-15',
      overdue: true,
      technicianId: 'tech-7',
    });
  });
});
