import { type CoverageAssessment, type CoverageKind, coverageEndFor } from '@warranty/coverage';

/** Months a proof of purchase covers an unregistered unit for, parts and labour (statutory-style default). */
export const RECEIPT_COVERAGE_MONTHS = 12;
/** The plan code recorded on a claim whose coverage rests on the receipt alone. */
export const RECEIPT_PLAN_CODE = 'RECEIPT-12M';

/** Coverage of an unregistered unit from its receipt: parts and labour for a year, no accidental damage. */
export function receiptCoverage(
  purchaseDate: string,
  failureDate: string,
  kind: CoverageKind,
): CoverageAssessment {
  const endDate = coverageEndFor(purchaseDate, RECEIPT_COVERAGE_MONTHS);
  const planCode = RECEIPT_PLAN_CODE;
  if (kind === 'accidental_damage')
    return { covered: false, planCode, endDate, reason: 'kind_not_covered' };
  if (failureDate < purchaseDate)
    return { covered: false, planCode, endDate, reason: 'not_yet_started' };
  if (failureDate > endDate) return { covered: false, planCode, endDate, reason: 'expired' };
  return { covered: true, planCode, endDate, reason: null };
}

/** The coverage a defect needs: accidental damage is its own kind, everything else is parts. */
export const coverageKindFor = (defectCategory: string): CoverageKind =>
  /accident/.test(defectCategory) ? 'accidental_damage' : 'parts';
