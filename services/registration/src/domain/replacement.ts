import { IllegalStateError } from '@warranty/eventsourcing';
import type { ProductEvent } from './events';
import type { RegisterReplacement } from './product.commands';
import type { ProductState } from './product.state';
import { normalizeSerialNumber, productIdFor } from './serial-number';

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
  if (state.status !== 'unregistered')
    throw new IllegalStateError(
      `Replacement ${productId} is already registered`,
      state.status,
      'replacement-already-registered',
    );
  const original = command.original;
  if (original.status === 'unregistered')
    throw new IllegalStateError(
      `The replaced unit of ${productId} is not registered: there is no coverage to carry over`,
      'unregistered',
      'original-not-registered',
    );
  if (original.status !== 'active' || original.coverageEndedOn !== null)
    throw new IllegalStateError(
      `${original.productId} has no coverage left to carry over to ${productId}: it is ${original.coverageEndedOn ? 'ended by a transfer' : original.status}`,
      original.status,
      'original-not-covered',
    );
  if (original.productId === productId)
    throw new IllegalStateError(
      `${productId} cannot replace itself`,
      original.status,
      'replacement-already-registered',
    );
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
