import { evolveCaseParties, type NamedParties } from '@warranty/contracts/parties';
import {
  type Money,
  type Payee,
  type PayableSource,
  payableId,
} from '@warranty/contracts/settlement';

/** One amount a manufacturer owes a payee, from one case event. */
export interface Payable {
  payableId: string;
  manufacturerId: string;
  payee: Payee;
  source: PayableSource;
  amount: Money;
  /** When the case event that made it owed happened. */
  owedSince: string;
}

/** What a case stream told before an event, enough to price what the event makes owed. */
export interface CaseFacts {
  parties: NamedParties | null;
  /** The amount of the claim's last approval. */
  approvedAmount: Money | null;
}

export const NO_FACTS: CaseFacts = { parties: null, approvedAmount: null };

/** The case events that can make something owed. */
export const OWING_EVENTS: readonly string[] = [
  'ClaimResolved',
  'RefundIssued',
  'CreditIssued',
  'RepairOrderClosed',
  'UnrepairableDeclared',
];

type Data = Record<string, unknown>;

export function evolveCaseFacts(facts: CaseFacts, type: string, data: Data): CaseFacts {
  const parties = evolveCaseParties(facts.parties, type, data);
  const approvedAmount =
    type === 'ClaimApproved'
      ? ((data.approvedAmount as Money | null) ?? null)
      : facts.approvedAmount;
  return parties === facts.parties && approvedAmount === facts.approvedAmount
    ? facts
    : { parties, approvedAmount };
}

/**
 * Whether an amount makes something owed: zero owes nobody; one that is no whole, exact,
 * non-negative number of minor units throws, so the event is parked rather than skipped.
 */
function positive(money: Money | null | undefined, field: string): money is Money {
  if (!money) return false;
  if (!Number.isSafeInteger(money.amount) || money.amount < 0)
    throw new Error(
      `${field} ${JSON.stringify(money.amount)} is not a whole, exact, non-negative amount`,
    );
  return money.amount > 0;
}

/**
 * What an event makes the manufacturer owe, given the facts of its case before it:
 * - a claim resolved `refunded` or `credited` with no RMA (paid directly): its approved amount, to
 *   the retailer that filed it, which paid or credited the customer;
 * - a refund or a credit issued on an RMA line: its amount, to the retailer that sold the unit
 *   (an RMA naming no retailer owes nobody here);
 * - a repair order closed, or declared unrepairable: its reimbursement, to the service center
 *   that holds it.
 * An amount of zero owes nothing; an amount that is not a safe non-negative integer throws.
 */
export function payableOf(facts: CaseFacts, type: string, data: Data, at: string): Payable | null {
  const parties = facts.parties;
  if (!parties) return null;
  const owed = (payee: Payee, source: PayableSource, amount: Money): Payable => ({
    payableId: payableId(source.kind, source.id, source.lineId),
    manufacturerId: parties.manufacturerId,
    payee,
    source,
    amount: { amount: amount.amount, currency: amount.currency },
    owedSince: at,
  });
  switch (type) {
    case 'ClaimResolved': {
      const paidDirectly =
        data.rmaId === null && (data.outcome === 'refunded' || data.outcome === 'credited');
      if (!paidDirectly || !parties.retailerId || !positive(facts.approvedAmount, 'approvedAmount'))
        return null;
      return owed(
        { kind: 'retailer', id: parties.retailerId },
        { kind: 'claim', id: String(data.claimId), lineId: null },
        facts.approvedAmount,
      );
    }
    case 'RefundIssued':
    case 'CreditIssued': {
      const amount = data.amount as Money | undefined;
      if (!parties.retailerId || !positive(amount, 'amount')) return null;
      return owed(
        { kind: 'retailer', id: parties.retailerId },
        { kind: 'rma', id: String(data.rmaId), lineId: String(data.lineId) },
        amount,
      );
    }
    case 'RepairOrderClosed':
    case 'UnrepairableDeclared': {
      const reimbursement = (data.costs as { reimbursement?: Money } | undefined)?.reimbursement;
      if (!parties.serviceCenterId || !positive(reimbursement, 'costs.reimbursement')) return null;
      return owed(
        { kind: 'service_center', id: parties.serviceCenterId },
        { kind: 'repair', id: String(data.repairOrderId), lineId: null },
        reimbursement,
      );
    }
    default:
      return null;
  }
}
