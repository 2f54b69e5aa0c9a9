import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '@warranty/event-store';
import type {
  Owner,
  ProductEvent,
  ProductRegistered,
  WarrantyPlanDefined,
} from '@warranty/contracts/registration';
import { productIdFor, productStream } from '@warranty/contracts/registration';
import { warrantyPlanStream } from '@warranty/contracts/registration';

export const owner = (customerId: string): Owner => ({
  customerId,
  name: `Customer ${customerId}`,
  email: `${customerId}@example.com`,
  country: 'DE',
});

export function unit(manufacturerId: string, serialNumber: string) {
  const productId = productIdFor(manufacturerId, serialNumber);
  return { manufacturerId, serialNumber, productId, stream: productStream(productId) };
}

/** Two years of parts and labor from 2026-01-10, not transferable. */
export function productRegistered(
  u: ReturnType<typeof unit>,
  overrides: Partial<ProductRegistered['data']> = {},
): ProductRegistered {
  return {
    type: 'ProductRegistered',
    data: {
      productId: u.productId,
      manufacturerId: u.manufacturerId,
      serialNumber: u.serialNumber,
      model: 'WM-900',
      category: 'washing_machine',
      purchaseDate: '2026-01-10',
      retailerId: 'retailer-1',
      price: { amount: 79_900, currency: 'EUR' },
      owner: owner('cust-1'),
      plan: { code: 'STD-24', months: 24, coverage: ['parts', 'labor'], transferable: false },
      coverageStart: '2026-01-10',
      coverageEnd: '2028-01-09',
      registeredAt: '2026-01-10T12:00:00.000Z',
      ...overrides,
    },
  };
}

export function planDefined(
  manufacturerId: string,
  code: string,
  overrides: Partial<WarrantyPlanDefined['data']> = {},
): { stream: string; event: WarrantyPlanDefined } {
  return {
    stream: warrantyPlanStream(manufacturerId, code),
    event: {
      type: 'WarrantyPlanDefined',
      data: {
        manufacturerId,
        code,
        name: `Plan ${code}`,
        months: 24,
        coverage: ['parts', 'labor'],
        transferable: true,
        kind: 'base',
        advanceExchange: false,
        definedAt: '2026-01-01T09:00:00.000Z',
        ...overrides,
      },
    },
  };
}

/** As the command handler stores it: the domain event with its envelope metadata. */
export function stored(event: ProductEvent | WarrantyPlanDefined, tenant: string): EventToAppend {
  return {
    id: randomUUID(),
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: {
      tenants: { manufacturer: tenant },
      actor: { id: 'key-1', role: 'manufacturer', tenantId: tenant },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
      occurredAt: '2026-01-10T12:00:00.000Z',
    },
  };
}
