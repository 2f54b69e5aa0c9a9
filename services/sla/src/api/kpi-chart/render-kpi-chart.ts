import * as echarts from 'echarts';

export interface KpiChartRow {
  /** 'YYYY-MM' */
  month: string;
  /** 0..1 */
  breachRate: number;
  p90Ms: number | null;
}

export const KPI_CHART_TITLE = 'SLA breach rate and p90 duration per month';
export const BREACH_RATE_AXIS = 'breach rate (%)';
export const P90_AXIS = 'p90 (hours)';
export const BREACH_RATE_COLOUR = '#c2410c';
export const P90_COLOUR = '#1d4ed8';

const WIDTH = 720;
const HEIGHT = 360;
const HOUR_MS = 3_600_000;

/** A standalone SVG document of breach rate and p90 per month, rendered without a browser. */
export function renderKpiChart(rows: readonly KpiChartRow[]): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: WIDTH,
    height: HEIGHT,
  });
  try {
    chart.setOption(rows.length === 0 ? noDataOption() : chartOption(rows));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function chartOption(rows: readonly KpiChartRow[]): echarts.EChartsOption {
  const months = [...rows].sort((a, b) => a.month.localeCompare(b.month));
  return {
    animation: false,
    title: { text: KPI_CHART_TITLE, left: 'center' },
    legend: { bottom: 0, itemGap: 40 },
    grid: { left: 70, right: 70, top: 60, bottom: 70 },
    xAxis: {
      type: 'category',
      name: 'month',
      nameLocation: 'middle',
      nameGap: 30,
      data: months.map((row) => row.month),
    },
    yAxis: [
      { type: 'value', name: BREACH_RATE_AXIS, min: 0, axisLine: axisColour(BREACH_RATE_COLOUR) },
      {
        type: 'value',
        name: P90_AXIS,
        min: 0,
        axisLine: axisColour(P90_COLOUR),
        splitLine: { show: false },
      },
    ],
    series: [
      {
        type: 'bar',
        name: BREACH_RATE_AXIS,
        yAxisIndex: 0,
        color: BREACH_RATE_COLOUR,
        label: { show: true, position: 'top', formatter: '{c}%' },
        data: months.map((row) => roundTo(row.breachRate * 100, 1)),
      },
      {
        type: 'line',
        name: P90_AXIS,
        yAxisIndex: 1,
        color: P90_COLOUR,
        symbol: 'circle',
        symbolSize: 8,
        showAllSymbol: true,
        data: months.map((row) => (row.p90Ms === null ? null : roundTo(row.p90Ms / HOUR_MS, 1))),
      },
    ],
  };
}

function noDataOption(): echarts.EChartsOption {
  return {
    animation: false,
    title: { text: KPI_CHART_TITLE, left: 'center' },
    graphic: {
      type: 'text',
      left: 'center',
      top: 'middle',
      style: { text: 'no data', fontSize: 18, fill: '#6b7280' },
    },
  };
}

function axisColour(colour: string) {
  return { show: true, lineStyle: { color: colour } };
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
