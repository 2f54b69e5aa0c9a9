import { type Decider, IllegalStateError } from '@warranty/eventsourcing';
import type { PlanTerms, WarrantyPlanDefined, WarrantyPlanEvent } from './events';
import { requireCoverageKinds, requireMonths, requirePlanCode } from './plan-terms';
import { ensure } from '@warranty/eventsourcing';
import type { WarrantyPlanCommand } from './warranty-plan.commands';

export type WarrantyPlan = WarrantyPlanDefined['data'];

export type WarrantyPlanState = { status: 'none' } | { status: 'defined'; plan: WarrantyPlan };

export { warrantyPlanStream } from '@warranty/contracts/registration';

/** A plan's terms and whether it is sold as a unit's warranty or on top of one. */
export type DefinedPlan = PlanTerms & Pick<WarrantyPlan, 'kind'>;

/** The terms a registration copies, so later plan changes never alter a sold unit. */
export function planTermsOf(plan: WarrantyPlan): PlanTerms {
  return {
    code: plan.code,
    months: plan.months,
    coverage: [...plan.coverage],
    transferable: plan.transferable,
  };
}

/** What an extension is sold on: the plan's terms and its kind. */
export function definedPlanOf(plan: WarrantyPlan): DefinedPlan {
  return { ...planTermsOf(plan), kind: plan.kind };
}

export const warrantyPlanDecider: Decider<
  WarrantyPlanCommand,
  WarrantyPlanEvent,
  WarrantyPlanState
> = {
  initialState: { status: 'none' },
  decide(command, state) {
    if (state.status === 'defined')
      throw new IllegalStateError(
        `Warranty plan ${state.plan.code} is already defined`,
        'defined',
        'plan-already-defined',
      );
    const { manufacturerId, code, name, months, coverage, transferable, kind, definedAt } = command;
    const advanceExchange = command.advanceExchange ?? false;
    const plan = {
      manufacturerId,
      code,
      name,
      months,
      coverage,
      transferable,
      kind,
      advanceExchange,
      definedAt,
    };
    requirePlanCode(plan.code, 'code');
    ensure(
      typeof plan.name === 'string' && plan.name.trim().length > 0,
      'plan-name-required',
      'name',
      'A plan needs a name',
    );
    ensure(['base', 'extension'].includes(kind), 'invalid-plan-kind', 'kind', 'Unknown plan kind');
    ensure(
      typeof advanceExchange === 'boolean',
      'invalid-advance-exchange',
      'advanceExchange',
      'advanceExchange is true or false',
    );
    requireMonths(plan.months, 'months');
    requireCoverageKinds(plan.coverage, 'coverage');
    return [{ type: 'WarrantyPlanDefined', data: { ...plan, coverage: [...plan.coverage] } }];
  },
  evolve(_state, event) {
    return { status: 'defined', plan: event.data };
  },
};
