import type { EventFilter } from '../types';

/** Appends WHERE clauses for a filter to `params` and returns them joined with AND (or ''). */
export function filterClauses(filter: EventFilter | undefined, params: unknown[]): string {
  const clauses: string[] = [];
  if (filter?.streamPrefixes) {
    params.push(filter.streamPrefixes.map((p) => p.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'));
    clauses.push(`stream_id LIKE ANY($${params.length})`);
  }
  if (filter?.eventTypes) {
    params.push(filter.eventTypes);
    clauses.push(`type = ANY($${params.length})`);
  }
  return clauses.map((c) => ` AND ${c}`).join('');
}
