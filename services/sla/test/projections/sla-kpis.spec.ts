import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { SlaModule } from '../../src/sla.module';
import { type GeneratedTimer as Row, generateTimers, insertTimers } from './generated-timers';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
/** percentile_cont: linear interpolation between the two nearest ranks. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = p * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

function reference(rows: Row[], key: (row: Row) => string | null) {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const id = JSON.stringify([key(row), row.sla]);
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  return [...groups.entries()]
    .map(([id, members]) => {
      const [group, sla] = JSON.parse(id) as [string | null, string];
      const done = members.filter((m) => m.outcome === 'met' || m.outcome === 'breached');
      const met = members.filter((m) => m.outcome === 'met').length;
      const breached = members.filter((m) => m.breached && m.outcome !== 'cancelled').length;
      return {
        group,
        sla,
        count: members.filter((m) => m.outcome !== 'cancelled').length,
        open: members.filter((m) => m.outcome === null && !m.breached).length,
        met,
        breached,
        cancelled: members.filter((m) => m.outcome === 'cancelled').length,
        breachRate: met + breached === 0 ? null : breached / (met + breached),
        p50Ms: percentile(
          done.map((m) => m.usedMs),
          0.5,
        ),
        p90Ms: percentile(
          done.map((m) => m.usedMs),
          0.9,
        ),
      };
    })
    .sort((a, b) =>
      a.group === b.group
        ? a.sla.localeCompare(b.sla)
        : a.group === null
          ? 1
          : b.group === null
            ? -1
            : a.group < b.group
              ? -1
              : 1,
    );
}

describe('SLA KPIs on 10,000 generated timers', () => {
  let svc: ServiceUnderTest;
  let admin: string;
  const rows = generateTimers(10_000);

  beforeAll(async () => {
    svc = await startServiceUnderTest((url) => [
      SlaModule.forRoot(url, { timers: { poll: false } }),
    ]);
    admin = await svc.keyFor('ops', 'admin');
    await insertTimers(svc.database.url, rows);
  }, 120_000);
  afterAll(() => svc?.close());

  const keys = {
    manufacturer: (r: Row) => r.manufacturer,
    retailer: (r: Row) => r.retailer,
    category: (r: Row) => r.category,
    month: (r: Row) => r.month,
  };

  it.each(Object.keys(keys) as (keyof typeof keys)[])(
    'per %s: counts, breach rate and p50/p90 match a reference computation',
    async (groupBy) => {
      const { body } = await svc
        .http()
        .get('/v1/sla/kpis')
        .query({ groupBy })
        .set(auth(admin))
        .expect(200);
      const expected = reference(rows, keys[groupBy]);
      expect(body.rows).toHaveLength(expected.length);
      // The buckets partition the count: a running breach is breached, not also open.
      for (const row of body.rows) expect(row.open + row.met + row.breached).toBe(row.count);
      for (const [i, row] of expected.entries()) {
        const got = body.rows[i];
        expect({ ...got, breachRate: null, p50Ms: null, p90Ms: null }).toEqual({
          ...row,
          breachRate: null,
          p50Ms: null,
          p90Ms: null,
        });
        expect(got.breachRate).toBeCloseTo(row.breachRate!, 10);
        expect(got.p50Ms).toBeCloseTo(row.p50Ms!, 3);
        expect(got.p90Ms).toBeCloseTo(row.p90Ms!, 3);
      }
    },
  );

  it('a manufacturer sees only its own products’ KPIs', async () => {
    const bolt = await svc.keyFor('bolt', 'manufacturer');
    const { body } = await svc
      .http()
      .get('/v1/sla/kpis')
      .query({ groupBy: 'manufacturer' })
      .set(auth(bolt))
      .expect(200);
    expect(new Set(body.rows.map((r: { group: string }) => r.group))).toEqual(new Set(['bolt']));
  });

  it('draws the monthly chart as SVG', async () => {
    const res = await svc
      .http()
      .get('/v1/sla/kpis.svg')
      .query({ sla: 'claim_decision' })
      .set(auth(admin))
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(String(res.text ?? res.body)).toMatch(/<svg[\s>]/);
  });

  it('lists timers oldest due first, a page at a time, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let previous = '';
    for (let page = 0; page < 3; page++) {
      const { body } = await svc
        .http()
        .get('/v1/sla/timers')
        .query({ limit: 100, ...(cursor ? { cursor } : {}), party: 'acme' })
        .set(auth(admin))
        .expect(200);
      for (const item of body.items) {
        expect(item.dueAt >= previous).toBe(true);
        previous = item.dueAt;
        seen.push(`${item.subjectId}/${item.sla}`);
      }
      cursor = body.nextCursor;
    }
    expect(new Set(seen).size).toBe(300);
    await svc.http().get('/v1/sla/timers').query({ cursor: 'bm9wZQ' }).set(auth(admin)).expect(400);
  });
});
