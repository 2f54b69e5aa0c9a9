export {
  BREACH_RATE_AXIS,
  BREACH_RATE_COLOUR,
  KPI_CHART_TITLE,
  P90_AXIS,
  P90_COLOUR,
  renderKpiChart,
} from './render-kpi-chart';
export type { KpiChartRow } from './render-kpi-chart';
