import { fold, IllegalStateError, RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { productDecider } from '../../src/domain/product.decider';
import type { DefinedPlan } from '../../src/domain/warranty-plan.decider';
import {
  accidentalDamagePlan,
  cancelled,
  extendWarranty,
  personalPlan,
  productRegistered,
  standardPlan,
  transferredToBob,
  voided,
  warrantyExtended,
} from './fixtures';

const spec = deciderSpecification(productDecider);

const partsPlan: DefinedPlan = {
  code: 'EXT-6',
  months: 6,
  coverage: ['parts'],
  transferable: true,
  kind: 'extension',
};

/** Refused with a 400 naming `field`, and `code`. */
const refusedOn =
  (code: string, field: string, message?: RegExp) =>
  (error: RuleViolationError): void => {
    expect(error.code).toBe(code);
    expect(error.details.field).toBe(field);
    if (message) expect(error.message).toMatch(message);
  };

describe('ExtendWarranty', () => {
  it('moves the end by the plan’s calendar months from the current end', () => {
    spec.given([productRegistered()]).when(extendWarranty()).then([warrantyExtended()]);
  });

  it('takes months and coverage kinds from the plan when the caller leaves them out', () => {
    spec
      .given([productRegistered()])
      .when(extendWarranty({ extraMonths: undefined, coverage: undefined }))
      .then([warrantyExtended()]);
  });

  it('accepts the plan’s coverage kinds in another order', () => {
    const plan: DefinedPlan = { ...accidentalDamagePlan, coverage: ['labor', 'accidental_damage'] };
    spec
      .given([productRegistered()])
      .when(extendWarranty({ plan, coverage: ['accidental_damage', 'labor'] }))
      .then([warrantyExtended({ coverage: ['labor', 'accidental_damage'] })]);
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
          plan: partsPlan,
          extraMonths: undefined,
          coverage: undefined,
        }),
      )
      .then([events[2]]);
    expect(fold(productDecider, events)).toMatchObject({
      coverageEnd: '2029-07-09',
      coverage: ['parts', 'labor', 'accidental_damage'],
      extensions: [{ contractReference: 'CTR-1' }, { contractReference: 'CTR-2' }],
    });
  });

  it('renews the same plan under another contract', () => {
    spec
      .given([productRegistered(), warrantyExtended()])
      .when(extendWarranty({ contractReference: 'CTR-2' }))
      .then([
        warrantyExtended({
          contractReference: 'CTR-2',
          previousEnd: '2029-01-09',
          newEnd: '2030-01-09',
        }),
      ]);
  });

  it('adds only time under a plan of kinds the unit already has', () => {
    const plan: DefinedPlan = { ...partsPlan, code: 'EXT-12', months: 12 };
    const extended = warrantyExtended({ planCode: 'EXT-12', coverage: ['parts'] });
    spec
      .given([productRegistered()])
      .when(extendWarranty({ planCode: 'EXT-12', plan, extraMonths: 12, coverage: ['parts'] }))
      .then([extended]);
    expect(fold(productDecider, [productRegistered(), extended])).toMatchObject({
      coverage: ['parts', 'labor'],
      coverageEnd: '2029-01-09',
    });
  });

  it('refuses a plan the manufacturer never defined', () => {
    spec
      .given([productRegistered()])
      .when(extendWarranty({ planCode: 'EXT-99', plan: null }))
      .thenThrows(
        RuleViolationError,
        refusedOn('unknown-warranty-plan', 'planCode', /^acme has no warranty plan EXT-99$/),
      );
  });

  it('refuses a base plan', () => {
    spec
      .given([productRegistered()])
      .when(extendWarranty({ planCode: 'STD-24', plan: { ...standardPlan, kind: 'base' } }))
      .thenThrows(
        RuleViolationError,
        refusedOn('not-an-extension-plan', 'planCode', /STD-24 is a base plan.*not an extension/),
      );
  });

  it.each([0, 11, 13, 120])('refuses %s extra months for a plan of 12', (extraMonths) => {
    spec
      .given([productRegistered()])
      .when(extendWarranty({ extraMonths }))
      .thenThrows(
        RuleViolationError,
        refusedOn('extra-months-not-the-plans', 'extraMonths', /must be 12, .* EXT-12-AD/),
      );
  });

  it.each([
    [[]],
    [['parts']],
    [['accidental_damage', 'parts']],
    [['accidental_damage', 'accidental_damage']],
  ] as const)('refuses coverage %j for a plan of accidental damage', (coverage) => {
    spec
      .given([productRegistered()])
      .when(extendWarranty({ coverage: [...coverage] }))
      .thenThrows(
        RuleViolationError,
        refusedOn('coverage-not-the-plans', 'coverage', /\["accidental_damage"\].*EXT-12-AD/),
      );
  });

  it.each([
    ['the same plan', extendWarranty()],
    [
      'another plan',
      extendWarranty({ planCode: 'EXT-6', plan: partsPlan, extraMonths: 6, coverage: ['parts'] }),
    ],
  ])(
    'refuses with 409 a contract reference that already extended the unit, under %s',
    (_plan, command) => {
      spec
        .given([productRegistered(), warrantyExtended()])
        .when(command)
        .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
          expect(e.code).toBe('duplicate-contract');
          expect(e.details).toMatchObject({ state: 'active', contractReference: 'CTR-1' });
        });
    },
  );

  it('refuses an end after 2199-12-31, the last date the platform records, and takes that day', () => {
    const lateUnit = (coverageEnd: string) => productRegistered({ coverageEnd });
    spec
      .given([lateUnit('2199-01-01')])
      .when(extendWarranty())
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.code).toBe('coverage-end-out-of-range');
        expect(e.details).toMatchObject({ coverageEnd: '2199-01-01', latestDate: '2199-12-31' });
      });
    spec
      .given([lateUnit('2198-12-31')])
      .when(extendWarranty())
      .then([warrantyExtended({ previousEnd: '2198-12-31', newEnd: '2199-12-31' })]);
  });

  it('refuses a non-transferable extension on a unit whose plan goes with it to a new owner', () => {
    spec
      .given([productRegistered()])
      .when(extendWarranty({ plan: { ...accidentalDamagePlan, transferable: false } }))
      .thenThrows(
        RuleViolationError,
        refusedOn('extension-not-transferable', 'planCode', /EXT-12-AD ends when the unit/),
      );
  });

  it('adds a non-transferable extension to a unit whose plan ends on a transfer anyway', () => {
    const personalUnit = productRegistered({ plan: personalPlan, coverageEnd: '2027-01-09' });
    spec
      .given([personalUnit])
      .when(
        extendWarranty({
          plan: { ...accidentalDamagePlan, transferable: false },
          extendedAt: '2026-07-01T00:00:00Z',
        }),
      )
      .then([
        warrantyExtended({
          previousEnd: '2027-01-09',
          newEnd: '2028-01-09',
          extendedAt: '2026-07-01T00:00:00Z',
        }),
      ]);
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

  it('refuses a cancelled registration, before looking at the plan', () => {
    spec
      .given([productRegistered(), cancelled])
      .when(extendWarranty({ plan: null }))
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

  it('refuses a blank contract reference', () => {
    spec
      .given([productRegistered()])
      .when(extendWarranty({ contractReference: ' ' }))
      .thenThrows(
        RuleViolationError,
        refusedOn('contract-reference-required', 'contractReference'),
      );
  });
});
