import { assessCoverage, notRegistered } from '@warranty/coverage';
import { fold } from '@warranty/eventsourcing';
import type { ProductEvent } from '../../src/domain/events';
import { productDecider, toCoverageFacts } from '../../src/domain/product.decider';
import {
  cancelled,
  personalPlan,
  productRegistered,
  replacedBy,
  transferredToBob,
  voided,
  warrantyExtended,
} from './fixtures';

function assess(events: ProductEvent[], on: string, kind: 'parts' | 'accidental_damage' = 'parts') {
  const facts = toCoverageFacts(fold(productDecider, events));
  return facts ? assessCoverage(facts, on, kind) : notRegistered();
}

describe('toCoverageFacts', () => {
  it('has no facts for an unregistered unit', () => {
    expect(toCoverageFacts(productDecider.initialState)).toBeNull();
    expect(assess([], '2026-05-01')).toEqual(notRegistered());
  });

  it('reflects registration, extensions and their kinds', () => {
    const events = [productRegistered(), warrantyExtended()];
    expect(toCoverageFacts(fold(productDecider, events))).toEqual({
      status: 'active',
      coverageStart: '2026-01-10',
      coverageEnd: '2029-01-09',
      coverage: ['parts', 'labor', 'accidental_damage'],
      coverageEndedOn: null,
      planCode: 'STD-24',
      replacedByProductId: null,
    });
    expect(assess(events, '2029-01-09', 'accidental_damage')).toEqual({
      covered: true,
      planCode: 'STD-24',
      endDate: '2029-01-09',
      reason: null,
    });
  });

  it('ends a non-transferable plan on the transfer date', () => {
    const events: ProductEvent[] = [
      productRegistered({ plan: personalPlan, coverageEnd: '2027-01-09' }),
      { ...transferredToBob, data: { ...transferredToBob.data, coverageEndedOn: '2026-06-01' } },
    ];
    expect(assess(events, '2026-05-31')).toMatchObject({ covered: true, endDate: '2026-05-31' });
    expect(assess(events, '2026-06-01')).toMatchObject({
      covered: false,
      reason: 'ownership_transferred',
    });
  });

  it('reports void and cancelled units', () => {
    expect(assess([productRegistered(), voided], '2026-05-01').reason).toBe('voided');
    expect(assess([productRegistered(), voided, cancelled], '2026-05-01').reason).toBe('cancelled');
  });

  it('reports a unit an exchange replaced as replaced, with nothing in force', () => {
    expect(assess([productRegistered(), replacedBy('acme~REP-1')], '2026-05-01')).toEqual({
      covered: false,
      planCode: 'STD-24',
      endDate: null,
      reason: 'replaced',
    });
  });
});
