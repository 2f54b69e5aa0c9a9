import { type NamedParties, partiesNamedIn } from '@warranty/contracts/parties';
import type { Parties } from '@warranty/platform';

/** The tenants a case stream belongs to, as its events name them. */
export type CaseParties = NamedParties;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The parties after an event: the opening events name them, a reassignment moves the service center. */
export function evolveParties(
  parties: CaseParties | null,
  type: string,
  data: Record<string, unknown>,
): CaseParties | null {
  switch (type) {
    case 'ProductRegistered':
    case 'ClaimFiled':
    case 'RmaAuthorized':
    case 'RepairOrderOpened':
      return partiesNamedIn(data) ?? parties;
    case 'RepairOrderReassigned':
      return parties && { ...parties, serviceCenterId: text(data.toServiceCenterId) };
    default:
      // SLA events copy their subject's parties onto every event.
      return parties ?? partiesNamedIn((data.parties as Record<string, unknown> | undefined) ?? {});
  }
}

/** The access rule's view of a stream's parties. */
export const accessParties = (parties: CaseParties): Parties => ({
  manufacturerId: parties.manufacturerId,
  retailerId: parties.retailerId,
  serviceCenterIds: parties.serviceCenterId ? [parties.serviceCenterId] : [],
});
