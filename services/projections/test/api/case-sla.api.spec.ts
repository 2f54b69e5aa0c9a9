import { Client } from 'pg';
import { buildApiDocument } from '@warranty/platform';
import {
  type FeedKind,
  feedsUnderTest,
  STANDARD_PLAN,
  unitRegistration,
  claimFiling,
  eventually as eventuallyWithin,
} from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { DurableTimers } from '@warranty/timers';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { SlaModule } from '../../../sla/src/sla.module';
import { ProjectionsApiModule } from '../../src/api/projections-api.module';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

interface SlaLine {
  subject: string;
  subjectId: string;
  sla: string;
  state: string;
  dueAt: string | null;
  timeLeft: string;
}

const eventually = <T>(read: () => Promise<T>, check: (value: T) => boolean) =>
  eventuallyWithin(read, check, { timeoutMs: 30_000, intervalMs: 100 });

// The clock starts on Monday 15 June 2026, 12:00 in Berlin (CEST): the default calendar, 9-17 Mon-Fri.
describe.each(feedsUnderTest())(
  'GET /v1/cases/{claimId} lists the case SLAs with their time left (%s feed)',
  (feed: FeedKind) => {
    let svc: ServiceUnderTest;
    let timers: DurableTimers;
    let maker: string;
    let retailer: string;
    let serial = 0;
    const serialPrefix = `CASE-SLA-${feed}`;

    const post = async (key: string, path: string, body: object = {}) => {
      const res = await svc.http().post(path).set(auth(key)).send(body);
      if (res.status !== 200 && res.status !== 201)
        throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const slas = async (claimId: string, asOf?: string): Promise<SlaLine[]> => {
      const res = await svc
        .http()
        .get(`/v1/cases/${claimId}`)
        .query(asOf ? { asOf } : {})
        .set(auth(retailer));
      // The claim reaches the read model a moment after it is filed.
      if (res.status === 404 && !asOf) return [];
      expect(res.status).toBe(200);
      return res.body.slas;
    };
    const liveSlaRows = async () => {
      const client = new Client({ connectionString: svc.database.url });
      await client.connect();
      try {
        return (await client.query(`SELECT * FROM case_sla ORDER BY subject_key`)).rows;
      } finally {
        await client.end();
      }
    };
    const line = (lines: SlaLine[], sla: string) => lines.find((l) => l.sla === sla);
    const fileClaim = async () => {
      const serialNumber = `${serialPrefix}-${++serial}`;
      await post(retailer, '/v1/products', unitRegistration(serialNumber));
      const { claimId } = await post(retailer, '/v1/claims', claimFiling(serialNumber));
      return claimId as string;
    };

    beforeAll(async () => {
      svc = await startServiceUnderTest(
        (url) => [
          RegistrationModule,
          ClaimsModule,
          SlaModule.forRoot(url, { timers: { poll: false } }),
          ProjectionsApiModule.forRoot(url),
        ],
        { feed },
      );
      timers = svc.app.get(DurableTimers);
      maker = await svc.keyFor('acme-appliances', 'manufacturer');
      retailer = await svc.keyFor('acme-retail', 'retailer');
      await post(maker, '/v1/warranty-plans', STANDARD_PLAN);
    }, 120_000);

    afterAll(async () => {
      await svc?.close();
    });

    it('shows each running SLA with its due time in words, reckoned when asked', async () => {
      svc.clock.set('2026-06-15T10:00:00.000Z');
      const claimId = await fileClaim();
      const filed = await eventually(
        () => slas(claimId),
        (lines) => lines.length === 3,
      );
      expect(filed.map((l) => [l.subject, l.subjectId, l.sla, l.state])).toEqual(
        expect.arrayContaining([
          ['claim', claimId, 'claim_first_response', 'running'],
          ['claim', claimId, 'claim_decision', 'running'],
          ['claim', claimId, 'case_resolution', 'running'],
        ]),
      );
      expect(line(filed, 'claim_first_response')).toMatchObject({
        dueAt: '2026-06-16T10:00:00.000Z',
        timeLeft: 'due in 1 business day, by Tue 12:00 Europe/Berlin',
      });
      expect(line(filed, 'claim_decision')).toMatchObject({
        dueAt: '2026-06-18T10:00:00.000Z',
        timeLeft: 'due in 3 business days, by Thu 12:00 Europe/Berlin',
      });
      // 30 calendar days: worded in days of the week, not business days.
      expect(line(filed, 'case_resolution')).toMatchObject({
        dueAt: '2026-07-15T10:00:00.000Z',
        timeLeft: 'due in 30 days, by Wed 15 Jul 12:00 Europe/Berlin',
      });

      // Monday 16:00 Berlin: one business hour today, three tomorrow morning.
      svc.clock.set('2026-06-15T14:00:00.000Z');
      expect(line(await slas(claimId), 'claim_first_response')?.timeLeft).toBe(
        'due in 4 business hours, by Tue 12:00 Europe/Berlin',
      );
    }, 60_000);

    it('a review stops the first response SLA as met; the decision SLA goes at risk, then breached', async () => {
      svc.clock.set('2026-06-15T10:00:00.000Z');
      const claimId = await fileClaim();
      await eventually(
        () => slas(claimId),
        (lines) => lines.length === 3,
      );

      // Tuesday 11:00 Berlin, past 80 % of the first response's business day.
      svc.clock.set('2026-06-16T09:00:00.000Z');
      await timers.tick();
      const atRisk = await eventually(
        () => slas(claimId),
        (lines) => line(lines, 'claim_first_response')?.state === 'at_risk',
      );
      expect(line(atRisk, 'claim_first_response')?.timeLeft).toBe(
        'due in 1 business hour, by Tue 12:00 Europe/Berlin',
      );

      await post(maker, `/v1/claims/${claimId}/review`);
      const reviewed = await eventually(
        () => slas(claimId),
        (lines) => line(lines, 'claim_first_response')?.state === 'met',
      );
      expect(line(reviewed, 'claim_first_response')?.timeLeft).toBe('met at 2026-06-16 09:00 UTC');
      expect(line(reviewed, 'claim_decision')?.state).toBe('running');

      // Thursday 14:00 Berlin, two business hours past the decision's due time.
      svc.clock.set('2026-06-18T12:00:00.000Z');
      await timers.tick();
      await timers.tick();
      const breached = await eventually(
        () => slas(claimId),
        (lines) => line(lines, 'claim_decision')?.state === 'breached',
      );
      expect(line(breached, 'claim_decision')).toMatchObject({
        dueAt: '2026-06-18T10:00:00.000Z',
        timeLeft: 'overdue by 2 business hours (was due Thu 12:00 Europe/Berlin)',
      });

      // As of Monday 14:00 Berlin the SLAs stood as then, with the time left reckoned then.
      const live = await liveSlaRows();
      const then = await slas(claimId, '2026-06-15T12:00:00.000Z');
      expect(line(then, 'claim_first_response')).toMatchObject({
        state: 'running',
        timeLeft: 'due in 6 business hours, by Tue 12:00 Europe/Berlin',
      });
      expect(line(then, 'claim_decision')?.state).toBe('running');
      expect(await liveSlaRows()).toEqual(live);
      expect(line(await slas(claimId), 'claim_first_response')?.state).toBe('met');
    }, 60_000);

    it('documents the SLA lines of the case view in the OpenAPI description', () => {
      const schemas = buildApiDocument(svc.app, 'projections').components?.schemas ?? {};
      const view = schemas.CaseView as { properties: Record<string, unknown> };
      expect(view.properties.slas).toEqual(
        expect.objectContaining({ items: { $ref: '#/components/schemas/CaseSlaView' } }),
      );
      const sla = schemas.CaseSlaView as { properties: Record<string, unknown> };
      expect(Object.keys(sla.properties)).toEqual(
        expect.arrayContaining(['subject', 'sla', 'state', 'dueAt', 'timeLeft']),
      );
    });
  },
);
