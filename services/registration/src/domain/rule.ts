import { RuleViolationError } from '@warranty/eventsourcing';

/** Throws a RuleViolationError naming the offending field, for field-level problem details. */
export function ensure(
  condition: boolean,
  code: string,
  field: string,
  message: string,
): asserts condition {
  if (!condition) throw new RuleViolationError(message, code, { field });
}
