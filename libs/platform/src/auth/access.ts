import type { Actor } from '@warranty/eventsourcing';
import { TENANT_ID_PATTERN } from '../validation/validators';

/** The tenants a unit or a claim (its case) belongs to: what the one access rule compares. */
export interface Parties {
  manufacturerId: string;
  /** The retailer that sold the unit or filed the claim; null when none is known. */
  retailerId: string | null;
  /** Service centers holding a repair order for the unit or claim (see RepairOrderHolders). */
  serviceCenterIds?: readonly string[];
}

/**
 * The one access rule (SPEC 1), for units and for claims alike: a retailer sees what it sold or
 * filed, a manufacturer what is on its products, a service center what it holds a repair order
 * for, auditors and admins everything. For anyone else the resource does not exist (404).
 */
export function maySee(actor: Actor, parties: Parties): boolean {
  switch (actor.role) {
    case 'retailer':
      return parties.retailerId !== null && parties.retailerId === actor.tenantId;
    case 'manufacturer':
      return parties.manufacturerId === actor.tenantId;
    case 'service_center':
      return parties.serviceCenterIds?.includes(actor.tenantId) ?? false;
    case 'auditor':
    case 'admin':
      return true;
    default:
      return false;
  }
}

/** A tenant's own settings (policies, rates): the tenant itself writes them, or an admin. */
export function mayWriteFor(actor: Actor, tenantId: string): boolean {
  return (
    TENANT_ID_PATTERN.test(tenantId) && (actor.role === 'admin' || actor.tenantId === tenantId)
  );
}

export const REPAIR_ORDER_HOLDERS = Symbol('RepairOrderHolders');

/** Which service centers hold a repair order for a unit or a claim; the repairs read model answers. */
export interface RepairOrderHolders {
  forUnit(productId: string): Promise<readonly string[]>;
  forClaim(claimId: string): Promise<readonly string[]>;
}

/** Until the repairs context exists nobody holds a repair order, so service centers see nothing. */
export const noRepairOrders: RepairOrderHolders = {
  forUnit: () => Promise.resolve([]),
  forClaim: () => Promise.resolve([]),
};
