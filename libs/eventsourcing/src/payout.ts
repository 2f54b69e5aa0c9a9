import { ensure } from './domain-errors';

interface Amount {
  amount: number;
  currency: string;
}

/** How a refusal names the field, what was sold, who is paid and what the limit is. */
export interface PayoutWords {
  field: string;
  sold: string;
  payee: string;
  limit: string;
}

/**
 * A refund or credit: above zero, in the currency the unit was sold in, and never above `limit`
 * (what is left of its price); with no known limit, only above zero.
 */
export function ensurePayout(amount: Amount, limit: Amount | null, words: PayoutWords): void {
  if (limit)
    ensure(
      amount.currency === limit.currency,
      'currency-mismatch',
      `${words.field}.currency`,
      `${words.sold} was sold in ${limit.currency}`,
    );
  ensure(
    Number.isSafeInteger(amount.amount) && amount.amount > 0,
    'invalid-amount',
    `${words.field}.amount`,
    'An amount is a positive whole number of minor units',
  );
  if (limit)
    ensure(
      amount.amount <= limit.amount,
      'amount-exceeds-price',
      `${words.field}.amount`,
      `${words.payee} can get at most ${limit.amount} ${limit.currency} minor units (${words.limit})`,
    );
}
