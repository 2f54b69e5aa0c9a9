import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { businessCalendarStream, slaPolicyStream } from '@warranty/contracts/sla';
import { EVENT_STORE, type EventStore, type EventToAppend } from '@warranty/event-store';
import type { ProjectionRunner } from '@warranty/read-models';
import { claimFiling, STANDARD_PLAN, unitRegistration } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { DEFAULT_SLA_DEFINITIONS } from '../../src/domain/default-slas';
import { SLA_TIMERS } from '../../src/projections/sla-timers.projection';
import { SLA_TRACKER } from '../../src/projections/sla-tracker.projection';
import { SLA_RUNNER, SlaModule } from '../../src/sla.module';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

// One working minute a week: 3,650 business hours would take about 4,200 years.
const TINY = {
  id: 'tiny',
  timeZone: 'Pacific/Kiritimati',
  workingDays: [1],
  workingHours: { start: '09:00', end: '09:01' },
  holidays: [],
};
const LONG_CHECK = {
  ...DEFAULT_SLA_DEFINITIONS[1],
  name: 'long_check',
  target: { amount: 3650, unit: 'business_hours' },
};

function stored(type: string, data: Record<string, unknown>): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      tenants: {},
      actor: { id: 'ops', role: 'admin', tenantId: 'ops' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
      occurredAt: '2026-06-01T00:00:00.000Z',
    },
  };
}

describe('an SLA whose due time cannot be computed, on a calendar and policy stored before the edge refused them', () => {
  let svc: ServiceUnderTest;
  let sql: Client;
  let maker: string;
  let retailer: string;

  beforeAll(async () => {
    svc = await startServiceUnderTest((url) => [
      RegistrationModule,
      ClaimsModule,
      SlaModule.forRoot(url, { timers: { poll: false } }),
    ]);
    sql = new Client({ connectionString: svc.database.url });
    await sql.connect();
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
    const store = svc.app.get<EventStore>(EVENT_STORE);
    const at = '2026-06-01T00:00:00.000Z';
    await store.append(
      businessCalendarStream('tiny'),
      [stored('BusinessCalendarDefined', { calendar: TINY, by: 'ops', at })],
      'no_stream',
    );
    await store.append(
      slaPolicyStream('acme-appliances'),
      [
        stored('SlaPolicySet', {
          scope: 'acme-appliances',
          calendarId: 'tiny',
          slas: [...DEFAULT_SLA_DEFINITIONS, LONG_CHECK],
          retailerOverrides: {},
          by: 'ops',
          at,
        }),
      ],
      'no_stream',
    );
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    await svc?.close();
  });

  it('records that one SLA as not computable, starts the others and parks nothing', async () => {
    await svc
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration('TINY-1'))
      .expect(201);
    const filed = await svc
      .http()
      .post('/v1/claims')
      .set(auth(retailer))
      .send(claimFiling('TINY-1'))
      .expect(201);
    const claimId = filed.body.claimId as string;
    const runner = svc.app.get<ProjectionRunner>(SLA_RUNNER);
    expect(await runner.waitFor(SLA_TRACKER, BigInt(filed.body.position), 30_000)).toBe(true);
    expect(await runner.waitFor(SLA_TIMERS, await svc.lastWritten(), 30_000)).toBe(true);

    const { rows: parked } = await sql.query(
      `SELECT stream_id FROM projection_parked_events WHERE projection = $1`,
      [SLA_TRACKER],
    );
    expect(parked).toEqual([]);
    const { body } = await svc.http().get(`/v1/sla/subjects/${claimId}`).set(auth(maker));
    const bySla = Object.fromEntries(
      body.slas.map((s: { sla: string; state: string }) => [s.sla, s]),
    );
    expect(Object.keys(bySla).sort()).toEqual([
      'case_resolution',
      'claim_decision',
      'claim_first_response',
      'long_check',
    ]);
    expect(bySla.claim_decision).toMatchObject({ state: 'running', calendarId: 'tiny' });
    expect(bySla.long_check).toMatchObject({
      state: 'not_computable',
      dueAt: null,
      atRiskAt: null,
      due: "not computable: the due time on calendar 'tiny' would fall after 2199-12-31, the platform's last date",
    });

    // The list pages past the timer with no due time too: it comes last.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await svc
        .http()
        .get('/v1/sla/timers')
        .query({ subject: claimId, limit: 1, ...(cursor ? { cursor } : {}) })
        .set(auth(maker))
        .expect(200);
      seen.push(...page.body.items.map((i: { sla: string }) => i.sla));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(seen[3]).toBe('long_check');
    const filtered = await svc
      .http()
      .get('/v1/sla/timers')
      .query({ state: 'not_computable' })
      .set(auth(maker))
      .expect(200);
    expect(filtered.body.items.map((i: { sla: string }) => i.sla)).toEqual(['long_check']);
  }, 120_000);
});
