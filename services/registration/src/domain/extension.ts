import { addMonths, type CoverageKind, LATEST_DATE } from '@warranty/coverage';
import { ensure, IllegalStateError } from '@warranty/eventsourcing';
import type { WarrantyExtended } from './events';
import type { ExtendWarranty } from './product.commands';
import type { RegisteredProduct } from './product.state';
import type { DefinedPlan } from './warranty-plan.decider';

const sameKinds = (stated: CoverageKind[], plan: CoverageKind[]): boolean =>
  Array.isArray(stated) &&
  stated.length === plan.length &&
  new Set(stated).size === stated.length &&
  plan.every((kind) => stated.includes(kind));

/** The manufacturer's extension plan the command names; what the caller restates must match it. */
function extensionPlan(command: ExtendWarranty, product: RegisteredProduct): DefinedPlan {
  const { plan, planCode } = command;
  ensure(
    plan !== null,
    'unknown-warranty-plan',
    'planCode',
    `${product.manufacturerId} has no warranty plan ${planCode}`,
  );
  ensure(
    plan.kind === 'extension',
    'not-an-extension-plan',
    'planCode',
    `${planCode} is a base plan of ${product.manufacturerId}, not an extension plan`,
  );
  ensure(
    command.extraMonths === undefined || command.extraMonths === plan.months,
    'extra-months-not-the-plans',
    'extraMonths',
    `extraMonths must be ${plan.months}, the months of plan ${planCode}`,
  );
  ensure(
    command.coverage === undefined || sameKinds(command.coverage, plan.coverage),
    'coverage-not-the-plans',
    'coverage',
    `coverage must be ${JSON.stringify(plan.coverage)}, the coverage of plan ${planCode}`,
  );
  // A transfer ends all of a unit's coverage or none of it: a non-transferable part cannot be kept apart.
  ensure(
    plan.transferable || !product.plan.transferable,
    'extension-not-transferable',
    'planCode',
    `${planCode} ends when the unit changes owner, but ${product.productId}'s plan ${product.plan.code} goes with it: only a transferable extension plan can be added`,
  );
  return plan;
}

/** The extension a contract adds to an active unit: the plan's months and kinds, from its end. */
export function warrantyExtension(
  command: ExtendWarranty,
  product: RegisteredProduct,
): WarrantyExtended {
  const plan = extensionPlan(command, product);
  const { contractReference } = command;
  ensure(
    typeof contractReference === 'string' && contractReference.trim() !== '',
    'contract-reference-required',
    'contractReference',
    'An extension needs its contract reference',
  );
  if (product.extensions.some((e) => e.contractReference === contractReference))
    throw new IllegalStateError(
      `Contract ${contractReference} already extended the warranty of ${product.productId}`,
      product.status,
      'duplicate-contract',
      { contractReference },
    );
  const newEnd = addMonths(product.coverageEnd, plan.months);
  if (newEnd > LATEST_DATE)
    throw new IllegalStateError(
      `Plan ${plan.code} would extend ${product.productId} to ${newEnd}, past ${LATEST_DATE}, the last date the platform records`,
      product.status,
      'coverage-end-out-of-range',
      { coverageEnd: product.coverageEnd, latestDate: LATEST_DATE },
    );
  return {
    type: 'WarrantyExtended',
    data: {
      productId: command.productId,
      planCode: plan.code,
      extraMonths: plan.months,
      coverage: [...plan.coverage],
      contractReference,
      previousEnd: product.coverageEnd,
      newEnd,
      extendedAt: command.extendedAt,
    },
  };
}
