import { deciderSpecification } from '@warranty/testing';
import {
  type ReserveRmaNumber,
  type RmaNumberReserved,
  reservedNumber,
  rmaNumbersDecider,
} from '../../src/domain/rma-numbers';

const spec = deciderSpecification(rmaNumbersDecider);
const at = '2026-06-15T10:00:00.000Z';

const reserve = (rmaId: string, year = 2026): ReserveRmaNumber => ({
  type: 'ReserveRmaNumber',
  manufacturerId: 'acme',
  rmaId,
  year,
  at,
});
const reserved = (rmaId: string, sequence: number, year = 2026): RmaNumberReserved => ({
  type: 'RmaNumberReserved',
  data: {
    manufacturerId: 'acme',
    rmaId,
    year,
    sequence,
    rmaNumber: `RMA-${year}-${String(sequence).padStart(6, '0')}`,
    at,
  },
});

describe("A manufacturer's RMA numbers", () => {
  it('starts each year at 1 and counts on without gaps', () => {
    spec
      .given([])
      .when(reserve('a'))
      .then([reserved('a', 1)]);
    spec
      .given([reserved('a', 1), reserved('b', 2)])
      .when(reserve('c'))
      .then([reserved('c', 3)]);
    spec
      .given([reserved('a', 1), reserved('b', 2)])
      .when(reserve('c', 2027))
      .then([reserved('c', 1, 2027)]);
  });

  it('answers a second reservation for the same RMA with nothing: its number stands', () => {
    spec
      .given([reserved('a', 1), reserved('b', 2), reserved('c', 3)])
      .when(reserve('b'))
      .thenNothing();
  });

  it('finds every RMA’s number in a long history, oldest and newest alike', () => {
    const history = Array.from({ length: 10_000 }, (_, i) => reserved(`rma-${i}`, i + 1));
    const state = history.reduce(rmaNumbersDecider.evolve, rmaNumbersDecider.initialState);
    expect(reservedNumber(state, 'rma-0')).toBe('RMA-2026-000001');
    expect(reservedNumber(state, 'rma-9999')).toBe('RMA-2026-010000');
    expect(reservedNumber(state, 'rma-new')).toBeUndefined();
    expect(rmaNumbersDecider.decide(reserve('rma-new'), state)).toEqual([
      reserved('rma-new', 10_001),
    ]);
    expect(rmaNumbersDecider.decide(reserve('rma-5000'), state)).toEqual([]);
  });
});
