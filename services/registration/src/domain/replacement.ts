import { IllegalStateError } from '@warranty/eventsourcing';
import type { ProductEvent } from './events';
import type { EndReplacedRegistration, RegisterReplacement } from './product.commands';
import type { ProductState, RegisteredProduct } from './product.state';
import { normalizeSerialNumber, productIdFor } from './serial-number';

const replacedBy = (original: RegisteredProduct): string | null =>
  original.cancelled?.reason === 'replaced'
    ? (original.cancelled.replacedByProductId ?? null)
    : null;

/**
 * The original whose coverage `replacementId` takes over: an active unit with coverage left, or
 * one whose registration already ended for this very replacement (a retry that got that far).
 */
function originalFor(original: ProductState, replacementId: string): RegisteredProduct {
  if (original.status === 'unregistered')
    throw new IllegalStateError(
      `The replaced unit of ${replacementId} is not registered: there is no coverage to carry over`,
      'unregistered',
      'original-not-registered',
    );
  const taker = replacedBy(original);
  if (taker === replacementId) return original;
  if (taker !== null)
    throw new IllegalStateError(
      `${original.productId} was already replaced by ${taker}: its coverage cannot go to ${replacementId} too`,
      original.status,
      'original-already-replaced',
    );
  if (original.status !== 'active' || original.coverageEndedOn !== null)
    throw new IllegalStateError(
      `${original.productId} has no coverage left to carry over to ${replacementId}: it is ${original.coverageEndedOn ? 'ended by a transfer' : original.status}`,
      original.status,
      'original-not-covered',
    );
  if (original.productId === replacementId)
    throw new IllegalStateError(
      `${replacementId} cannot replace itself`,
      original.status,
      'replacement-already-registered',
    );
  return original;
}

/**
 * The replacement takes the original's place: same manufacturer, retailer, owner and sale, the
 * original's plan with every coverage kind it had, and its coverage end, so no time is added.
 */
export function registerReplacement(
  command: RegisterReplacement,
  state: ProductState,
): ProductEvent[] {
  const serialNumber = normalizeSerialNumber(command.serialNumber);
  if (serialNumber === null)
    throw new IllegalStateError(
      `${command.serialNumber} is not a serial number a unit can be registered under`,
      'unregistered',
      'invalid-replacement-serial',
    );
  const productId = productIdFor(command.manufacturerId, serialNumber);
  // A unit is registered once: a cancelled registration (refunded, replaced, in error) stays its stream.
  if (state.status === 'cancelled')
    throw new IllegalStateError(
      `Replacement ${productId} was registered before and its registration was cancelled (${state.cancelled?.reason}): it cannot be registered again`,
      state.status,
      'replacement-registration-cancelled',
    );
  if (state.status !== 'unregistered')
    throw new IllegalStateError(
      `Replacement ${productId} is already registered`,
      state.status,
      'replacement-already-registered',
    );
  const original = originalFor(command.original, productId);
  return [
    {
      type: 'ProductRegistered',
      data: {
        productId,
        manufacturerId: command.manufacturerId,
        serialNumber,
        model: original.model,
        category: original.category,
        purchaseDate: original.purchaseDate,
        retailerId: original.retailerId,
        price: { ...original.price },
        owner: { ...original.owner },
        plan: { ...original.plan, coverage: [...original.coverage] },
        coverageStart: original.coverageStart,
        coverageEnd: original.coverageEnd,
        registeredAt: command.registeredAt,
        replacesProductId: original.productId,
      },
    },
  ];
}

/**
 * One unit, one replacement: the original's registration ends naming its replacement, so its
 * coverage stops; ending it again for the same replacement changes nothing.
 */
export function endReplacedRegistration(
  command: EndReplacedRegistration,
  state: ProductState,
): ProductEvent[] {
  const original = originalFor(state, command.replacementProductId);
  if (replacedBy(original) === command.replacementProductId) return [];
  return [
    {
      type: 'RegistrationCancelled',
      data: {
        productId: original.productId,
        reason: 'replaced',
        notes: `Replaced by ${command.replacementProductId} in an exchange`,
        cancelledBy: command.endedBy,
        cancelledAt: command.endedAt,
        replacedByProductId: command.replacementProductId,
      },
    },
  ];
}
