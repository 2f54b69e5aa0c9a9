import type { RmaType } from '@warranty/contracts/returns';
import { RMA_QUEUE_STATES, type RmaQueueRow, type RmaQueueState } from '../schema';

/** Who has the RMA's next move: the sender, the carrier, the manufacturer's RMA desk, or nobody. */
export type RmaParty = 'retailer' | 'customer' | 'carrier' | 'manufacturer' | 'nobody';

export interface RmaHolder {
  party: RmaParty;
  /** The tenant id of that party when it is a tenant of the platform; null otherwise. */
  tenantId: string | null;
  inWords: string;
}

export interface RmaStep {
  state: RmaQueueState;
  label: string;
  /** ISO 8601 instant the RMA first reached the state. */
  at: string;
}

/** The RMA a claim's case links to, as the customer-service screen shows it. */
export interface CaseRma {
  rmaId: string;
  rmaNumber: string;
  type: RmaType;
  state: RmaQueueState;
  stateInWords: string;
  heldBy: RmaHolder;
  /** YYYY-MM-DD: the units must arrive by the end of this day (UTC). */
  returnBy: string;
  carrier: string | null;
  trackingNumber: string | null;
  /** In the order they happened. */
  steps: RmaStep[];
  revision: number;
}

const STEP_LABELS: Record<RmaQueueState, string> = {
  authorized: 'Return authorized',
  in_transit: 'Shipped back',
  received: 'Received',
  inspected: 'Inspected',
  exchange_pending: 'Switched to an exchange',
  exchanged: 'Replacement shipped',
  refunded: 'Refunded',
  credited: 'Credited',
  sent_to_repair: 'Sent to repair',
  returned_to_customer: 'Returned to the customer',
  scrapped: 'Scrapped',
  mixed: 'Every unit dealt with',
  closed: 'Closed',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

const OUTCOME_WORDS: Partial<Record<RmaQueueState, string>> = {
  exchanged: 'Replacement shipped',
  refunded: 'Refund issued',
  credited: 'Credit issued',
  sent_to_repair: 'Unit sent to repair',
  returned_to_customer: 'Unit returned to the customer',
  scrapped: 'Unit scrapped',
  mixed: 'Every unit dealt with, not all the same way',
};

const units = (row: RmaQueueRow) => (row.linesCount === 1 ? 'the unit' : 'the units');

/** `; 1 of 3 units received` while a multi-unit return is partly in. */
function partly(row: RmaQueueRow): string {
  const received = row.lines.filter((line) => line.status !== 'awaiting_return').length;
  return received > 0 && received < row.linesCount
    ? `; ${received} of ${row.linesCount} units received`
    : '';
}

function sender(row: RmaQueueRow): RmaHolder {
  return row.retailerId !== null
    ? {
        party: 'retailer',
        tenantId: row.retailerId,
        inWords: `The retailer or its customer, who ships ${units(row)} with the RMA's label`,
      }
    : {
        party: 'customer',
        tenantId: null,
        inWords: `The customer, who ships ${units(row)} with the RMA's label`,
      };
}

const desk = (row: RmaQueueRow): RmaHolder => ({
  party: 'manufacturer',
  tenantId: row.manufacturerId,
  inWords: "The manufacturer's RMA desk",
});

const nobody: RmaHolder = { party: 'nobody', tenantId: null, inWords: 'Nobody: the RMA is over' };

function wording(row: RmaQueueRow): { stateInWords: string; heldBy: RmaHolder } {
  const number = row.rmaNumber;
  switch (row.state) {
    case 'authorized':
      return {
        stateInWords: `Return authorized: ${number}, waiting for ${units(row)} to be shipped by ${row.returnBy}${partly(row)}`,
        heldBy: sender(row),
      };
    case 'in_transit':
      return {
        stateInWords: `${number}: on the way to the manufacturer with ${row.carrier ?? 'the carrier'} (tracking ${row.trackingNumber ?? 'unknown'})${partly(row)}`,
        heldBy: {
          party: 'carrier',
          tenantId: null,
          inWords: `The carrier${row.carrier ? ` ${row.carrier}` : ''}`,
        },
      };
    case 'received':
      return {
        stateInWords: `${row.linesCount === 1 ? 'Unit' : 'Units'} received, waiting for inspection (${number})`,
        heldBy: desk(row),
      };
    case 'inspected':
      return {
        stateInWords: `Inspected, waiting for the manufacturer to exchange, refund, credit, repair, return or scrap ${units(row)} (${number})`,
        heldBy: desk(row),
      };
    case 'exchange_pending':
      return {
        stateInWords: `Could not be repaired: waiting for the manufacturer to ship a replacement (${number})`,
        heldBy: desk(row),
      };
    case 'closed':
      return { stateInWords: `RMA ${number} closed`, heldBy: nobody };
    case 'expired':
      return {
        stateInWords: `RMA ${number} expired: nothing arrived by ${row.returnBy}`,
        heldBy: nobody,
      };
    case 'cancelled':
      return { stateInWords: `RMA ${number} cancelled`, heldBy: nobody };
    default:
      return {
        stateInWords: `${OUTCOME_WORDS[row.state] ?? `In state "${String(row.state)}"`}, waiting for the manufacturer to close ${number}`,
        heldBy: desk(row),
      };
  }
}

/** Pure: the RMA in plain words, with the time it reached each state. */
export function describeRma(row: RmaQueueRow): CaseRma {
  const steps = RMA_QUEUE_STATES.filter((state) => row.steps[state] !== undefined)
    .map((state) => ({ state, label: STEP_LABELS[state], at: row.steps[state]! }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)); // stable: lifecycle order on ties
  return {
    rmaId: row.rmaId,
    rmaNumber: row.rmaNumber,
    type: row.type,
    state: row.state,
    ...wording(row),
    returnBy: row.returnBy,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    steps,
    revision: row.lastRevision,
  };
}

/** The RMA the claim names, else the latest authorized for it; null when none. */
export function rmaOfClaim(rmas: readonly RmaQueueRow[], named: string | null): RmaQueueRow | null {
  const byName = rmas.find((rma) => rma.rmaId === named);
  if (byName) return byName;
  return [...rmas].sort((a, b) => b.authorizedAt.getTime() - a.authorizedAt.getTime())[0] ?? null;
}
