import type { CoverageKind } from './coverage-kind';
import { addDays, earlierOf, isIsoDate } from './dates';

/** What a coverage answer needs to know about one registered unit. */
export interface CoverageFacts {
  status: 'active' | 'voided' | 'cancelled';
  /** YYYY-MM-DD, inclusive. */
  coverageStart: string;
  /** YYYY-MM-DD, inclusive. */
  coverageEnd: string;
  coverage: CoverageKind[];
  /** Set when a non-transferable plan's unit changed owner: not covered from that day on. */
  coverageEndedOn: string | null;
  planCode: string;
  /** Set when the registration ended because an exchange replaced the unit. */
  replacedByProductId: string | null;
}

export type NotCoveredReason =
  | 'not_registered'
  | 'not_yet_started'
  | 'expired'
  | 'voided'
  | 'cancelled'
  | 'replaced'
  | 'kind_not_covered'
  | 'ownership_transferred';

export interface CoverageAssessment {
  covered: boolean;
  planCode: string | null;
  /** The last covered day, or null when nothing is in force (unregistered, voided, cancelled). */
  endDate: string | null;
  reason: NotCoveredReason | null;
}

export function notRegistered(): CoverageAssessment {
  return { covered: false, planCode: null, endDate: null, reason: 'not_registered' };
}

/** The last day the unit is covered, taking an ownership change into account. */
export function effectiveCoverageEnd(facts: CoverageFacts): string {
  return facts.coverageEndedOn === null
    ? facts.coverageEnd
    : earlierOf(facts.coverageEnd, addDays(facts.coverageEndedOn, -1));
}

/** Is the unit covered on day `on` for `kind`, until when, and if not, why not. */
export function assessCoverage(
  facts: CoverageFacts,
  on: string,
  kind: CoverageKind,
): CoverageAssessment {
  if (!isIsoDate(on)) throw new RangeError(`Not a YYYY-MM-DD date: ${on}`);
  const { planCode } = facts;
  const refuse = (reason: NotCoveredReason, endDate: string | null): CoverageAssessment => ({
    covered: false,
    planCode,
    endDate,
    reason,
  });
  if (facts.status === 'cancelled')
    return refuse(facts.replacedByProductId === null ? 'cancelled' : 'replaced', null);
  if (facts.status === 'voided') return refuse('voided', null);
  const endDate = effectiveCoverageEnd(facts);
  if (on < facts.coverageStart) return refuse('not_yet_started', endDate);
  if (on > endDate)
    return refuse(endDate < facts.coverageEnd ? 'ownership_transferred' : 'expired', endDate);
  if (!facts.coverage.includes(kind)) return refuse('kind_not_covered', endDate);
  return { covered: true, planCode, endDate, reason: null };
}
