import { IllegalStateError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import {
  rmaUnitDecider,
  rmaUnitStream,
  type TakeUnitForRma,
  type UnitTakenByRma,
} from '../../src/domain/rma-units';

const spec = deciderSpecification(rmaUnitDecider);
const at = '2026-06-15T10:00:00.000Z';

const take = (rmaId: string, overrides: Partial<TakeUnitForRma> = {}): TakeUnitForRma => ({
  type: 'TakeUnitForRma',
  manufacturerId: 'acme',
  serialNumber: 'SN-1',
  rmaId,
  retailerId: 'acme-retail',
  at,
  ...overrides,
});
const taken = (
  rmaId: string,
  takenOverFrom: string | null = null,
  retailerId: string | null = 'acme-retail',
): UnitTakenByRma => ({
  type: 'UnitTakenByRma',
  data: {
    manufacturerId: 'acme',
    serialNumber: 'SN-1',
    rmaId,
    retailerId,
    takenOverFrom,
    at,
  },
});

describe("A unit's open RMA", () => {
  it('names one private stream per unit', () => {
    expect(rmaUnitStream('acme', 'SN-1')).toBe('rmaunit-acme~SN-1');
  });

  it('is taken by the first RMA for a free unit', () => {
    spec
      .given([])
      .when(take('rma-a'))
      .then([taken('rma-a')]);
  });

  it('answers a retry of the same RMA with nothing: its entry stands', () => {
    spec
      .given([taken('rma-a')])
      .when(take('rma-a'))
      .thenNothing();
    spec
      .given([taken('rma-x'), taken('rma-a', 'rma-x')])
      .when(take('rma-a', { staleHolder: 'rma-x' }))
      .thenNothing();
  });

  it('refuses another RMA while the holder stands, naming it and its retailer', () => {
    spec
      .given([taken('rma-a', null, 'bright-electronics')])
      .when(take('rma-b'))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.code).toBe('unit-on-open-rma');
        expect(e.kind).toBe('conflict');
        expect(e.details).toEqual({
          state: 'taken',
          rmaId: 'rma-a',
          retailerId: 'bright-electronics',
        });
      });
  });

  it('is taken over from the holder the caller found stale, and from no other', () => {
    spec
      .given([taken('rma-a')])
      .when(take('rma-b', { staleHolder: 'rma-a' }))
      .then([taken('rma-b', 'rma-a')]);
    // Another authorization took it over first: the new holder still refuses.
    spec
      .given([taken('rma-a'), taken('rma-c', 'rma-a')])
      .when(take('rma-b', { staleHolder: 'rma-a' }))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) =>
        expect(e.details).toMatchObject({ rmaId: 'rma-c' }),
      );
  });

  it('takes a free unit as free, whatever holder the caller expected', () => {
    spec
      .given([])
      .when(take('rma-b', { staleHolder: 'rma-a' }))
      .then([taken('rma-b')]);
  });
});
