import type { Decider, DomainEvent } from '@warranty/eventsourcing';

/** Days a retailer takes units back for a refund, counted from the purchase date. */
export const DEFAULT_RETURN_WINDOW_DAYS = 30;
/** Days a manufacturer gives the units to arrive, counted from the authorization. */
export const DEFAULT_RECEIPT_DEADLINE_DAYS = 14;

/**
 * A tenant's return policy (data, not code), stream `returnpolicy-{tenantId}` (private): a
 * retailer sets its return window, a manufacturer its receipt deadline.
 */
export interface ReturnPolicy {
  returnWindowDays: number;
  receiptDeadlineDays: number;
}

export type ReturnPolicySet = DomainEvent<
  'ReturnPolicySet',
  { tenantId: string; policy: ReturnPolicy; setBy: string; at: string }
>;

export interface SetReturnPolicy {
  type: 'SetReturnPolicy';
  tenantId: string;
  policy: Partial<ReturnPolicy>;
  setBy: string;
  at: string;
}

export const returnPolicyStream = (tenantId: string): string => `returnpolicy-${tenantId}`;

const DEFAULT_POLICY: ReturnPolicy = {
  returnWindowDays: DEFAULT_RETURN_WINDOW_DAYS,
  receiptDeadlineDays: DEFAULT_RECEIPT_DEADLINE_DAYS,
};

/** The fields a command sets; an omitted one arrives as undefined and keeps its value. */
const given = (policy: Partial<ReturnPolicy>): Partial<ReturnPolicy> =>
  Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined));

export const returnPolicyDecider: Decider<SetReturnPolicy, ReturnPolicySet, ReturnPolicy> = {
  initialState: DEFAULT_POLICY,
  decide: (command, state) => [
    {
      type: 'ReturnPolicySet',
      data: {
        tenantId: command.tenantId,
        policy: { ...state, ...given(command.policy) },
        setBy: command.setBy,
        at: command.at,
      },
    },
  ],
  // An event stored before omitted fields were dropped lacks the one its command omitted: it kept its value.
  evolve: (state, event) => ({ ...state, ...event.data.policy }),
};
