import type { SlaPolicySet } from '@warranty/contracts/sla';
import { fold } from '@warranty/eventsourcing';
import { BUILT_IN_POLICY, type SetSlaPolicy, slaPolicyDecider } from '../../src/domain/sla-policy';

const set = (changes: SetSlaPolicy['changes']): SetSlaPolicy => ({
  type: 'SetSlaPolicy',
  scope: 'acme',
  inherited: BUILT_IN_POLICY,
  changes,
  by: 'key-1',
  at: '2026-06-15T10:00:00.000Z',
});

/** Given these events, when the command, then the policy it records. */
function when(given: SlaPolicySet[], command: SetSlaPolicy) {
  const [event] = slaPolicyDecider.decide(command, fold(slaPolicyDecider, given));
  return event.data;
}

describe('SLA policy decider', () => {
  it('starts a scope without a policy of its own from the inherited one', () => {
    const first = when([], set({ calendarId: 'de-office' }));
    expect(first).toMatchObject({ calendarId: 'de-office', slas: BUILT_IN_POLICY.slas });
  });

  it('keeps what the stream holds for the parts not sent, whatever the caller read before', () => {
    const onOffice = {
      type: 'SlaPolicySet' as const,
      data: when([], set({ calendarId: 'de-office' })),
    };
    const overrides = {
      'acme-retail': { claim_decision: { amount: 1, unit: 'business_days' as const } },
    };
    const next = when([onOffice], set({ retailerOverrides: overrides }));
    expect(next).toMatchObject({ calendarId: 'de-office', retailerOverrides: overrides });
  });
});
