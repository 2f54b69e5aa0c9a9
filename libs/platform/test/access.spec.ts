import type { Actor, ActorRole } from '@warranty/eventsourcing';
import { maySee, noRepairOrders, type Parties } from '../src/auth/access';

const as = (role: ActorRole, tenantId: string): Actor => ({ id: 'key', role, tenantId });

/** A unit (or claim) acme-retail sold on acme-appliances' product; depot-1 holds a repair order. */
const unit: Parties = {
  manufacturerId: 'acme-appliances',
  retailerId: 'acme-retail',
  serviceCenterIds: ['depot-1'],
};

describe('the one access rule', () => {
  it.each<[ActorRole, string, boolean]>([
    ['retailer', 'acme-retail', true],
    ['retailer', 'bright-electronics', false],
    ['manufacturer', 'acme-appliances', true],
    ['manufacturer', 'globex', false],
    ['manufacturer', 'acme-retail', false],
    ['service_center', 'depot-1', true],
    ['service_center', 'depot-2', false],
    ['service_center', 'acme-retail', false],
    ['auditor', 'audit-partners', true],
    ['admin', 'ops', true],
    ['system', 'workflow', false],
  ])('%s %s sees it: %s', (role, tenantId, expected) => {
    expect(maySee(as(role, tenantId), unit)).toBe(expected);
  });

  it('shows a unit with no known retailer to no retailer, and nothing to a service center without orders', () => {
    const unsold: Parties = { manufacturerId: 'acme-appliances', retailerId: null };
    expect(maySee(as('retailer', ''), unsold)).toBe(false);
    expect(maySee(as('manufacturer', 'acme-appliances'), unsold)).toBe(true);
    expect(maySee(as('service_center', 'depot-1'), { ...unit, serviceCenterIds: [] })).toBe(false);
    expect(maySee(as('service_center', 'depot-1'), { ...unit, serviceCenterIds: undefined })).toBe(
      false,
    );
  });

  it('knows of no repair orders until the repairs read model answers', async () => {
    await expect(noRepairOrders.forUnit('acme-appliances~SN-1')).resolves.toEqual([]);
    await expect(noRepairOrders.forClaim('c-1')).resolves.toEqual([]);
  });
});
