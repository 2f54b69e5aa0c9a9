import type {
  SlaDefinition,
  SlaPolicySet,
  SlaTarget,
  SlaSubjectKind,
} from '@warranty/contracts/sla';
import type { Decider } from '@warranty/eventsourcing';
import { DEFAULT_CALENDAR_ID, DEFAULT_SLA_DEFINITIONS } from './default-slas';
import { triggers, type ObservedEvent } from './sla-triggers';

export interface SlaPolicy {
  calendarId: string;
  slas: SlaDefinition[];
  retailerOverrides: Record<string, Record<string, SlaTarget>>;
}

export const BUILT_IN_POLICY: SlaPolicy = {
  calendarId: DEFAULT_CALENDAR_ID,
  slas: DEFAULT_SLA_DEFINITIONS,
  retailerOverrides: {},
};

/**
 * Replaces the parts given, each whole (all SLAs, all retailer overrides); the rest stays as the
 * scope's policy has it, or as `inherited` has it while the scope has none of its own.
 */
export interface SetSlaPolicy {
  type: 'SetSlaPolicy';
  scope: string;
  inherited: SlaPolicy;
  changes: Partial<SlaPolicy>;
  by: string;
  at: string;
}

/** A scope's policy stream (`slapolicy-{manufacturerId}` or `slapolicy-_default`); null until set. */
export const slaPolicyDecider: Decider<SetSlaPolicy, SlaPolicySet, SlaPolicy | null> = {
  initialState: null,
  decide: (command, state) => {
    const next = { ...(state ?? command.inherited), ...definedOnly(command.changes) };
    return [
      {
        type: 'SlaPolicySet',
        data: { scope: command.scope, ...next, by: command.by, at: command.at },
      },
    ];
  },
  evolve: (_state, { data }) => ({
    calendarId: data.calendarId,
    slas: data.slas,
    retailerOverrides: data.retailerOverrides,
  }),
};

function definedOnly(changes: Partial<SlaPolicy>): Partial<SlaPolicy> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}

/** The SLAs an event starts for a subject of this kind, with the retailer's targets applied. */
export function slasStartedBy(
  policy: SlaPolicy,
  kind: SlaSubjectKind,
  event: ObservedEvent,
  retailerId: string | null,
): SlaDefinition[] {
  const overrides = (retailerId !== null && policy.retailerOverrides[retailerId]) || {};
  return policy.slas
    .filter((sla) => sla.subject === kind && triggers(sla.start, event))
    .map((sla) => (overrides[sla.name] ? { ...sla, target: overrides[sla.name] } : sla));
}
