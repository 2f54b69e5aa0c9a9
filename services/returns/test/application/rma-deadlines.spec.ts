import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import { FixedClock } from '@warranty/eventsourcing';
import { ApiKeys, applicationModule } from '@warranty/platform';
import {
  createTestDatabase,
  STANDARD_PLAN,
  type TestDatabase,
  unitRegistration,
} from '@warranty/testing';
import { DurableTimers } from '@warranty/timers';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { RmaDeadlines } from '../../src/application/rma-deadlines';
import { ReturnsModule } from '../../src/returns.module';
import { initApp } from '@warranty/testing/service-app';

/** One process of the returns service on the shared database, its timers polled only by `tick()`. */
interface Process {
  app: INestApplication;
  timers: DurableTimers;
  http: () => ReturnType<typeof request>;
}

describe('RMA deadlines on durable timers', () => {
  let database: TestDatabase;
  let sql: Client;
  let clock: FixedClock;
  let running: Process[] = [];
  let maker: string;
  let retailer: string;
  let serial = 0;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  async function start(): Promise<Process> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        applicationModule({ databaseUrl: database.url, clock, logLevel: 'silent', feed: 'store' }, [
          RegistrationModule,
          ReturnsModule.withTimers({ poll: false }),
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

  const countOf = async (type: string, rmaId: string) => {
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM event_store.events WHERE stream_id = $1 AND type = $2`,
      [`rma-${rmaId}`, type],
    );
    return rows[0].n as number;
  };

  async function soldUnit(on: Process) {
    const serialNumber = `DL-${++serial}`;
    await on
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration(serialNumber))
      .expect(201);
    return serialNumber;
  }

  async function authorize(on: Process, overrides: Record<string, unknown> = {}) {
    const serialNumber = await soldUnit(on);
    const { body } = await on
      .http()
      .post('/v1/rmas')
      .set(auth(maker))
      .send({
        type: 'exchange',
        manufacturerId: 'acme-appliances',
        lines: [{ serialNumber }],
        shipTo: { locationId: 'leeds', name: 'Acme returns depot', address: '1 Dock Road' },
        shippingLabel: { carrier: 'DHL', trackingNumber: 'LBL-1' },
        ...overrides,
      })
      .expect(201);
    return { rmaId: body.rmaId as string, returnBy: body.returnBy as string, serialNumber };
  }

  const step = (on: Process, rmaId: string, action: string, body: Record<string, unknown>) =>
    on.http().post(`/v1/rmas/${rmaId}/${action}`).set(auth(maker)).send(body).expect(200);

  const pastDeadline = (returnBy: string) => clock.set(RmaDeadlines.dueAt(returnBy));

  beforeAll(async () => {
    database = await createTestDatabase('rmadeadlines');
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });
  beforeEach(async () => {
    clock = new FixedClock(new Date('2026-06-15T10:00:00.000Z'));
    const first = await start();
    const keys = first.app.get(ApiKeys);
    maker = (await keys.create('acme-appliances', 'manufacturer')).key;
    retailer = (await keys.create('acme-retail', 'retailer')).key;
    await first.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN);
  });
  afterEach(async () => {
    for (const process of running) await stop(process);
  });
  afterAll(async () => {
    await sql?.end();
    await database?.drop();
  });

  it('expires an RMA left unshipped exactly once when the clock passes the end of its return-by day', async () => {
    const [svc] = running;
    const { rmaId, returnBy } = await authorize(svc);
    clock.set(`${returnBy}T23:59:59.999Z`);
    expect((await svc.timers.tick()).fired).toEqual([]);
    expect(await countOf('RmaExpired', rmaId)).toBe(0);

    pastDeadline(returnBy);
    expect((await svc.timers.tick()).fired).toEqual([`rma-expiry-${rmaId}`]);
    await svc.timers.tick();
    clock.advance(86_400_000);
    await svc.timers.tick();
    expect(await countOf('RmaExpired', rmaId)).toBe(1);
    const { body } = await svc.http().get(`/v1/rmas/${rmaId}`).set(auth(maker)).expect(200);
    expect(body.state).toBe('expired');
  });

  it('expires exactly once across a restart at the deadline', async () => {
    const [before] = running;
    const { rmaId, returnBy } = await authorize(before);
    pastDeadline(returnBy);
    await stop(before);
    const after = await start();
    const other = await start();
    const reports = await Promise.all([after.timers.tick(), other.timers.tick()]);
    expect(reports.flatMap((r) => r.fired)).toEqual([`rma-expiry-${rmaId}`]);
    await after.timers.tick();
    expect(await countOf('RmaExpired', rmaId)).toBe(1);
  });

  it('does not expire an RMA whose unit arrived; the timer fires as a no-op', async () => {
    const [svc] = running;
    const { rmaId, returnBy, serialNumber } = await authorize(svc);
    await step(svc, rmaId, 'receipt', { lineId: 'line-1', serialNumber });
    pastDeadline(returnBy);
    const report = await svc.timers.tick();
    expect(report).toEqual({ fired: [`rma-expiry-${rmaId}`], retrying: [], failed: [] });
    expect(await countOf('RmaExpired', rmaId)).toBe(0);
    expect(await svc.timers.failed()).toEqual([]);
  });

  describe('advance exchange', () => {
    const advance = { type: 'advance_exchange', deposit: { amount: 50000, currency: 'EUR' } };
    const shipReplacement = (svc: Process, rmaId: string, replacement: string) =>
      step(svc, rmaId, 'exchange-shipment', {
        lineId: 'line-1',
        replacementSerialNumber: replacement,
        carrier: 'UPS',
        trackingNumber: 'T-1',
      });

    it('charges the deposit once when the unit is not back by the deadline, and not before', async () => {
      const [svc] = running;
      const { rmaId, returnBy } = await authorize(svc, advance);
      await shipReplacement(svc, rmaId, `ADV-${rmaId.slice(0, 8)}`);
      clock.set(`${returnBy}T23:59:59.999Z`);
      await svc.timers.tick();
      expect(await countOf('AdvanceExchangeDepositCharged', rmaId)).toBe(0);

      pastDeadline(returnBy);
      const report = await svc.timers.tick();
      expect(report.fired.sort()).toEqual([`rma-deposit-${rmaId}`, `rma-expiry-${rmaId}`]);
      await svc.timers.tick();
      expect(await countOf('AdvanceExchangeDepositCharged', rmaId)).toBe(1);
      expect(await countOf('RmaExpired', rmaId)).toBe(0);
      const { body } = await svc.http().get(`/v1/rmas/${rmaId}`).set(auth(maker)).expect(200);
      expect(body.state).toBe('exchanged');
    });

    it('charges nothing when the faulty unit came back in time', async () => {
      const [svc] = running;
      const { rmaId, returnBy, serialNumber } = await authorize(svc, advance);
      await shipReplacement(svc, rmaId, `ADV-${rmaId.slice(0, 8)}`);
      await step(svc, rmaId, 'receipt', { lineId: 'line-1', serialNumber });
      pastDeadline(returnBy);
      const report = await svc.timers.tick();
      expect(report.fired).toContain(`rma-deposit-${rmaId}`);
      expect(await countOf('AdvanceExchangeDepositCharged', rmaId)).toBe(0);
      expect(await svc.timers.failed()).toEqual([]);
    });

    it('schedules no deposit charge for a replacement shipped after the unit arrived', async () => {
      const [svc] = running;
      const { rmaId, serialNumber } = await authorize(svc, advance);
      await step(svc, rmaId, 'receipt', { lineId: 'line-1', serialNumber });
      await step(svc, rmaId, 'inspection', {
        lineId: 'line-1',
        grade: 'C',
        finding: 'defect_confirmed',
        disposition: 'exchange',
      });
      await shipReplacement(svc, rmaId, `LATE-${rmaId.slice(0, 8)}`);
      const { rows } = await sql.query(`SELECT 1 FROM timers.due WHERE timer_id = $1`, [
        `rma-deposit-${rmaId}`,
      ]);
      expect(rows).toEqual([]);
    });
  });
});
