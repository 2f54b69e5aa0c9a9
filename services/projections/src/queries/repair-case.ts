import type { RepairQueueRow } from '../schema';

/** Who has the repair's next move: the service center, the retailer (approving), or nobody. */
export type RepairParty = 'service_center' | 'retailer' | 'customer' | 'nobody';

export interface RepairHolder {
  party: RepairParty;
  /** The tenant id of that party when it is a tenant of the platform; null otherwise. */
  tenantId: string | null;
  /** The technician working it, when one is assigned and the service center holds it. */
  technicianId: string | null;
  inWords: string;
}

export interface RepairStep {
  state: string;
  label: string;
  /** ISO 8601 instant the order first reached the state. */
  at: string;
}

/** The repair order a claim's case links to, as the customer-service screen shows it. */
export interface CaseRepair {
  repairOrderId: string;
  state: string;
  stateInWords: string;
  heldBy: RepairHolder;
  serviceCenterId: string;
  technicianId: string | null;
  covered: boolean;
  /** Three failed quality checks. */
  flagged: boolean;
  carrier: string | null;
  trackingNumber: string | null;
  /** In the order they happened. */
  steps: RepairStep[];
  revision: number;
}

/** Lifecycle order, so steps reached at the same instant still read in order. */
const STEP_ORDER = [
  'opened',
  'reassigned',
  'assigned',
  'diagnosed',
  'awaiting_approval',
  'approved',
  'declined',
  'awaiting_parts',
  'in_repair',
  'quality_check',
  'ready_to_ship',
  'unrepairable',
  'shipped',
  'closed',
];

function stepLabel(row: RepairQueueRow, state: string): string {
  switch (state) {
    case 'opened':
      return `Repair opened at ${row.serviceCenterId}: ${row.reportedDefect}`;
    case 'assigned':
      return `Technician ${row.technicianId ?? 'assigned'} assigned`;
    case 'diagnosed':
      return `Diagnosed: ${row.findings ?? 'findings recorded'}${row.faultCode ? ` (fault ${row.faultCode})` : ''}`;
    case 'awaiting_approval':
      return 'Estimate sent for approval';
    case 'approved':
      return 'Estimate approved';
    case 'declined':
      return 'Estimate declined';
    case 'awaiting_parts':
      return 'Parts ordered';
    case 'in_repair':
      return 'Repair under way';
    case 'quality_check':
      return 'Repair completed, in quality check';
    case 'ready_to_ship':
      return 'Quality check passed';
    case 'reassigned':
      return `Reassigned to ${row.serviceCenterId}`;
    case 'unrepairable':
      return 'Found unrepairable; a replacement was requested';
    case 'shipped':
      return `Shipped back${row.carrier ? ` with ${row.carrier}` : ''}${row.trackingNumber ? ` (tracking ${row.trackingNumber})` : ''}`;
    case 'closed':
      return `Repair closed${row.outcome ? `: ${row.outcome.replaceAll('_', ' ')}` : ''}`;
    default:
      return `Repair ${state.replaceAll('_', ' ')}`;
  }
}

const rank = (state: string) => {
  const i = STEP_ORDER.indexOf(state);
  return i === -1 ? STEP_ORDER.length : i;
};

/** Pure: the steps the order reached, in the order they happened, in plain words. */
export function repairStepWords(row: RepairQueueRow): RepairStep[] {
  return Object.entries(row.steps)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([state, at]) => ({ state, at, label: stepLabel(row, state) }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || rank(a.state) - rank(b.state));
}

function wording(row: RepairQueueRow): { stateInWords: string; heldBy: RepairHolder } {
  const center = row.serviceCenterId;
  const shop = (inWords: string): RepairHolder => ({
    party: 'service_center',
    tenantId: center,
    technicianId: row.technicianId,
    inWords: row.technicianId ? `${inWords}, technician ${row.technicianId}` : inWords,
  });
  const nobody: RepairHolder = {
    party: 'nobody',
    tenantId: null,
    technicianId: null,
    inWords: 'Nobody: the repair is over',
  };
  const flag = row.flagged ? ' (flagged after repeated failed quality checks)' : '';
  switch (row.state) {
    case 'opened':
      return {
        stateInWords: `Repair order opened at ${center}, waiting for a technician`,
        heldBy: shop(`Service center ${center}`),
      };
    case 'assigned':
      return {
        stateInWords: `At ${center}, waiting for diagnosis`,
        heldBy: shop(`Service center ${center}`),
      };
    case 'diagnosed':
      return {
        stateInWords: `Diagnosed at ${center}: ${row.findings ?? 'findings recorded'}`,
        heldBy: shop(`Service center ${center}`),
      };
    case 'awaiting_approval':
      return {
        stateInWords: `Waiting for the estimate to be approved (${center})`,
        heldBy:
          row.retailerId !== null
            ? {
                party: 'retailer',
                tenantId: row.retailerId,
                technicianId: null,
                inWords: 'The retailer, who approves or declines the estimate for the customer',
              }
            : {
                party: 'customer',
                tenantId: null,
                technicianId: null,
                inWords: 'The customer, who approves or declines the estimate',
              },
      };
    case 'awaiting_parts':
      return {
        stateInWords: `Waiting for parts at ${center}`,
        heldBy: shop(`Service center ${center}`),
      };
    case 'unrepairable':
      return {
        stateInWords: `Found unrepairable at ${center}; a replacement follows through the RMA`,
        heldBy: nobody,
      };
    case 'shipped':
      return {
        stateInWords: `Shipped back by ${center}${row.carrier ? ` with ${row.carrier}` : ''}${row.trackingNumber ? ` (tracking ${row.trackingNumber})` : ''}`,
        heldBy: shop(`Service center ${center}, which closes the order`),
      };
    case 'closed':
      return {
        stateInWords: `Repair closed${row.outcome ? `: ${row.outcome.replaceAll('_', ' ')}` : ''}`,
        heldBy: nobody,
      };
    default:
      return {
        stateInWords: `${repairStateWords(row.state)} at ${center}${flag}`,
        heldBy: shop(`Service center ${center}`),
      };
  }
}

function repairStateWords(state: string): string {
  const known: Record<string, string> = {
    approved: 'Estimate approved, repair to start',
    declined: 'Estimate declined, the unit goes back unrepaired',
    in_repair: 'Being repaired',
    quality_check: 'In quality check',
    ready_to_ship: 'Passed quality check, waiting to be shipped back',
  };
  return known[state] ?? `In state "${state}"`;
}

/** Pure: the repair order in plain words, with who holds it and when each step happened. */
export function describeRepair(row: RepairQueueRow): CaseRepair {
  return {
    repairOrderId: row.repairOrderId,
    state: row.state,
    ...wording(row),
    serviceCenterId: row.serviceCenterId,
    technicianId: row.technicianId,
    covered: row.covered,
    flagged: row.flagged,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    steps: repairStepWords(row),
    revision: row.lastRevision,
  };
}

/** The order the claim names, else the latest opened for it; null when none. */
export function repairOfClaim(
  repairs: readonly RepairQueueRow[],
  named: string | null,
): RepairQueueRow | null {
  const byName = repairs.find((repair) => repair.repairOrderId === named);
  if (byName) return byName;
  return [...repairs].sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())[0] ?? null;
}
