import { IllegalStateError, RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import type { WarrantyPlanDefined } from '../../src/domain/events';
import type { DefineWarrantyPlan } from '../../src/domain/warranty-plan.commands';
import {
  planTermsOf,
  warrantyPlanDecider,
  warrantyPlanStream,
} from '../../src/domain/warranty-plan.decider';

const spec = deciderSpecification(warrantyPlanDecider);

const plan: WarrantyPlanDefined['data'] = {
  manufacturerId: 'acme',
  code: 'STD-24',
  name: 'Standard two years',
  months: 24,
  coverage: ['parts', 'labor'],
  transferable: true,
  kind: 'base',
  advanceExchange: false,
  definedAt: '2026-01-01T00:00:00.000Z',
};
const define = (overrides: Partial<DefineWarrantyPlan> = {}): DefineWarrantyPlan => ({
  type: 'DefineWarrantyPlan',
  ...plan,
  ...overrides,
});
const defined: WarrantyPlanDefined = { type: 'WarrantyPlanDefined', data: plan };

describe('DefineWarrantyPlan', () => {
  it('defines a plan once', () => {
    spec.given([]).when(define()).then([defined]);
  });

  it('accepts 1 and 120 months', () => {
    for (const months of [1, 120])
      spec
        .given([])
        .when(define({ months }))
        .then([{ ...defined, data: { ...plan, months } }]);
  });

  it('refuses a second definition', () => {
    spec
      .given([defined])
      .when(define({ months: 36 }))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe('defined');
        expect(e.code).toBe('plan-already-defined');
      });
  });

  it.each([
    ['invalid-months', { months: 0 }],
    ['invalid-months', { months: 121 }],
    ['invalid-months', { months: 12.5 }],
    ['coverage-empty', { coverage: [] }],
    ['duplicate-coverage-kind', { coverage: ['parts', 'labor', 'parts'] }],
    ['unknown-coverage-kind', { coverage: ['theft'] }],
    ['invalid-plan-code', { code: 'STD 24' }],
    ['plan-name-required', { name: '  ' }],
    ['invalid-plan-kind', { kind: 'premium' }],
  ] as const)('refuses %s', (code, overrides) => {
    spec
      .given([])
      .when(define(overrides as never))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => expect(e.code).toBe(code));
  });

  it('names its stream and hands out the terms a registration copies', () => {
    expect(warrantyPlanStream('acme', 'STD-24')).toBe('warrantyplan-acme~STD-24');
    expect(planTermsOf(plan)).toEqual({
      code: 'STD-24',
      months: 24,
      coverage: ['parts', 'labor'],
      transferable: true,
    });
  });
});
