import { randomUUID } from 'node:crypto';
import { RevisionGapError } from '@warranty/read-models';
import type { RmaEvent } from '@warranty/contracts/returns';
import { RMA_QUEUE, RmaQueueProjection, RmaQueueQuery, RmaQueueRow, toRmaQueueItem } from '../src';
import { startProjections, type ProjectionsHarness } from './projections-harness';
import { newRma, rmaAuthorized, rmaEvents, storedRmaEvent, type TestRma } from './rma-events';

describe('rma_queue read model', () => {
  let harness: ProjectionsHarness;
  let queue: RmaQueueQuery;
  let manufacturerId: string;

  beforeAll(async () => {
    harness = await startProjections();
    queue = harness.app.get(RmaQueueQuery);
  });
  afterAll(async () => harness?.close());
  beforeEach(() => {
    manufacturerId = `m-${randomUUID().slice(0, 8)}`;
  });

  const rma = () => newRma({ manufacturerId, retailerId: 'shop-north' });
  const append = async (r: TestRma, ...events: RmaEvent[]) =>
    (
      await harness.store.append(
        r.stream,
        events.map((e) => storedRmaEvent(e, r)),
        'any',
      )
    ).position;
  const row = async (r: TestRma, position: bigint) => {
    expect(await harness.runner.waitFor(RMA_QUEUE, position)).toBe(true);
    return harness.dataSource.getRepository(RmaQueueRow).findOneByOrFail({ rmaId: r.rmaId });
  };

  it('follows a single-unit RMA through every step, recording when each state was reached', async () => {
    const r = rma();
    const e = rmaEvents(r);
    let position = await append(r, rmaAuthorized(r, { claimId: 'claim-1', serials: ['SN-X'] }));
    expect(await row(r, position)).toMatchObject({
      state: 'authorized',
      type: 'warranty_return',
      manufacturerId,
      retailerId: 'shop-north',
      claimId: 'claim-1',
      linesCount: 1,
      serialNumbers: ['SN-X'],
      returnBy: '2026-06-20',
      carrier: null,
      lastRevision: 0,
    });
    const expected: Array<[RmaEvent, string]> = [
      [e.shipped('2026-06-02T09:00:00.000Z'), 'in_transit'],
      [e.received('2026-06-04T09:00:00.000Z'), 'received'],
      [e.inspected('2026-06-05T09:00:00.000Z'), 'inspected'],
      [e.exchangeShipped('2026-06-06T09:00:00.000Z'), 'exchanged'],
      [e.closed('2026-06-07T09:00:00.000Z'), 'closed'],
    ];
    for (const [event, state] of expected) {
      position = await append(r, event);
      expect((await row(r, position)).state).toBe(state);
    }
    const last = await row(r, position);
    expect(last).toMatchObject({ carrier: 'DHL', trackingNumber: 'JD0001', lastRevision: 5 });
    expect(last.lastEventAt.toISOString()).toBe('2026-06-07T09:00:00.000Z');
    expect(last.steps).toEqual({
      authorized: '2026-06-01T09:00:00.000Z',
      in_transit: '2026-06-02T09:00:00.000Z',
      received: '2026-06-04T09:00:00.000Z',
      inspected: '2026-06-05T09:00:00.000Z',
      exchanged: '2026-06-06T09:00:00.000Z',
      closed: '2026-06-07T09:00:00.000Z',
    });
  });

  it('holds a multi-unit RMA at its least advanced line and ends mixed when lines differ', async () => {
    const r = rma();
    const e = rmaEvents(r);
    await append(
      r,
      rmaAuthorized(r, { serials: ['SN-1', 'SN-2'] }),
      e.shipped('2026-06-02T09:00:00.000Z'),
    );
    let position = await append(r, e.received('2026-06-03T09:00:00.000Z', 'line-1', 'SN-1'));
    expect(await row(r, position)).toMatchObject({ state: 'in_transit', linesCount: 2 });
    position = await append(
      r,
      e.received('2026-06-04T09:00:00.000Z', 'line-2', 'SN-2'),
      e.inspected('2026-06-05T09:00:00.000Z', 'line-1', 'refund'),
      e.inspected('2026-06-05T10:00:00.000Z', 'line-2', 'repair'),
      e.refunded('2026-06-06T09:00:00.000Z', 'line-1'),
    );
    const partly = await row(r, position);
    expect(partly.state).toBe('inspected');
    expect(partly.steps.received).toBe('2026-06-04T09:00:00.000Z');
    position = await append(r, e.repaired('2026-06-07T09:00:00.000Z', 'line-2'));
    expect((await row(r, position)).state).toBe('mixed');
  });

  it('shows an RMA whose line was switched from repair to an exchange as exchange_pending until the replacement ships', async () => {
    const r = rma();
    const e = rmaEvents(r);
    await append(
      r,
      rmaAuthorized(r, { claimId: 'claim-1', serials: ['SN-R1'] }),
      e.shipped('2026-06-02T09:00:00.000Z'),
      e.received('2026-06-03T09:00:00.000Z'),
    );
    let position = await append(r, e.inspected('2026-06-04T09:00:00.000Z', 'line-1', 'repair'));
    expect((await row(r, position)).state).toBe('inspected');
    position = await append(r, e.switchedToExchange('2026-06-10T09:00:00.000Z'));
    const pending = await row(r, position);
    expect(pending.state).toBe('exchange_pending');
    expect(pending.steps.exchange_pending).toBe('2026-06-10T09:00:00.000Z');
    const listed = await queue.list(
      { manufacturerId, state: 'exchange_pending' },
      {},
      '2026-06-15',
    );
    expect(listed.items.map((item) => item.rmaId)).toEqual([r.rmaId]);
    position = await append(r, e.exchangeShipped('2026-06-11T09:00:00.000Z'));
    expect((await row(r, position)).state).toBe('exchanged');
  });

  it('completes an advance exchange by inspection, or by the deposit when the unit never came back', async () => {
    const returned = rma();
    const e = rmaEvents(returned);
    const position = await append(
      returned,
      rmaAuthorized(returned, { type: 'advance_exchange' }),
      e.exchangeShipped('2026-06-01T10:00:00.000Z', 'line-1', true),
      e.received('2026-06-03T09:00:00.000Z'),
      e.inspected('2026-06-04T09:00:00.000Z'),
    );
    expect((await row(returned, position)).state).toBe('exchanged');

    const kept = rma();
    const k = rmaEvents(kept);
    const charged = await append(
      kept,
      rmaAuthorized(kept, { type: 'advance_exchange' }),
      k.exchangeShipped('2026-06-01T10:00:00.000Z', 'line-1', true),
    );
    expect((await row(kept, charged)).state).toBe('authorized');
    const later = await append(kept, k.depositCharged('2026-06-21T00:00:00.000Z'));
    expect((await row(kept, later)).state).toBe('exchanged');
  });

  it('ends for good on expiry and cancellation', async () => {
    const expired = rma();
    const cancelled = rma();
    const a = await append(
      expired,
      rmaAuthorized(expired),
      rmaEvents(expired).expired('2026-06-21T00:00:00.000Z'),
    );
    const b = await append(
      cancelled,
      rmaAuthorized(cancelled),
      rmaEvents(cancelled).shipped('2026-06-02T09:00:00.000Z'),
      rmaEvents(cancelled).cancelled('2026-06-03T09:00:00.000Z'),
    );
    expect((await row(expired, a)).state).toBe('expired');
    expect(await row(cancelled, b)).toMatchObject({ state: 'cancelled', carrier: 'DHL' });
  });

  it('ignores an event handed to it twice and refuses one that skips a revision', async () => {
    const r = rma();
    const e = rmaEvents(r);
    const position = await append(
      r,
      rmaAuthorized(r),
      e.shipped('2026-06-02T09:00:00.000Z'),
      e.received('2026-06-03T09:00:00.000Z'),
    );
    const before = await row(r, position);
    const [authorized, shipped, received] = await harness.store.readStream(r.stream);
    const projection = harness.app.get(RmaQueueProjection);
    for (const event of [authorized, shipped, received])
      await harness.dataSource.transaction((m) => projection.handle(event, m));
    // A stale event at an old revision changes nothing either.
    await harness.dataSource.transaction((m) =>
      projection.handle({ ...shipped, type: 'RmaCancelled', data: e.cancelled('x').data }, m),
    );
    expect(await row(r, position)).toEqual(before);

    const skipping = { ...received, revision: 5, type: 'RmaClosed' };
    await expect(
      harness.dataSource.transaction((m) => projection.handle(skipping, m)),
    ).rejects.toBeInstanceOf(RevisionGapError);
    const orphan = { ...received, streamId: `rma-${randomUUID()}` };
    await expect(
      harness.dataSource.transaction((m) => projection.handle(orphan, m)),
    ).rejects.toBeInstanceOf(RevisionGapError);
  });

  it('changes nothing when the log is replayed from the start', async () => {
    const r = rma();
    const e = rmaEvents(r);
    const head = await append(
      r,
      rmaAuthorized(r, { serials: ['SN-1', 'SN-2'] }),
      e.shipped('2026-06-02T09:00:00.000Z'),
      e.received('2026-06-03T09:00:00.000Z', 'line-1', 'SN-1'),
    );
    expect(await harness.runner.waitFor(RMA_QUEUE, head)).toBe(true);
    const repository = harness.dataSource.getRepository(RmaQueueRow);
    const before = await repository.find({ order: { rmaId: 'ASC' } });
    expect(before.length).toBeGreaterThan(1);

    await harness.runner.stop();
    await harness.dataSource.query(
      `UPDATE projection_checkpoints SET position = NULL WHERE name = $1`,
      [RMA_QUEUE],
    );
    await harness.runner.start();
    expect(await harness.runner.waitFor(RMA_QUEUE, head)).toBe(true);
    expect(await repository.find({ order: { rmaId: 'ASC' } })).toEqual(before);
  });

  it('ignores the RMA-number counter streams, whose category only starts like rma', async () => {
    const position = await harness.append(`rmanumbers-${manufacturerId}`, {
      id: randomUUID(),
      type: 'RmaNumberReserved',
      data: { manufacturerId, year: 2026, sequence: 1 },
      metadata: {},
    });
    expect(await harness.runner.waitFor(RMA_QUEUE, position)).toBe(true);
    const page = await queue.list({ manufacturerId }, {}, '2026-06-15');
    expect(page.items).toEqual([]);
  });

  it('lists each RMA field by field as its row reads through the entity', async () => {
    const [open, shipped] = [rma(), rma()];
    await append(open, rmaAuthorized(open, { claimId: 'claim-1', serials: ['SN-A', 'SN-B'] }));
    const position = await append(
      shipped,
      rmaAuthorized(shipped, { serials: ['SN-C'] }),
      rmaEvents(shipped).shipped('2026-06-02T09:00:00.123Z'),
    );
    const { items } = await queue.list({ manufacturerId }, {}, '2026-06-25', {
      minPosition: position,
    });
    const entities = harness.dataSource.getRepository(RmaQueueRow);
    expect(items).toHaveLength(2);
    for (const item of items)
      expect(item).toEqual(
        toRmaQueueItem(await entities.findOneByOrFail({ rmaId: item.rmaId }), '2026-06-25'),
      );
    expect(items.find((item) => item.rmaId === open.rmaId)).toMatchObject({
      returnBy: '2026-06-20',
      overdue: true,
      serialNumbers: ['SN-A', 'SN-B'],
    });
  });
});
