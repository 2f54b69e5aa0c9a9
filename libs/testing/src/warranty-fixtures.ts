/** The warranty plan most HTTP suites define first: 24 months of parts and labour, transferable. */
export const STANDARD_PLAN = {
  code: 'STD-24',
  name: 'Standard',
  months: 24,
  coverage: ['parts', 'labor'],
  transferable: true,
};

/** A unit registration body for acme-appliances on plan STD-24; override what a test is about. */
export const unitRegistration = (
  serialNumber: string,
  overrides: Record<string, unknown> = {},
) => ({
  manufacturerId: 'acme-appliances',
  serialNumber,
  model: 'WM-9000',
  category: 'washing_machine',
  purchaseDate: '2026-01-10',
  price: { amount: 129900, currency: 'EUR' },
  owner: { customerId: 'cust-1', name: 'Ada', email: 'ada@example.com', country: 'GB' },
  planCode: 'STD-24',
  ...overrides,
});

/** A claim body on a unit registered with `unitRegistration`: a motor defect, repair asked for. */
export const claimFiling = (serialNumber: string, overrides: Record<string, unknown> = {}) => ({
  manufacturerId: 'acme-appliances',
  serialNumber,
  failureDate: '2026-06-01',
  defect: { category: 'motor', description: 'Drum does not spin' },
  evidence: [],
  customer: { name: 'Ada', email: 'ada@example.com' },
  requestedResolution: 'repair',
  ...overrides,
});

/** A service center's repair rates as the manufacturer sets them: €60/h, 10% on parts, €25 to diagnose. */
export const REPAIR_RATES = {
  laborRatePerHour: { amount: 6000, currency: 'EUR' },
  partsMarkupBasisPoints: 1000,
  diagnosisFee: { amount: 2500, currency: 'EUR' },
};
