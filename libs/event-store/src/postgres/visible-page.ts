import type { ReadAllOptions } from '../types';
import { EVENT_COLUMNS } from './row-mapping';
import { VISIBLE_BOUND_SQL } from './schema';
import { filterClauses } from './sql-filter';

const DEFAULT_PAGE = 1000;

/**
 * One page of the global log below the visibility bound, each row carrying the bound. Rows at or
 * above the bound come after every row below it, so dropping them leaves a prefix of the page.
 */
export function visiblePage(options: ReadAllOptions = {}): { sql: string; params: unknown[] } {
  const params: unknown[] = [(options.after ?? -1n).toString(), options.maxCount ?? DEFAULT_PAGE];
  const filter = filterClauses(options.filter, params);
  return {
    // The bound filters the page after the limit: as an index condition the planner cannot
    // estimate it, and chose to fetch and sort every visible row for each page.
    sql: `WITH horizon AS (SELECT ${VISIBLE_BOUND_SQL} AS bound)
       SELECT ${EVENT_COLUMNS}, horizon.bound FROM horizon
         LEFT JOIN LATERAL (
           SELECT * FROM (
             SELECT * FROM event_store.events WHERE position > $1${filter}
              ORDER BY position LIMIT $2) page
            WHERE page.position < horizon.bound) e ON true`,
    params,
  };
}
