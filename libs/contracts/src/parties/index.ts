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
