import { randomUUID } from 'node:crypto';
import { WarrantyPlansQuery } from '../src';
import { startProjections, type ProjectionsHarness } from './projections-harness';
import { planDefined, stored } from './registration-events';

describe('warranty plans read model', () => {
  let harness: ProjectionsHarness;
  let plans: WarrantyPlansQuery;

  beforeAll(async () => {
    harness = await startProjections();
    plans = harness.app.get(WarrantyPlansQuery);
  });
  afterAll(async () => harness?.close());

  const define = async (manufacturerId: string, code: string, overrides = {}) => {
    const { stream, event } = planDefined(manufacturerId, code, overrides);
    return harness.append(stream, stored(event, manufacturerId));
  };

  it('lists a manufacturer plans by code, a page at a time, with an opaque cursor', async () => {
    const manufacturerId = `m-${randomUUID().slice(0, 8)}`;
    for (const code of ['GOLD', 'BASIC', 'EXT-12', 'PLUS', 'ACC-1'])
      await define(manufacturerId, code);
    await define(`other-${manufacturerId}`, 'AAA');
    const last = await define(manufacturerId, 'EXT-24', {
      kind: 'extension',
      months: 24,
      coverage: ['accidental_damage'],
      transferable: false,
    });

    const first = await plans.list(manufacturerId, { limit: 2 }, { minPosition: last });
    expect(first.items.map((p) => p.code)).toEqual(['ACC-1', 'BASIC']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await plans.list(manufacturerId, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((p) => p.code)).toEqual(['EXT-12', 'EXT-24']);
    expect(second.items[1]).toEqual({
      code: 'EXT-24',
      name: 'Plan EXT-24',
      months: 24,
      coverage: ['accidental_damage'],
      transferable: false,
      kind: 'extension',
      definedAt: '2026-01-01T09:00:00.000Z',
    });
    const third = await plans.list(manufacturerId, { limit: 2, cursor: second.nextCursor! });
    expect(third).toEqual({
      items: [expect.objectContaining({ code: 'GOLD' }), expect.objectContaining({ code: 'PLUS' })],
      nextCursor: null,
    });
    expect((await plans.list(manufacturerId)).items).toHaveLength(6);
  });

  it('refuses a cursor it did not hand out', async () => {
    await expect(plans.list('m-any', { cursor: '!!not-base64url' })).rejects.toThrow(/cursor/);
  });

  it('stores a plan defined twice in the log once', async () => {
    const manufacturerId = `m-${randomUUID().slice(0, 8)}`;
    const position = await define(manufacturerId, 'STD-24');
    expect(await harness.runner.waitFor('warranty-plans', position)).toBe(true);
    const [event] = await harness.store.readStream(planDefined(manufacturerId, 'STD-24').stream);
    const projection = harness.runner;
    expect(await projection.position('warranty-plans')).toBeGreaterThanOrEqual(position);
    await harness.dataSource.query(
      `UPDATE projection_checkpoints SET position = NULL WHERE name = 'warranty-plans'`,
    );
    await harness.runner.stop();
    await harness.runner.start();
    expect(await harness.runner.waitFor('warranty-plans', event.position)).toBe(true);
    expect((await plans.list(manufacturerId)).items).toHaveLength(1);
  });
});
