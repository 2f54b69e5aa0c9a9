import {
  assessCoverage,
  type CoverageFacts,
  effectiveCoverageEnd,
  isCoverageKind,
  notRegistered,
} from '../src';

const facts: CoverageFacts = {
  status: 'active',
  coverageStart: '2026-01-10',
  coverageEnd: '2028-01-09',
  coverage: ['parts', 'labor'],
  coverageEndedOn: null,
  planCode: 'STD-24',
  replacedByProductId: null,
};

const notCovered = (reason: string, endDate: string | null) => ({
  covered: false,
  planCode: 'STD-24',
  endDate,
  reason,
});

describe('assessCoverage', () => {
  it('covers every day from start to end inclusive for a listed kind', () => {
    const covered = { covered: true, planCode: 'STD-24', endDate: '2028-01-09', reason: null };
    expect(assessCoverage(facts, '2026-01-10', 'parts')).toEqual(covered);
    expect(assessCoverage(facts, '2028-01-09', 'labor')).toEqual(covered);
    expect(assessCoverage(facts, '2027-02-28', 'parts')).toEqual(covered);
  });

  it('is not yet started before the start', () => {
    expect(assessCoverage(facts, '2026-01-09', 'parts')).toEqual(
      notCovered('not_yet_started', '2028-01-09'),
    );
  });

  it('is expired after the end', () => {
    expect(assessCoverage(facts, '2028-01-10', 'parts')).toEqual(
      notCovered('expired', '2028-01-09'),
    );
  });

  it('does not cover a kind the plan leaves out', () => {
    expect(assessCoverage(facts, '2026-05-01', 'accidental_damage')).toEqual(
      notCovered('kind_not_covered', '2028-01-09'),
    );
  });

  it('covers nothing once voided or cancelled', () => {
    expect(assessCoverage({ ...facts, status: 'voided' }, '2026-05-01', 'parts')).toEqual(
      notCovered('voided', null),
    );
    expect(assessCoverage({ ...facts, status: 'cancelled' }, '2026-05-01', 'parts')).toEqual(
      notCovered('cancelled', null),
    );
  });

  it('covers nothing once an exchange replaced the unit, and says so', () => {
    const replaced = { ...facts, status: 'cancelled' as const, replacedByProductId: 'acme~R-1' };
    expect(assessCoverage(replaced, '2026-05-01', 'parts')).toEqual(notCovered('replaced', null));
  });

  it('ends on the day before a non-transferable unit changed owner', () => {
    const transferred = { ...facts, coverageEndedOn: '2026-06-01' };
    expect(effectiveCoverageEnd(transferred)).toBe('2026-05-31');
    expect(assessCoverage(transferred, '2026-05-31', 'parts')).toEqual({
      covered: true,
      planCode: 'STD-24',
      endDate: '2026-05-31',
      reason: null,
    });
    expect(assessCoverage(transferred, '2026-06-01', 'parts')).toEqual(
      notCovered('ownership_transferred', '2026-05-31'),
    );
    expect(assessCoverage(transferred, '2029-01-01', 'parts')).toEqual(
      notCovered('ownership_transferred', '2026-05-31'),
    );
  });

  it('reports expiry when the owner changed only after the end', () => {
    const late = { ...facts, coverageEndedOn: '2028-01-10' };
    expect(effectiveCoverageEnd(late)).toBe('2028-01-09');
    expect(assessCoverage(late, '2028-02-01', 'parts')).toEqual(
      notCovered('expired', '2028-01-09'),
    );
  });

  it('refuses a malformed date', () => {
    expect(() => assessCoverage(facts, '2026-02-30', 'parts')).toThrow(RangeError);
  });
});

describe('notRegistered and coverage kinds', () => {
  it('answers for a unit never registered', () => {
    expect(notRegistered()).toEqual({
      covered: false,
      planCode: null,
      endDate: null,
      reason: 'not_registered',
    });
  });

  it('knows the coverage kinds', () => {
    expect(isCoverageKind('accidental_damage')).toBe(true);
    expect(isCoverageKind('theft')).toBe(false);
  });
});
