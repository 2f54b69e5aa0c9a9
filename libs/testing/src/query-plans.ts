/** A node of `EXPLAIN (FORMAT JSON)`; `Actual …` only with ANALYZE. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** The row `EXPLAIN (FORMAT JSON)` returns, as pg hands it over. */
export type ExplainRow = { 'QUERY PLAN': [{ Plan: PlanNode }] };

/** Every node of a plan, the root first. */
export const planNodes = (node: PlanNode): PlanNode[] => [
  node,
  ...(node.Plans ?? []).flatMap(planNodes),
];

/** Rows an analysed plan read from `relation`, over all its scans and loops. */
export const rowsReadFrom = (row: ExplainRow, relation: string): number =>
  planNodes(row['QUERY PLAN'][0].Plan)
    .filter((node) => node['Relation Name'] === relation)
    .reduce((read, node) => read + (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1), 0);
