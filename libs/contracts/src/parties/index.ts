/** The tenants an event names as its case's parties: what the opening events of every context carry. */
export interface NamedParties {
  manufacturerId: string;
  retailerId: string | null;
  serviceCenterId: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The parties an event's data names, or null when it names no manufacturer. */
export function partiesNamedIn(data: Record<string, unknown>): NamedParties | null {
  const manufacturerId = text(data.manufacturerId);
  if (!manufacturerId) return null;
  return {
    manufacturerId,
    retailerId: text(data.retailerId),
    serviceCenterId: text(data.serviceCenterId),
  };
}

/** The parties of a case stream after an event: its opening event names them, a reassignment moves the service center. */
export function evolveCaseParties(
  parties: NamedParties | null,
  type: string,
  data: Record<string, unknown>,
): NamedParties | null {
  switch (type) {
    case 'ProductRegistered':
    case 'ClaimFiled':
    case 'RmaAuthorized':
    case 'RepairOrderOpened':
      return partiesNamedIn(data) ?? parties;
    case 'RepairOrderReassigned':
      return parties && { ...parties, serviceCenterId: text(data.toServiceCenterId) };
    case 'SlaReassigned':
      // The SLA stream's copy of a reassignment names the new holder.
      return partiesNamedIn((data.parties as Record<string, unknown> | undefined) ?? {}) ?? parties;
    default:
      // SLA events copy their subject's parties onto every event; settlements name theirs.
      return (
        parties ??
        partiesNamedIn(data) ??
        partiesNamedIn((data.parties as Record<string, unknown> | undefined) ?? {})
      );
  }
}
