import type { NamedParties } from '@warranty/contracts/parties';
import type { Parties } from '@warranty/platform';

/** The tenants a case stream belongs to, as its events name them. */
export type CaseParties = NamedParties;

/** The access rule's view of a stream's parties. */
export const accessParties = (parties: CaseParties): Parties => ({
  manufacturerId: parties.manufacturerId,
  retailerId: parties.retailerId,
  serviceCenterIds: parties.serviceCenterId ? [parties.serviceCenterId] : [],
});
