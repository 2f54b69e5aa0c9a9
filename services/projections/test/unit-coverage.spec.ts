import { randomUUID } from 'node:crypto';
import { RevisionGapError } from '@warranty/read-models';
import { CoverageQuery, UNIT_COVERAGE, UnitCoverage, UnitCoverageProjection } from '../src';
import { startProjections, type ProjectionsHarness } from './projections-harness';
import { owner, productRegistered, stored, unit } from './registration-events';

describe('unit coverage read model', () => {
  let harness: ProjectionsHarness;
  let coverage: CoverageQuery;
  let manufacturerId: string;

  beforeAll(async () => {
    harness = await startProjections();
    coverage = harness.app.get(CoverageQuery);
  });
  afterAll(async () => harness?.close());
  beforeEach(() => {
    manufacturerId = `m-${randomUUID().slice(0, 8)}`;
  });

  const row = (productId: string) =>
    harness.dataSource.getRepository(UnitCoverage).findOneByOrFail({ productId });
  const register = async (serial: string, overrides = {}) => {
    const u = unit(manufacturerId, serial);
    const position = await harness.append(
      u.stream,
      stored(productRegistered(u, overrides), manufacturerId),
    );
    return { ...u, position };
  };
  const check = (serialNumber: string, on: string, kind = 'parts' as const, minPosition?: bigint) =>
    coverage.check({ manufacturerId, serialNumber, on, kind }, { minPosition });

  it('answers covered, with plan and end date, for a registered unit', async () => {
    const u = await register('SN-1');
    await expect(check('SN-1', '2026-06-01', 'parts', u.position)).resolves.toEqual({
      covered: true,
      reason: null,
      planCode: 'STD-24',
      endDate: '2028-01-09',
      productId: u.productId,
      unit: { manufacturerId, retailerId: 'retailer-1' },
    });
    expect(await row(u.productId)).toMatchObject({
      manufacturerId,
      serialNumber: 'SN-1',
      model: 'WM-900',
      category: 'washing_machine',
      retailerId: 'retailer-1',
      purchaseDate: '2026-01-10',
      planCode: 'STD-24',
      coverageKinds: ['parts', 'labor'],
      transferable: false,
      coverageStart: '2026-01-10',
      coverageEnd: '2028-01-09',
      coverageEndedOn: null,
      status: 'active',
      ownerCustomerId: 'cust-1',
      lastRevision: 0,
      updatedPosition: u.position,
    });
  });

  it('answers expired after the end date and kind_not_covered for a kind the plan lacks', async () => {
    const u = await register('SN-2');
    await expect(check('SN-2', '2028-01-10', 'parts', u.position)).resolves.toMatchObject({
      covered: false,
      reason: 'expired',
      endDate: '2028-01-09',
    });
    await expect(
      coverage.check({
        manufacturerId,
        serialNumber: 'SN-2',
        on: '2026-06-01',
        kind: 'accidental_damage',
      }),
    ).resolves.toMatchObject({ covered: false, reason: 'kind_not_covered', planCode: 'STD-24' });
  });

  it('answers voided and cancelled', async () => {
    const voided = await register('SN-3');
    const cancelled = await register('SN-4');
    await harness.append(
      voided.stream,
      stored(
        {
          type: 'WarrantyVoided',
          data: {
            productId: voided.productId,
            reason: 'tampering',
            notes: 'seal broken',
            voidedBy: 'inspector-1',
            voidedAt: '2026-03-01T10:00:00.000Z',
          },
        },
        manufacturerId,
      ),
    );
    const last = await harness.append(
      cancelled.stream,
      stored(
        {
          type: 'RegistrationCancelled',
          data: {
            productId: cancelled.productId,
            reason: 'returned_for_refund',
            notes: '',
            cancelledBy: 'retailer-1',
            cancelledAt: '2026-01-20T10:00:00.000Z',
          },
        },
        manufacturerId,
      ),
    );
    await expect(check('SN-3', '2026-06-01', 'parts', last)).resolves.toMatchObject({
      covered: false,
      reason: 'voided',
      productId: voided.productId,
    });
    await expect(check('SN-4', '2026-06-01')).resolves.toMatchObject({
      covered: false,
      reason: 'cancelled',
    });
    expect((await row(voided.productId)).status).toBe('voided');
    expect((await row(cancelled.productId)).lastRevision).toBe(1);
  });

  it('answers replaced for a unit an exchange replaced, and covers its replacement', async () => {
    const original = await register('SN-8');
    const replacement = await register('SN-8-R', { replacesProductId: original.productId });
    const position = await harness.append(
      original.stream,
      stored(
        {
          type: 'RegistrationCancelled',
          data: {
            productId: original.productId,
            reason: 'replaced',
            notes: `Replaced by ${replacement.productId} in an exchange`,
            cancelledBy: manufacturerId,
            cancelledAt: '2026-06-02T10:00:00.000Z',
            replacedByProductId: replacement.productId,
          },
        },
        manufacturerId,
      ),
    );
    await expect(check('SN-8', '2026-07-01', 'parts', position)).resolves.toMatchObject({
      covered: false,
      reason: 'replaced',
      endDate: null,
      productId: original.productId,
    });
    await expect(check('SN-8-R', '2026-07-01')).resolves.toMatchObject({ covered: true });
    expect(await row(original.productId)).toMatchObject({
      status: 'cancelled',
      replacedByProductId: replacement.productId,
    });
  });

  it('ends coverage of a non-transferable plan when the unit changes owner', async () => {
    const u = await register('SN-5');
    const position = await harness.append(
      u.stream,
      stored(
        {
          type: 'OwnershipTransferred',
          data: {
            productId: u.productId,
            previousOwner: owner('cust-1'),
            newOwner: owner('cust-2'),
            transferDate: '2026-06-01',
            coverageEndedOn: '2026-06-01',
          },
        },
        manufacturerId,
      ),
    );
    await expect(check('SN-5', '2026-07-01', 'parts', position)).resolves.toMatchObject({
      covered: false,
      reason: 'ownership_transferred',
      endDate: '2026-05-31',
    });
    await expect(check('SN-5', '2026-05-15')).resolves.toMatchObject({ covered: true });
    expect(await row(u.productId)).toMatchObject({
      ownerCustomerId: 'cust-2',
      coverageEndedOn: '2026-06-01',
    });
  });

  it('extends the end date and adds the kinds of an extension plan', async () => {
    const u = await register('SN-6');
    const position = await harness.append(
      u.stream,
      stored(
        {
          type: 'WarrantyExtended',
          data: {
            productId: u.productId,
            planCode: 'EXT-12',
            extraMonths: 12,
            coverage: ['labor', 'accidental_damage'],
            contractReference: 'C-991',
            previousEnd: '2028-01-09',
            newEnd: '2029-01-09',
            extendedAt: '2026-02-01T10:00:00.000Z',
          },
        },
        manufacturerId,
      ),
    );
    await expect(check('SN-6', '2028-06-01', 'parts', position)).resolves.toMatchObject({
      covered: true,
      planCode: 'EXT-12',
      endDate: '2029-01-09',
    });
    expect((await row(u.productId)).coverageKinds).toEqual(['parts', 'labor', 'accidental_damage']);
  });

  it('answers not_registered for an unknown serial', async () => {
    await expect(check('NEVER-SOLD', '2026-06-01')).resolves.toEqual({
      covered: false,
      reason: 'not_registered',
      planCode: null,
      endDate: null,
      productId: null,
      unit: { manufacturerId, retailerId: null },
    });
  });

  it('changes nothing when the log is replayed from the start', async () => {
    const u = await register('SN-7');
    // The position of our own last write: the store's head may lag behind it under load.
    const head = await harness.append(
      u.stream,
      stored(
        {
          type: 'OwnershipTransferred',
          data: {
            productId: u.productId,
            previousOwner: owner('cust-1'),
            newOwner: owner('cust-9'),
            transferDate: '2026-04-01',
            coverageEndedOn: null,
          },
        },
        manufacturerId,
      ),
    );

    expect(await harness.runner.waitFor(UNIT_COVERAGE, head)).toBe(true);
    const before = await harness.dataSource.getRepository(UnitCoverage).find();

    await harness.runner.stop();
    await harness.dataSource.query(
      `UPDATE projection_checkpoints SET position = NULL WHERE name = $1`,
      [UNIT_COVERAGE],
    );
    await harness.runner.start();
    expect(await harness.runner.waitFor(UNIT_COVERAGE, head)).toBe(true);
    expect(await harness.dataSource.getRepository(UnitCoverage).find()).toEqual(before);
  });

  it('ignores an event handed to it twice and refuses one that skips a revision', async () => {
    const u = await register('SN-8');
    await check('SN-8', '2026-06-01', 'parts', u.position);
    const [registered] = await harness.store.readStream(u.stream);
    const projection = harness.app.get(UnitCoverageProjection);
    await harness.dataSource.transaction((m) => projection.handle(registered, m));
    await harness.dataSource.transaction((m) =>
      projection.handle({ ...registered, type: 'WarrantyVoided', revision: 0 }, m),
    );
    expect(await row(u.productId)).toMatchObject({ status: 'active', lastRevision: 0 });

    const skipping = { ...registered, type: 'WarrantyVoided', revision: 2 };
    await expect(
      harness.dataSource.transaction((m) => projection.handle(skipping, m)),
    ).rejects.toBeInstanceOf(RevisionGapError);
  });

  it('resumes from its checkpoint after a restart', async () => {
    const u = await register('SN-9');
    expect(await harness.runner.waitFor(UNIT_COVERAGE, u.position)).toBe(true);
    await harness.runner.stop();
    const voided = await harness.append(
      u.stream,
      stored(
        {
          type: 'WarrantyVoided',
          data: {
            productId: u.productId,
            reason: 'unauthorized_repair',
            notes: '',
            voidedBy: 'inspector-2',
            voidedAt: '2026-05-01T10:00:00.000Z',
          },
        },
        manufacturerId,
      ),
    );
    expect(await harness.runner.waitFor(UNIT_COVERAGE, voided, 300)).toBe(false);
    await harness.runner.start();
    await expect(check('SN-9', '2026-06-01', 'parts', voided)).resolves.toMatchObject({
      reason: 'voided',
    });
    expect(await harness.runner.position(UNIT_COVERAGE)).toBe(voided);
  });
});
