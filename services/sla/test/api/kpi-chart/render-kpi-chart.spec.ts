import { DOMParser, onWarningStopParsing, type Document, type Element } from '@xmldom/xmldom';
import {
  BREACH_RATE_AXIS,
  KPI_CHART_TITLE,
  P90_AXIS,
  renderKpiChart,
} from '../../../src/api/kpi-chart';

const HOUR = 3_600_000;
const SVG_NS = 'http://www.w3.org/2000/svg';
const BREACH_SERIES = '0';
const P90_SERIES = '1';

function parseSvg(svg: string): Document {
  const document = new DOMParser({ onError: onWarningStopParsing }).parseFromString(
    svg,
    'image/svg+xml',
  );
  expect(document.documentElement?.namespaceURI).toBe(SVG_NS);
  expect(document.documentElement?.localName).toBe('svg');
  return document;
}

function elements(document: Document): Element[] {
  return Array.from(document.getElementsByTagName('*'));
}

function texts(document: Document): string[] {
  return Array.from(document.getElementsByTagName('text')).map((text) => text.textContent ?? '');
}

/** The data index of each mark the chart drew for one series. */
function marksOf(document: Document, series: string): string[] {
  return elements(document)
    .filter(
      (element) =>
        element.getAttribute('ecmeta_ssr_type') === 'chart' &&
        element.getAttribute('ecmeta_series_index') === series,
    )
    .map((element) => element.getAttribute('ecmeta_data_index') ?? '')
    .sort();
}

describe('renderKpiChart', () => {
  const rows = [
    { month: '2026-03', breachRate: 0.2, p90Ms: 50 * HOUR },
    { month: '2026-01', breachRate: 0.125, p90Ms: 30 * HOUR },
    { month: '2026-02', breachRate: 0.05, p90Ms: 12.25 * HOUR },
  ];

  it('renders a standalone SVG document that parses as XML', () => {
    const svg = renderKpiChart(rows);
    expect(svg.startsWith('<svg')).toBe(true);
    const document = parseSvg(svg);
    expect(document.documentElement?.getAttribute('viewBox')).toBe('0 0 720 360');
  });

  it('draws one mark per month for each series', () => {
    const document = parseSvg(renderKpiChart(rows));
    expect(marksOf(document, BREACH_SERIES)).toEqual(['0', '1', '2']);
    expect(marksOf(document, P90_SERIES)).toEqual(['0', '1', '2']);
  });

  it('names the chart and both axes and labels the months in order', () => {
    const words = texts(parseSvg(renderKpiChart(rows)));
    expect(words).toEqual(
      expect.arrayContaining([KPI_CHART_TITLE, BREACH_RATE_AXIS, P90_AXIS, 'month']),
    );
    expect(words.filter((word) => /^\d{4}-\d{2}$/.test(word))).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
  });

  it('labels the breach rate in percent', () => {
    const words = texts(parseSvg(renderKpiChart(rows)));
    expect(words).toEqual(expect.arrayContaining(['12.5%', '5%', '20%']));
  });

  it('leaves out the p90 mark of a month without one, and keeps its breach rate', () => {
    const document = parseSvg(
      renderKpiChart([
        { month: '2026-01', breachRate: 0, p90Ms: 4 * HOUR },
        { month: '2026-02', breachRate: 0, p90Ms: null },
      ]),
    );
    expect(marksOf(document, BREACH_SERIES)).toEqual(['0', '1']);
    expect(marksOf(document, P90_SERIES)).toEqual(['0']);
  });

  it('says "no data" for no rows', () => {
    const document = parseSvg(renderKpiChart([]));
    expect(texts(document)).toEqual(expect.arrayContaining(['no data', KPI_CHART_TITLE]));
    expect(marksOf(document, BREACH_SERIES)).toEqual([]);
  });
});
