/** Where a manufacturer's returns go and who repairs its categories: data, with a demo default. */
export interface FulfilmentPolicy {
  returnsDepot: { locationId: string; name: string; address: string };
  returnCarrier: string;
  /** Service center per product category; `*` for any other. */
  serviceCenters: Record<string, string>;
  /** SPEC 2.2: a rejection not appealed within this many days closes the claim. */
  appealWindowDays: number;
  /** SPEC 2.2: a resolved claim closes this many days later. */
  closeResolvedAfterDays: number;
}

export const DEFAULT_POLICY: FulfilmentPolicy = {
  returnsDepot: {
    locationId: 'central-returns',
    name: 'Central returns depot',
    address: '1 Dock Road, Leeds LS1 1AA, GB',
  },
  returnCarrier: 'prepaid-label',
  serviceCenters: { '*': 'fixit-depot' },
  appealWindowDays: 30,
  closeResolvedAfterDays: 14,
};

export type FulfilmentPolicies = Readonly<Record<string, FulfilmentPolicy>>;

export const policyFor = (policies: FulfilmentPolicies, manufacturerId: string): FulfilmentPolicy =>
  policies[manufacturerId] ?? DEFAULT_POLICY;

export function serviceCenterFor(policy: FulfilmentPolicy, category: string | null): string {
  return (
    (category && policy.serviceCenters[category]) || policy.serviceCenters['*'] || 'fixit-depot'
  );
}
