import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { businessCalendarStream } from '@warranty/contracts/sla';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { STANDARD_PLAN, unitRegistration, claimFiling } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { SlaModule } from '../../src/sla.module';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

const BERLIN = {
  timeZone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: { start: '08:00', end: '16:00' },
  holidays: ['2026-12-25'],
};

describe('SLA policies and business calendars over HTTP', () => {
  let svc: ServiceUnderTest;
  let sql: Client;
  let admin: string;
  let maker: string;
  let retailer: string;
  let serial = 0;

  beforeAll(async () => {
    svc = await startServiceUnderTest((url) => [
      RegistrationModule,
      ClaimsModule,
      SlaModule.forRoot(url, { timers: { poll: false } }),
    ]);
    sql = new Client({ connectionString: svc.database.url });
    await sql.connect();
    admin = await svc.keyFor('ops', 'admin');
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    await svc?.close();
  });

  it('validates a calendar at the edge: zone, HH:mm, dates, hours in order', async () => {
    const put = (body: object) =>
      svc.http().put('/v1/business-calendars/de-office').set(auth(admin)).send(body);
    const fields = async (body: object) => {
      const res = await put(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      return [...new Set(res.body.errors.map((e: { field: string }) => e.field))];
    };
    expect(await fields({ ...BERLIN, timeZone: 'Mars/Olympus' })).toEqual(['timeZone']);
    expect(await fields({ ...BERLIN, workingHours: { start: '8:00', end: '16:00' } })).toEqual([
      'workingHours.start',
    ]);
    expect(await fields({ ...BERLIN, holidays: ['2026-02-30x'] })).toEqual(['holidays']);
    expect(await fields({ ...BERLIN, workingDays: [0, 8] })).toEqual(['workingDays']);
    expect(await fields({ ...BERLIN, workingHours: { start: '17:00', end: '09:00' } })).toEqual([
      'body',
    ]);
    await svc.http().put('/v1/business-calendars/Bad_Id').set(auth(admin)).send(BERLIN).expect(400);
    await svc
      .http()
      .put('/v1/business-calendars/de-office')
      .set(auth(maker))
      .send(BERLIN)
      .expect(403);
    const saved = await put(BERLIN).expect(200);
    expect(saved.headers.etag).toBe('"0"');
    expect(saved.body).toMatchObject({ id: 'de-office', ...BERLIN });
    const read = await svc.http().get('/v1/business-calendars/de-office').set(auth(maker));
    expect(read.body).toMatchObject(BERLIN);
    await svc.http().get('/v1/business-calendars/nowhere').set(auth(maker)).expect(404);
  });

  it('lets a manufacturer set its own policy (only its own), and an admin the defaults', async () => {
    await svc
      .http()
      .put('/v1/sla-policies')
      .set(auth(maker))
      .send({ calendarId: 'no-such-calendar' })
      .expect(400);
    await svc.http().put('/v1/sla-policies').set(auth(maker)).send({}).expect(400);
    // Omitted keeps what is in force; null is not a way to say so.
    for (const field of ['calendarId', 'slas', 'retailerOverrides']) {
      const refused = await svc
        .http()
        .put('/v1/sla-policies')
        .set(auth(maker))
        .send({ [field]: null })
        .expect(400);
      expect([
        ...new Set(refused.body.errors.map((error: { field: string }) => error.field)),
      ]).toEqual([field]);
      expect(JSON.stringify(refused.body.errors)).not.toContain('PUT it first');
    }
    await svc
      .http()
      .put('/v1/sla-policies')
      .set(auth(maker))
      .send({ manufacturerId: 'someone-else', calendarId: 'default' })
      .expect(404);
    await svc
      .http()
      .put('/v1/sla-policies')
      .set(auth(retailer))
      .send({ calendarId: 'default' })
      .expect(403);
    const defaults = await svc
      .http()
      .put('/v1/sla-policies')
      .set(auth(admin))
      .send({ calendarId: 'de-office' })
      .expect(200);
    expect(defaults.body).toMatchObject({ scope: '_default', calendarId: 'de-office' });
    const inherited = await svc.http().get('/v1/sla-policies').set(auth(maker)).expect(200);
    expect(inherited.body).toMatchObject({ own: false, calendarId: 'de-office' });
    expect(inherited.body.slas).toHaveLength(5);
  });

  const fieldsOf = (res: { body: { errors: { field: string }[] } }) => [
    ...new Set(res.body.errors.map((e) => e.field)),
  ];
  const ON_FILING = {
    name: 'long_check',
    subject: 'claim',
    start: [{ eventType: 'ClaimFiled' }],
    stop: [{ eventType: 'ClaimApproved' }],
    target: { amount: 3650, unit: 'business_hours' },
  };
  const TINY = {
    timeZone: 'Pacific/Kiritimati',
    workingDays: [1],
    workingHours: { start: '09:00', end: '09:01' },
    holidays: [],
  };

  it('refuses a calendar too sparse for the largest target a policy may set', async () => {
    const refused = await svc
      .http()
      .put('/v1/business-calendars/tiny')
      .set(auth(admin))
      .send(TINY)
      .expect(400);
    expect(fieldsOf(refused)).toEqual(['workingHours']);
    expect(refused.body.errors[0].message).toMatch(/^too little working time: 3650 business_hours/);
  });

  it('refuses a target that cannot come due by 2199 on a calendar stored before that rule', async () => {
    const store = svc.app.get<EventStore>(EVENT_STORE);
    await store.append(
      businessCalendarStream('tiny-legacy'),
      [
        {
          id: randomUUID(),
          type: 'BusinessCalendarDefined',
          data: { calendar: { id: 'tiny-legacy', ...TINY }, by: 'ops', at: '2026-01-01T00:00:00Z' },
          metadata: {
            tenants: {},
            actor: { id: 'ops', role: 'admin', tenantId: 'ops' },
            correlationId: randomUUID(),
            causationId: randomUUID(),
            schemaVersion: 1,
            occurredAt: '2026-01-01T00:00:00.000Z',
          },
        },
      ],
      'no_stream',
    );
    const onTiny = await svc
      .http()
      .put('/v1/sla-policies')
      .set(auth(admin))
      .send({ manufacturerId: 'tiny-maker', calendarId: 'tiny-legacy', slas: [ON_FILING] })
      .expect(400);
    expect(fieldsOf(onTiny)).toEqual(['slas[0].target']);
    expect(onTiny.body.errors[0].message).toMatch(
      /^long_check: 3650 business_hours counted from now on calendar 'tiny-legacy' would come due after 2199-12-31/,
    );
    // Moving a policy whose targets are in force onto it blames the calendar.
    await svc
      .http()
      .put('/v1/sla-policies')
      .set(auth(admin))
      .send({ manufacturerId: 'tiny-maker', slas: [ON_FILING] })
      .expect(200);
    const moved = await svc
      .http()
      .put('/v1/sla-policies')
      .set(auth(admin))
      .send({ manufacturerId: 'tiny-maker', calendarId: 'tiny-legacy' })
      .expect(400);
    expect(fieldsOf(moved)).toEqual(['calendarId']);
  });

  it('refuses policy input that could never work, naming each field', async () => {
    const put = (body: object) =>
      svc
        .http()
        .put('/v1/sla-policies')
        .set(auth(admin))
        .send({ manufacturerId: 'picky', ...body });
    const refused = async (body: object) => fieldsOf(await put(body).expect(400));
    expect(await refused({ slas: [{ ...ON_FILING, start: [{ eventType: 'FooBar' }] }] })).toEqual([
      'slas[0].start[0].eventType',
    ]);
    expect(
      await refused({
        slas: [
          {
            ...ON_FILING,
            subject: 'rma',
            start: [{ eventType: 'ClaimFiled' }],
            stop: [{ eventType: 'RepairOrderClosed' }],
          },
        ],
      }),
    ).toEqual(['slas[0].start[0].eventType', 'slas[0].stop[0].eventType']);
    expect(
      await refused({
        retailerOverrides: [
          {
            retailerId: 'acme-retail',
            sla: 'no_such_sla',
            target: { amount: 1, unit: 'business_days' },
          },
        ],
      }),
    ).toEqual(['retailerOverrides[0].sla']);
    expect(await refused({ slas: [] })).toEqual(['slas']);
    expect(
      await refused({
        slas: [{ ...ON_FILING, pause: [{ eventType: 'ClaimInfoRequested' }] }],
      }),
    ).toEqual(['slas[0].resume']);
    // An unknown retailer is accepted: this service does not know the tenants.
    await put({
      retailerOverrides: [
        {
          retailerId: 'never-sold',
          sla: 'claim_decision',
          target: { amount: 1, unit: 'business_days' },
        },
      ],
    }).expect(200);
  });

  it('replaces the whole slas list, and the whole overrides list, each only when sent', async () => {
    const put = (body: object) =>
      svc
        .http()
        .put('/v1/sla-policies')
        .set(auth(admin))
        .send({ manufacturerId: 'whole', ...body });
    const quick = {
      ...ON_FILING,
      name: 'quick_check',
      target: { amount: 2, unit: 'business_hours' },
    };
    const override = {
      retailerId: 'acme-retail',
      sla: 'quick_check',
      target: { amount: 1, unit: 'business_hours' },
    };
    await put({ slas: [quick], retailerOverrides: [override] }).expect(200);
    // slas alone keeps the overrides in force...
    const kept = await put({ slas: [quick, { ...ON_FILING, name: 'other_check' }] }).expect(200);
    expect(kept.body.slas.map((s: { name: string }) => s.name)).toEqual([
      'quick_check',
      'other_check',
    ]);
    expect(kept.body.retailerOverrides).toEqual({
      'acme-retail': { quick_check: { amount: 1, unit: 'business_hours' } },
    });
    // ...so slas that drop an SLA they name are refused until the overrides come along.
    const dropping = await put({ slas: [{ ...ON_FILING, name: 'other_check' }] }).expect(400);
    expect(fieldsOf(dropping)).toEqual(['slas']);
    const both = await put({
      slas: [{ ...ON_FILING, name: 'other_check' }],
      retailerOverrides: [],
    }).expect(200);
    expect(both.body).toMatchObject({ retailerOverrides: {} });
    expect(both.body.slas.map((s: { name: string }) => s.name)).toEqual(['other_check']);
  });

  it('sends the stream revision as ETag on reads and honours If-Match on both PUTs', async () => {
    const calendar = (ifMatch?: string) => {
      const put = svc.http().put('/v1/business-calendars/etag-office').set(auth(admin));
      return (ifMatch ? put.set('If-Match', ifMatch) : put).send(BERLIN);
    };
    await calendar('"0"').expect(412);
    expect((await calendar().expect(200)).headers.etag).toBe('"0"');
    const read = await svc
      .http()
      .get('/v1/business-calendars/etag-office')
      .set(auth(maker))
      .expect(200);
    expect(read.headers.etag).toBe('"0"');
    expect(read.body.revision).toBe(0);
    await svc
      .http()
      .put('/v1/business-calendars/etag-office')
      .set(auth(admin))
      .set('If-Match', read.headers.etag)
      .send({ ...BERLIN, holidays: ['2026-12-24'] })
      .expect(200);
    const stale = await calendar(read.headers.etag).expect(412);
    expect(stale.body).toMatchObject({ currentRevision: 1 });
    // The built-in default calendar has no stream yet, so no ETag.
    const builtIn = await svc
      .http()
      .get('/v1/business-calendars/default')
      .set(auth(maker))
      .expect(200);
    expect(builtIn.headers.etag).toBeUndefined();
    expect(builtIn.body.revision).toBeNull();

    const etagMaker = await svc.keyFor('etag-maker', 'manufacturer');
    const policy = () => svc.http().get('/v1/sla-policies').set(auth(etagMaker)).expect(200);
    const inherited = await policy();
    expect(inherited.headers.etag).toBeUndefined();
    expect(inherited.body).toMatchObject({ own: false, revision: null });
    const put = (ifMatch: string | undefined, calendarId: string) => {
      const request = svc.http().put('/v1/sla-policies').set(auth(etagMaker));
      return (ifMatch ? request.set('If-Match', ifMatch) : request).send({ calendarId });
    };
    await put('"0"', 'etag-office').expect(412);
    await put(undefined, 'etag-office').expect(200);
    const own = await policy();
    expect(own.headers.etag).toBe('"0"');
    expect(own.body).toMatchObject({ own: true, revision: 0, calendarId: 'etag-office' });
    await put(own.headers.etag, 'default').expect(200);
    await put(own.headers.etag, 'etag-office').expect(412);
    expect((await policy()).body.calendarId).toBe('default');
  });

  it('a new SLA is data: defined in the policy, it starts and stops on the events it names', async () => {
    const policy = await svc
      .http()
      .put('/v1/sla-policies')
      .set(auth(maker))
      .send({
        calendarId: 'default',
        slas: [
          {
            name: 'goodwill_check',
            subject: 'claim',
            start: [
              {
                eventType: 'ClaimFiled',
                where: { field: 'requestedResolution', equals: 'refund' },
              },
            ],
            stop: [{ eventType: 'ClaimApproved' }, { eventType: 'ClaimRejected' }],
            target: { amount: 4, unit: 'business_hours' },
          },
        ],
        retailerOverrides: [
          {
            retailerId: 'acme-retail',
            sla: 'goodwill_check',
            target: { amount: 2, unit: 'business_hours' },
          },
        ],
      })
      .expect(200);
    expect(policy.body).toMatchObject({ scope: 'acme-appliances', own: true });
    await svc
      .http()
      .put('/v1/sla-policies')
      .set(auth(maker))
      .send({ slas: [{ name: 'x' }] })
      .expect(400);

    const file = async (requestedResolution: string) => {
      const serialNumber = `POL-${++serial}`;
      await svc
        .http()
        .post('/v1/products')
        .set(auth(retailer))
        .send(unitRegistration(serialNumber))
        .expect(201);
      const { body } = await svc
        .http()
        .post('/v1/claims')
        .set(auth(retailer))
        .send(claimFiling(serialNumber, { requestedResolution }))
        .expect(201);
      return body as { claimId: string; position: string };
    };
    const refund = await file('refund');
    const repair = await file('repair');
    const slasOf = async (claim: { claimId: string; position: string }) =>
      (
        await svc
          .http()
          .get(`/v1/sla/subjects/${claim.claimId}`)
          .query({ minPosition: claim.position })
          .set(auth(maker))
      ).body;
    // The SLA stream is written after the claim's event, so wait for its row.
    const deadline = Date.now() + 10_000;
    let refundSlas = await slasOf(refund);
    while (!refundSlas.slas && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      refundSlas = await slasOf(refund);
    }
    // 12:00 Berlin on Monday 15 June, 2 business hours (the retailer's override): 14:00.
    expect(refundSlas.slas).toEqual([
      expect.objectContaining({
        sla: 'goodwill_check',
        state: 'running',
        dueAt: '2026-06-15T12:00:00.000Z',
      }),
    ]);
    // An hour later the claim is rejected: the SLA stops as met, one business hour used.
    svc.clock.set('2026-06-15T11:00:00.000Z');
    await svc
      .http()
      .post(`/v1/claims/${refund.claimId}/review`)
      .set(auth(maker))
      .send({})
      .expect(200);
    const rejected = await svc
      .http()
      .post(`/v1/claims/${refund.claimId}/rejection`)
      .set(auth(maker))
      .send({ reasonCode: 'misuse' })
      .expect(200);
    const stopDeadline = Date.now() + 10_000;
    let after = await slasOf({ claimId: refund.claimId, position: rejected.body.position });
    while (after.slas[0].state === 'running' && Date.now() < stopDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await slasOf({ claimId: refund.claimId, position: rejected.body.position });
    }
    expect(after.slas).toEqual([
      expect.objectContaining({ sla: 'goodwill_check', state: 'met', usedMs: 3_600_000 }),
    ]);
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM event_store.events WHERE stream_id = $1`,
      [`sla-claim~${repair.claimId}`],
    );
    expect(rows[0].n).toBe(0);

    // Filed at 12:00 Berlin, due at 14:00; rejected at 15:00: it breached at 14:00, not at 15:00.
    svc.clock.set('2026-06-15T10:00:00.000Z');
    const late = await file('refund');
    svc.clock.set('2026-06-15T13:00:00.000Z');
    await svc
      .http()
      .post(`/v1/claims/${late.claimId}/review`)
      .set(auth(maker))
      .send({})
      .expect(200);
    const lateRejection = await svc
      .http()
      .post(`/v1/claims/${late.claimId}/rejection`)
      .set(auth(maker))
      .send({ reasonCode: 'misuse' })
      .expect(200);
    const lateDeadline = Date.now() + 10_000;
    let breached = await slasOf({ claimId: late.claimId, position: lateRejection.body.position });
    while (breached.slas?.[0]?.state !== 'breached' && Date.now() < lateDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      breached = await slasOf({ claimId: late.claimId, position: lateRejection.body.position });
    }
    expect(breached.slas).toEqual([
      expect.objectContaining({
        sla: 'goodwill_check',
        state: 'breached',
        breachedAt: '2026-06-15T12:00:00.000Z',
        stoppedAt: '2026-06-15T13:00:00.000Z',
        due: 'breached at 2026-06-15T12:00:00.000Z, stopped at 2026-06-15T13:00:00.000Z',
      }),
    ]);
  });
});
