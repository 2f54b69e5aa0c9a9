import type { Decider, DomainEvent } from '@warranty/eventsourcing';

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
  // Own keys only: a category such as `constructor` must not find Object.prototype's.
  const routed = (key: string) =>
    Object.hasOwn(policy.serviceCenters, key) ? policy.serviceCenters[key] : undefined;
  return (category && routed(category)) || routed('*') || 'fixit-depot';
}

/** Stream of one manufacturer's fulfilment policy: each version is an event of the log. */
export const fulfilmentPolicyStream = (manufacturerId: string): string =>
  `workflow-policy-${manufacturerId}`;

export type FulfilmentPolicySet = DomainEvent<
  'FulfilmentPolicySet',
  { manufacturerId: string; policy: FulfilmentPolicy; setBy: string; at: string }
>;

export interface SetFulfilmentPolicy {
  type: 'SetFulfilmentPolicy';
  manufacturerId: string;
  /** Omitted fields keep the value in force; `serviceCenters`, when given, replaces the whole map. */
  policy: Partial<FulfilmentPolicy>;
  setBy: string;
  at: string;
}

export const fulfilmentPolicyDecider: Decider<
  SetFulfilmentPolicy,
  FulfilmentPolicySet,
  FulfilmentPolicy
> = {
  initialState: DEFAULT_POLICY,
  decide: (command, state) => [
    {
      type: 'FulfilmentPolicySet',
      data: {
        manufacturerId: command.manufacturerId,
        policy: { ...state, ...command.policy },
        setBy: command.setBy,
        at: command.at,
      },
    },
  ],
  evolve: (_state, event) => event.data.policy,
};
