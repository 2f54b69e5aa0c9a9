import { fold, IllegalStateError, RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { productDecider } from '../../src/domain/product.decider';
import {
  cancelled,
  extendWarranty,
  personalPlan,
  productRegistered,
  transferredToBob,
  voided,
  warrantyExtended,
} from './fixtures';

const spec = deciderSpecification(productDecider);

describe('ExtendWarranty', () => {
  it('moves the end by calendar months from the current end', () => {
    spec.given([productRegistered()]).when(extendWarranty()).then([warrantyExtended()]);
  });

  it('extends on the last covered day', () => {
    spec
      .given([productRegistered()])
      .when(extendWarranty({ extendedAt: '2028-01-09T23:59:59.000Z' }))
      .then([warrantyExtended({ extendedAt: '2028-01-09T23:59:59.000Z' })]);
  });

  it('chains extensions and unions the coverage kinds', () => {
    const events = [
      productRegistered(),
      warrantyExtended(),
      warrantyExtended({
        contractReference: 'CTR-2',
        planCode: 'EXT-6',
        extraMonths: 6,
        coverage: ['parts'],
        previousEnd: '2029-01-09',
        newEnd: '2029-07-09',
      }),
    ];
    spec
      .given(events.slice(0, 2))
      .when(
        extendWarranty({
          contractReference: 'CTR-2',
          planCode: 'EXT-6',
          extraMonths: 6,
          coverage: ['parts'],
        }),
      )
      .then([events[2]]);
    expect(fold(productDecider, events)).toMatchObject({
      coverageEnd: '2029-07-09',
      coverage: ['parts', 'labor', 'accidental_damage'],
      extensions: [{ contractReference: 'CTR-1' }, { contractReference: 'CTR-2' }],
    });
  });

  it('refuses an expired warranty', () => {
    spec
      .given([productRegistered()])
      .when(extendWarranty({ extendedAt: '2028-01-10T00:00:00.000Z' }))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe('expired');
        expect(e.code).toBe('warranty-expired');
      });
  });

  it('refuses a void warranty', () => {
    spec
      .given([productRegistered(), voided])
      .when(extendWarranty())
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => expect(e.state).toBe('voided'));
  });

  it('refuses a cancelled registration', () => {
    spec
      .given([productRegistered(), cancelled])
      .when(extendWarranty())
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => expect(e.state).toBe('cancelled'));
  });

  it('refuses coverage that ended when a non-transferable unit changed owner', () => {
    spec
      .given([
        productRegistered({ plan: personalPlan, coverageEnd: '2027-01-09' }),
        { ...transferredToBob, data: { ...transferredToBob.data, coverageEndedOn: '2026-06-01' } },
      ])
      .when(extendWarranty({ extendedAt: '2026-07-01T00:00:00Z' }))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe('coverage_ended');
        expect(e.code).toBe('coverage-ended-by-transfer');
      });
  });

  it('still extends after a transfer of a transferable plan', () => {
    spec
      .given([productRegistered(), transferredToBob])
      .when(extendWarranty())
      .then([warrantyExtended()]);
  });

  it('refuses a contract reference applied before', () => {
    spec
      .given([productRegistered(), warrantyExtended()])
      .when(extendWarranty())
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('contract-already-applied'),
      );
  });

  it.each([
    ['invalid-months', { extraMonths: 0 }],
    ['invalid-months', { extraMonths: 1.5 }],
    ['invalid-plan-code', { planCode: 'no spaces' }],
    ['duplicate-coverage-kind', { coverage: ['labor', 'labor'] }],
    ['unknown-coverage-kind', { coverage: ['theft'] }],
    ['contract-reference-required', { contractReference: ' ' }],
  ] as const)('refuses bad input with %s', (code, overrides) => {
    spec
      .given([productRegistered()])
      .when(extendWarranty(overrides as never))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => expect(e.code).toBe(code));
  });

  it('accepts an extension that only adds time', () => {
    spec
      .given([productRegistered()])
      .when(extendWarranty({ coverage: [] }))
      .then([warrantyExtended({ coverage: [] })]);
  });
});
