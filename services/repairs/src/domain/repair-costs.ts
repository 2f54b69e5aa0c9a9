import type { Money, RepairCosts, RepairPart, RepairRates } from './events';

const money = (amount: number, currency: string): Money => ({ amount, currency });

/**
 * The most any rate, fee, part's unit cost or plan limit may be, in minor units: with 50 lines of
 * 10,000 units marked up 1000% and years of labor at the rate, a total stays a safe integer
 * (under 6e15); the decider refuses what goes beyond.
 */
export const MAX_REPAIR_AMOUNT = 1_000_000_000;

/** The most labor one work log or one estimate may count: a day. */
export const MAX_LABOR_MINUTES = 1_440;

/** round(amount * numerator / denominator), exact whenever the result is a safe integer. */
function scaled(amount: number, numerator: number, denominator: number): number {
  const whole = Math.floor(amount / denominator);
  const rest = amount - whole * denominator;
  return whole * numerator + Math.round((rest * numerator) / denominator);
}

/** Whether every amount is a whole number of minor units that a number holds exactly. */
export const allExact = (...amounts: number[]): boolean =>
  amounts.every((amount) => Number.isSafeInteger(amount) && amount >= 0);

export const partsCostOf = (parts: readonly RepairPart[]): number =>
  parts.reduce((sum, part) => sum + part.quantity * part.unitCost.amount, 0);

export const markedUp = (cost: number, rates: RepairRates): number =>
  cost + scaled(cost, rates.partsMarkupBasisPoints, 10_000);

export const laborCostOf = (minutes: number, rates: RepairRates): number =>
  scaled(minutes, rates.laborRatePerHour.amount, 60);

/** Parts with markup plus labor at the rate: what an estimate totals. */
export const estimateTotal = (
  parts: readonly RepairPart[],
  laborMinutes: number,
  rates: RepairRates,
): Money =>
  money(
    markedUp(partsCostOf(parts), rates) + laborCostOf(laborMinutes, rates),
    rates.laborRatePerHour.currency,
  );

/** The share of an amount the plan pays: nothing if not covered, at most the limit if one is set. */
export function planShare(amount: number, covered: boolean, planLimit: Money | null): number {
  if (!covered) return 0;
  return Math.max(0, planLimit === null ? amount : Math.min(amount, planLimit.amount));
}

export interface CostBasis {
  rates: RepairRates;
  covered: boolean;
  planLimit: Money | null;
  receivedParts: readonly RepairPart[];
  laborMinutes: number;
  /** Declined or unrepairable: the diagnosis fee is charged on top. */
  diagnosisFee: boolean;
  /** False when the customer declined: the plan pays nothing and the customer pays the fee. */
  planPays: boolean;
}

/** The closing figures: parts and labor add up to gross; the plan pays within its limit. */
export function repairCosts(basis: CostBasis): RepairCosts {
  const { rates } = basis;
  const currency = rates.laborRatePerHour.currency;
  const partsCost = partsCostOf(basis.receivedParts);
  const partsCharge = markedUp(partsCost, rates);
  const laborCost = laborCostOf(basis.laborMinutes, rates);
  const fee = basis.diagnosisFee ? rates.diagnosisFee.amount : 0;
  const gross = partsCharge + laborCost + fee;
  const reimbursement = basis.planPays ? planShare(gross, basis.covered, basis.planLimit) : 0;
  return {
    partsCost: money(partsCost, currency),
    partsCharge: money(partsCharge, currency),
    laborMinutes: basis.laborMinutes,
    laborCost: money(laborCost, currency),
    diagnosisFee: money(fee, currency),
    gross: money(gross, currency),
    reimbursement: money(reimbursement, currency),
    customerCharge: money(gross - reimbursement, currency),
  };
}
