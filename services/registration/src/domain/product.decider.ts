import { type CoverageFacts, coverageEndFor, dayOf, isIsoDate } from '@warranty/coverage';
import { AggregateNotFoundError, type Decider, IllegalStateError } from '@warranty/eventsourcing';
import type { ProductEvent } from './events';
import { warrantyExtension } from './extension';
import { requireCoverageKinds, requireMonths, requirePlanCode } from './plan-terms';
import type {
  CancelRegistration,
  ExtendWarranty,
  ProductCommand,
  RegisterProduct,
  TransferOwnership,
  VoidWarranty,
} from './product.commands';
import { evolveProduct } from './product.evolve';
import { endReplacedRegistration, registerReplacement } from './replacement';
import { type ProductState, type RegisteredProduct, unregisteredProduct } from './product.state';
import { ensure } from '@warranty/eventsourcing';
import { normalizeSerialNumber, productIdFor, productStream } from './serial-number';

const VOID_REASONS = ['tampering', 'unauthorized_repair', 'other'];
const CANCEL_REASONS = ['returned_for_refund', 'registered_in_error'];

function cancelledError(state: RegisteredProduct): IllegalStateError {
  return new IllegalStateError(
    `Registration of ${state.productId} was cancelled`,
    'cancelled',
    'registration-cancelled',
  );
}

/** The registered product, or a refusal: unknown products are 404, cancelled ones accept nothing. */
function registered(state: ProductState, productId: string): RegisteredProduct {
  if (state.status === 'unregistered') throw new AggregateNotFoundError(productStream(productId));
  if (state.status === 'cancelled') throw cancelledError(state);
  return state;
}

function requireDate(value: string, field: string): void {
  ensure(isIsoDate(value), 'invalid-date', field, `${field} must be a YYYY-MM-DD date`);
}

function register(command: RegisterProduct, state: ProductState): ProductEvent[] {
  if (state.status === 'cancelled') throw cancelledError(state);
  if (state.status !== 'unregistered')
    throw new IllegalStateError(
      `${state.productId} is already registered`,
      state.status,
      'already-registered',
    );
  const serialNumber = normalizeSerialNumber(command.serialNumber);
  ensure(
    serialNumber !== null,
    'invalid-serial-number',
    'serialNumber',
    'A serial number is 1-64 letters, digits, dots, dashes or underscores',
  );
  requireDate(command.purchaseDate, 'purchaseDate');
  ensure(
    command.purchaseDate <= dayOf(command.registeredAt),
    'purchase-date-in-future',
    'purchaseDate',
    'The purchase date is after today',
  );
  const { price, plan } = command;
  ensure(
    Number.isInteger(price.amount) && price.amount >= 0,
    'invalid-price',
    'price.amount',
    'A price is a non-negative whole number of minor units',
  );
  ensure(
    /^[A-Z]{3}$/.test(price.currency),
    'invalid-price',
    'price.currency',
    'A currency is an ISO 4217 code',
  );
  requirePlanCode(plan.code, 'plan.code');
  requireMonths(plan.months, 'plan.months');
  requireCoverageKinds(plan.coverage, 'plan.coverage');
  const { manufacturerId, purchaseDate, owner } = command;
  return [
    {
      type: 'ProductRegistered',
      data: {
        productId: productIdFor(manufacturerId, serialNumber),
        manufacturerId,
        serialNumber,
        model: command.model,
        category: command.category,
        purchaseDate,
        retailerId: command.retailerId,
        price: { amount: price.amount, currency: price.currency },
        owner: { ...owner },
        plan: {
          code: plan.code,
          months: plan.months,
          coverage: [...plan.coverage],
          transferable: plan.transferable,
        },
        coverageStart: purchaseDate,
        coverageEnd: coverageEndFor(purchaseDate, plan.months),
        registeredAt: command.registeredAt,
        replacesProductId: null,
      },
    },
  ];
}

function extend(command: ExtendWarranty, state: ProductState): ProductEvent[] {
  const product = registered(state, command.productId);
  if (product.status === 'voided')
    throw new IllegalStateError(
      `${product.productId}'s warranty is void`,
      'voided',
      'warranty-voided',
    );
  if (product.coverageEndedOn !== null)
    throw new IllegalStateError(
      `Coverage of ${product.productId} ended when it changed owner on ${product.coverageEndedOn}`,
      'coverage_ended',
      'coverage-ended-by-transfer',
    );
  if (dayOf(command.extendedAt) > product.coverageEnd)
    throw new IllegalStateError(
      `${product.productId}'s warranty expired on ${product.coverageEnd}`,
      'expired',
      'warranty-expired',
    );
  return [warrantyExtension(command, product)];
}

function transfer(command: TransferOwnership, state: ProductState): ProductEvent[] {
  const product = registered(state, command.productId);
  const { transferDate, newOwner } = command;
  requireDate(transferDate, 'transferDate');
  ensure(
    transferDate >= product.purchaseDate,
    'transfer-date-before-purchase',
    'transferDate',
    `The transfer date is before the purchase date ${product.purchaseDate}`,
  );
  ensure(
    transferDate <= dayOf(command.requestedAt),
    'transfer-date-in-future',
    'transferDate',
    'The transfer date is after today',
  );
  ensure(
    product.lastTransferDate === null || transferDate >= product.lastTransferDate,
    'transfer-date-before-previous-transfer',
    'transferDate',
    `The transfer date is before the previous transfer on ${product.lastTransferDate}`,
  );
  ensure(
    newOwner.customerId !== product.owner.customerId,
    'same-owner',
    'newOwner.customerId',
    `${newOwner.customerId} already owns ${product.productId}`,
  );
  // The earliest end wins: a second transfer cannot revive coverage that already ended.
  const coverageEndedOn = product.plan.transferable
    ? null
    : (product.coverageEndedOn ?? transferDate);
  return [
    {
      type: 'OwnershipTransferred',
      data: {
        productId: command.productId,
        previousOwner: product.owner,
        newOwner: { ...newOwner },
        transferDate,
        coverageEndedOn,
      },
    },
  ];
}

function voidWarranty(command: VoidWarranty, state: ProductState): ProductEvent[] {
  const product = registered(state, command.productId);
  if (product.status === 'voided')
    throw new IllegalStateError(
      `${product.productId}'s warranty is already void`,
      'voided',
      'warranty-already-voided',
    );
  ensure(VOID_REASONS.includes(command.reason), 'invalid-reason', 'reason', 'Unknown void reason');
  const { productId, reason, notes, voidedBy, voidedAt } = command;
  return [{ type: 'WarrantyVoided', data: { productId, reason, notes, voidedBy, voidedAt } }];
}

function cancel(command: CancelRegistration, state: ProductState): ProductEvent[] {
  registered(state, command.productId);
  ensure(
    CANCEL_REASONS.includes(command.reason),
    'invalid-reason',
    'reason',
    'Unknown cancellation reason',
  );
  const { productId, reason, notes, cancelledBy, cancelledAt } = command;
  return [
    { type: 'RegistrationCancelled', data: { productId, reason, notes, cancelledBy, cancelledAt } },
  ];
}

export const productDecider: Decider<ProductCommand, ProductEvent, ProductState> = {
  initialState: unregisteredProduct,
  decide(command, state) {
    switch (command.type) {
      case 'RegisterProduct':
        return register(command, state);
      case 'RegisterReplacement':
        return registerReplacement(command, state);
      case 'EndReplacedRegistration':
        return endReplacedRegistration(command, state);
      case 'ExtendWarranty':
        return extend(command, state);
      case 'TransferOwnership':
        return transfer(command, state);
      case 'VoidWarranty':
        return voidWarranty(command, state);
      case 'CancelRegistration':
        return cancel(command, state);
    }
  },
  evolve: evolveProduct,
};

/** What the coverage query needs; null for a unit that was never registered. */
export function toCoverageFacts(state: ProductState): CoverageFacts | null {
  if (state.status === 'unregistered') return null;
  return {
    status: state.status,
    coverageStart: state.coverageStart,
    coverageEnd: state.coverageEnd,
    coverage: [...state.coverage],
    coverageEndedOn: state.coverageEndedOn,
    planCode: state.plan.code,
    replacedByProductId: state.cancelled?.replacedByProductId ?? null,
  };
}
