import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { repairStream } from '@warranty/contracts/repairs';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import request from 'supertest';
import { FixedClock } from '@warranty/eventsourcing';
import { ApiKeys, applicationModule, type PlatformOptions } from '@warranty/platform';
import {
  createTestDatabase,
  type FeedKind,
  feedsUnderTest,
  kafkaUnderTest,
  STANDARD_PLAN,
  type TestDatabase,
  unitRegistration,
  claimFiling,
  eventually as eventuallyWithin,
} from '@warranty/testing';
import { DurableTimers } from '@warranty/timers';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { SLA_TIMERS } from '../../src/projections/sla-timers.projection';
import { SLA_TRACKER } from '../../src/projections/sla-tracker.projection';
import { SLA_RUNNER, SlaModule } from '../../src/sla.module';
import type { ProjectionRunner } from '@warranty/read-models';
import { initApp } from '@warranty/testing/service-app';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

interface Process {
  app: INestApplication;
  timers: DurableTimers;
  http: () => ReturnType<typeof request>;
}

const eventually = <T>(read: () => Promise<T>, check: (value: T) => boolean) =>
  eventuallyWithin(read, check, { timeoutMs: 60_000, intervalMs: 50 });

// The clock starts on Monday 15 June 2026, 12:00 in Berlin (CEST): the default calendar, 9-17 Mon-Fri.
describe.each(feedsUnderTest())('SLA timers of a claim (%s feed)', (feed: FeedKind) => {
  let database: TestDatabase;
  let sql: Client;
  let clock: FixedClock;
  let running: Process[] = [];
  let kafka: PlatformOptions['kafka'];
  let maker: string;
  let retailer: string;
  let serial = 0;

  async function start(): Promise<Process> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        applicationModule({ databaseUrl: database.url, clock, logLevel: 'silent', feed, kafka }, [
          RegistrationModule,
          ClaimsModule,
          SlaModule.forRoot(database.url, { timers: { poll: false } }),
        ]),
      ],
    }).compile();
    const app = await initApp(moduleRef);
    const process = {
      app,
      timers: app.get(DurableTimers),
      http: () => request(app.getHttpServer()),
    };
    running.push(process);
    return process;
  }

  async function stop(process: Process) {
    running = running.filter((p) => p !== process);
    await process.app.close();
  }

  beforeAll(async () => {
    database = await createTestDatabase('sla');
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    clock = new FixedClock(new Date('2026-06-15T10:00:00.000Z'));
    kafka = feed === 'kafka' ? kafkaUnderTest() : undefined;
    const first = await start();
    const keys = first.app.get(ApiKeys);
    maker = (await keys.create('acme-appliances', 'manufacturer')).key;
    retailer = (await keys.create('acme-retail', 'retailer')).key;
    await first.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
  }, 120_000);

  afterAll(async () => {
    for (const process of running) await process.app.close();
    await sql?.end();
    await database?.drop();
  });

  const slaEvents = async (claimId: string, type: string, sla: string) => {
    const { rows } = await sql.query(
      `SELECT data->>'at' AS at FROM event_store.events
       WHERE stream_id = $1 AND type = $2 AND data->>'sla' = $3 ORDER BY revision`,
      [`sla-claim~${claimId}`, type, sla],
    );
    return rows.map((r: { at: string }) => r.at);
  };

  async function fileClaim(on: Process) {
    const serialNumber = `SLA-${feed}-${++serial}`;
    await on
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration(serialNumber))
      .expect(201);
    const { body } = await on
      .http()
      .post('/v1/claims')
      .set(auth(retailer))
      .send(claimFiling(serialNumber))
      .expect(201);
    const claimId = body.claimId as string;
    await eventually(
      () => slaEvents(claimId, 'SlaStarted', 'claim_decision'),
      (started) => started.length === 1,
    );
    return claimId;
  }

  it('an unreviewed claim raises SlaAtRisk at 80 % and SlaBreached at 100 %, once each, also across a restart at the due instant', async () => {
    clock.set('2026-06-15T10:00:00.000Z');
    let process = running[0];
    const claimId = await fileClaim(process);
    await process.timers.tick();
    expect(await slaEvents(claimId, 'SlaAtRisk', 'claim_decision')).toEqual([]);

    // 80 % of 3 business days (19 h 12 min): Wednesday 15:12 Berlin.
    clock.set('2026-06-17T13:12:00.000Z');
    await process.timers.tick();
    await process.timers.tick();
    expect(await slaEvents(claimId, 'SlaAtRisk', 'claim_decision')).toEqual([
      '2026-06-17T13:12:00.000Z',
    ]);
    expect(await slaEvents(claimId, 'SlaBreached', 'claim_decision')).toEqual([]);

    // Stopped before the due instant, started again exactly at it (Thursday 12:00 Berlin).
    await stop(process);
    clock.set('2026-06-18T10:00:00.000Z');
    process = await start();
    const other = await start();
    await Promise.all([process.timers.tick(), other.timers.tick()]);
    await process.timers.tick();
    expect(await slaEvents(claimId, 'SlaBreached', 'claim_decision')).toEqual([
      '2026-06-18T10:00:00.000Z',
    ]);
    expect(await slaEvents(claimId, 'SlaAtRisk', 'claim_decision')).toEqual([
      '2026-06-17T13:12:00.000Z',
    ]);
    await stop(other);

    const view = await eventually(
      async () =>
        (await process.http().get(`/v1/sla/subjects/${claimId}`).set(auth(maker)).expect(200)).body,
      (body) =>
        body.slas.find((s: { sla: string }) => s.sla === 'claim_decision')?.state === 'breached',
    );
    const decision = view.slas.find((s: { sla: string }) => s.sla === 'claim_decision');
    expect(decision).toMatchObject({
      dueAt: '2026-06-18T10:00:00.000Z',
      atRisk: true,
      breached: true,
    });
    expect(decision.due).toMatch(/^overdue/);
    const page = await process
      .http()
      .get('/v1/sla/timers')
      .query({ subject: claimId, breached: 'true' })
      .set(auth(retailer))
      .expect(200);
    expect(page.body.items.map((i: { sla: string }) => i.sla)).toContain('claim_decision');
    // Another tenant sees nothing of it.
    const stranger = await process.app.get(ApiKeys).create('other-maker', 'manufacturer');
    await process.http().get(`/v1/sla/subjects/${claimId}`).set(auth(stranger.key)).expect(404);
  }, 120_000);

  it('an info request pauses the decision SLA and its answer extends the due time by the pause', async () => {
    clock.set('2026-06-15T10:00:00.000Z');
    const process = running[0];
    const claimId = await fileClaim(process);
    await process.http().post(`/v1/claims/${claimId}/review`).set(auth(maker)).send({}).expect(200);
    // Tuesday 12:00 Berlin: 8 business hours used, 16 left.
    clock.set('2026-06-16T10:00:00.000Z');
    await process
      .http()
      .post(`/v1/claims/${claimId}/info-requests`)
      .set(auth(maker))
      .send({ question: 'Rating plate photo, please.', dueBy: '2026-06-30T10:00:00Z' })
      .expect(200);
    await eventually(
      () => slaEvents(claimId, 'SlaPaused', 'claim_decision'),
      (paused) => paused.length === 1,
    );
    // The old due instant passes while paused: nothing is raised.
    clock.set('2026-06-18T10:00:00.000Z');
    await process.timers.tick();
    expect(await slaEvents(claimId, 'SlaBreached', 'claim_decision')).toEqual([]);
    // Answered Monday 22 June, 12:00 Berlin: due 16 business hours later, Wednesday 24 at 12:00.
    clock.set('2026-06-22T10:00:00.000Z');
    await process
      .http()
      .post(`/v1/claims/${claimId}/info`)
      .set(auth(retailer))
      .send({ answer: 'Attached.' })
      .expect(200);
    const view = await eventually(
      async () =>
        (await process.http().get(`/v1/sla/subjects/${claimId}`).set(auth(maker)).expect(200)).body,
      (body) =>
        ['claim_decision', 'case_resolution'].every(
          (sla) => body.slas.find((s: { sla: string }) => s.sla === sla)?.state === 'running',
        ),
    );
    const decision = view.slas.find((s: { sla: string }) => s.sla === 'claim_decision');
    expect(decision.dueAt).toBe('2026-06-24T10:00:00.000Z');
    expect(decision.due).toBe('due in 2 business days, by Wed 12:00 Europe/Berlin');
    // 30 calendar days, 1 used before the pause: worded in days of the week, not business days.
    const resolution = view.slas.find((s: { sla: string }) => s.sla === 'case_resolution');
    expect(resolution.dueAt).toBe('2026-07-21T10:00:00.000Z');
    expect(resolution.due).toBe('due in 29 days, by Tue 21 Jul 12:00 Europe/Berlin');
    clock.set('2026-06-24T09:59:00.000Z');
    await process.timers.tick();
    expect(await slaEvents(claimId, 'SlaBreached', 'claim_decision')).toEqual([]);
    clock.set('2026-06-24T10:00:00.000Z');
    await process.timers.tick();
    expect(await slaEvents(claimId, 'SlaBreached', 'claim_decision')).toEqual([
      '2026-06-24T10:00:00.000Z',
    ]);
  }, 120_000);

  it('a reassigned repair order takes its turnaround SLA to the new service center, KPIs included', async () => {
    clock.set('2026-06-15T10:00:00.000Z');
    const process = running[0];
    const keys = process.app.get(ApiKeys);
    const depot = (await keys.create('fixit-depot', 'service_center')).key;
    const rival = (await keys.create('rival-repairs', 'service_center')).key;
    const repairOrderId = randomUUID();
    const stored = (type: string, data: Record<string, unknown>) => ({
      type,
      data: { repairOrderId, ...data },
      metadata: {
        tenants: { manufacturer: 'acme-appliances', retailer: 'acme-retail' },
        actor: { id: 'key-1', role: 'manufacturer', tenantId: 'acme-appliances' },
        correlationId: randomUUID(),
        causationId: randomUUID(),
        schemaVersion: 1,
        occurredAt: data.at as string,
      },
    });
    const store = process.app.get<EventStore>(EVENT_STORE);
    const { position } = await store.append(
      repairStream(repairOrderId),
      [
        stored('RepairOrderOpened', {
          manufacturerId: 'acme-appliances',
          retailerId: 'acme-retail',
          serviceCenterId: 'fixit-depot',
          at: '2026-06-15T10:00:00.000Z',
        }),
        stored('RepairOrderReassigned', {
          fromServiceCenterId: 'fixit-depot',
          toServiceCenterId: 'rival-repairs',
          reason: 'x',
          previousState: 'opened',
          at: '2026-06-16T10:00:00.000Z',
        }),
      ],
      'no_stream',
    );
    const runner = process.app.get<ProjectionRunner>(SLA_RUNNER);
    expect(await runner.waitFor(SLA_TRACKER, position, 30_000)).toBe(true);
    const { rows } = await sql.query(
      `SELECT max(position) AS p FROM event_store.events WHERE stream_id = $1`,
      [`sla-repair~${repairOrderId}`],
    );
    expect(await runner.waitFor(SLA_TIMERS, BigInt(rows[0].p), 30_000)).toBe(true);

    const subject = `/v1/sla/subjects/${repairOrderId}`;
    await process.http().get(subject).set(auth(depot)).expect(404);
    const held = await process.http().get(subject).set(auth(rival)).expect(200);
    expect(held.body.slas).toEqual([
      expect.objectContaining({
        sla: 'repair_turnaround',
        state: 'running',
        serviceCenterId: 'rival-repairs',
        retailerId: 'acme-retail',
      }),
    ]);
    const listed = (key: string) =>
      process.http().get('/v1/sla/timers').query({ subject: repairOrderId }).set(auth(key));
    expect((await listed(depot).expect(200)).body.items).toEqual([]);
    expect((await listed(rival).expect(200)).body.items.map((i: { sla: string }) => i.sla)).toEqual(
      ['repair_turnaround'],
    );
    const kpis = async (key: string) =>
      (await process.http().get('/v1/sla/kpis').query({ groupBy: 'manufacturer' }).set(auth(key)))
        .body.rows;
    expect(await kpis(depot)).toEqual([]);
    expect(await kpis(rival)).toEqual([
      expect.objectContaining({ group: 'acme-appliances', sla: 'repair_turnaround', open: 1 }),
    ]);
  }, 120_000);

  it('rebuilds sla_timers from the SLA streams through the admin API, and never replays the tracker that appends them', async () => {
    const process = running[0];
    const admin = (await process.app.get(ApiKeys).create('platform-ops', 'admin')).key;
    const { rows: head } = await sql.query(`SELECT max(position) AS p FROM event_store.events`);
    const runner = process.app.get<ProjectionRunner>(SLA_RUNNER);
    expect(await runner.waitFor(SLA_TIMERS, BigInt(head[0].p), 30_000)).toBe(true);
    const timers = async () =>
      (await sql.query(`SELECT * FROM sla_timers ORDER BY subject_key, sla`)).rows;
    const before = await timers();
    expect(before.map((row) => row.state)).toEqual(expect.arrayContaining(['breached', 'met']));
    // A live row gone wrong: only a replay from the log puts it right.
    await sql.query(`UPDATE sla_timers SET breached = false, at_risk = false WHERE breached`);

    const adminPath = '/v1/admin/sla/projections';
    const listed = await process.http().get(adminPath).set(auth(admin)).expect(200);
    expect(
      listed.body.projections.map((p: { name: string; rebuildable: boolean }) => [
        p.name,
        p.rebuildable,
      ]),
    ).toEqual([
      ['sla-tracker', false],
      [SLA_TIMERS, true],
    ]);
    await process.http().post(`${adminPath}/${SLA_TIMERS}/rebuild`).set(auth(admin)).expect(202);
    const outcome = await eventually(
      async () =>
        (await process.http().get(`${adminPath}/${SLA_TIMERS}/rebuild`).set(auth(admin))).body,
      (body) => body.state !== 'running',
    );
    expect(outcome).toMatchObject({ state: 'swapped', error: null });
    expect(await timers()).toEqual(before);

    const refused = await process
      .http()
      .post(`${adminPath}/sla-tracker/rebuild`)
      .set(auth(admin))
      .expect(409);
    expect(refused.body.type).toBe('/problems/projection-not-rebuildable');
  }, 120_000);
});
