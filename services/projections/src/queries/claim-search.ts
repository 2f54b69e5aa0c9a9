/**
 * What a claim search matches: what a claim says of itself when filed, as one lower-case text,
 * fields apart by a newline. The expression is the `claim_status_search` index's, column for
 * column, so the planner can answer `LIKE '%term%'` from its trigrams.
 */
export const claimSearchDocument = (alias: string): string => {
  const column = (name: string) => `${alias}.${name}`;
  return `lower(
    ${column('claim_id')} || E'\\n' || ${column('serial_number')} || E'\\n' ||
    coalesce(${column('model')}, '') || E'\\n' || ${column('customer_email')} || E'\\n' ||
    coalesce(${column('customer_name')}, '') || E'\\n' || ${column('defect_category')} ||
    E'\\n' || ${column('defect_description')})`;
};

/** A search term as a LIKE pattern that matches it anywhere, its own % _ and \ taken literally. */
export const containing = (term: string): string => `%${term.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * Claims whose filing contains the term, or whose RMA has it as its number (any case). A plain
 * predicate on the row, so the planner may walk the list's order and stop at a page for a common
 * term, or read the trigram index (and RMA numbers by key) for a rare one.
 */
export const CLAIM_SEARCH_CONDITION = `(${claimSearchDocument('c')} LIKE lower(:searchPattern)
  OR c.claim_id = ANY (ARRAY(
    SELECT r.claim_id FROM rma_queue r
     WHERE r.rma_number = upper(:searchTerm) AND r.claim_id IS NOT NULL)))`;
