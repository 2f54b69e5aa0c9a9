export type CoverageKind = 'parts' | 'labor' | 'accidental_damage';

export const COVERAGE_KINDS: readonly CoverageKind[] = ['parts', 'labor', 'accidental_damage'];

export function isCoverageKind(value: unknown): value is CoverageKind {
  return typeof value === 'string' && (COVERAGE_KINDS as readonly string[]).includes(value);
}
