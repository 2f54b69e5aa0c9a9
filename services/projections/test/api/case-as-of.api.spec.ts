import { Client } from 'pg';
import {
  STANDARD_PLAN,
  unitRegistration,
  claimFiling,
  eventually,
  REPAIR_RATES,
} from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { RepairsModule } from '../../../repairs/src/repairs.module';
import { ReturnsModule } from '../../../returns/src/returns.module';
import { WorkflowModule } from '../../../workflow/src/workflow.module';
import { ProjectionsApiModule } from '../../src/api/projections-api.module';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
const LIVE_TABLES = ['claim_status', 'rma_queue', 'repair_queue', 'case_timeline'];

describe('GET /v1/cases/{claimId}?asOf= on a case driven through the APIs', () => {
  let svc: ServiceUnderTest;
  let maker: string;
  let retailer: string;
  let otherRetailer: string;
  let depot: string;
  let claimId: string;
  let filedAt: string;
  let approvedAt: string;
  let rmaNumber: string;
  let lastPosition: string;

  const post = async (key: string, path: string, body: object = {}) => {
    const res = await svc.http().post(path).set(auth(key)).send(body);
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const caseAsOf = (asOf: string, key = retailer) =>
    svc.http().get(`/v1/cases/${claimId}`).query({ asOf }).set(auth(key));
  const occurredAt = async (type: string) => {
    const res = await svc.http().get(`/v1/claims/${claimId}/history`).set(auth(maker)).expect(200);
    return (res.body.events as Array<{ type: string; occurredAt: string }>).find(
      (e) => e.type === type,
    )!.occurredAt;
  };
  const liveRows = async () => {
    const client = new Client({ connectionString: svc.database.url });
    await client.connect();
    try {
      const rows: Record<string, unknown[]> = {};
      for (const table of LIVE_TABLES)
        rows[table] = (await client.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows;
      return rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    svc = await startServiceUnderTest((url) => [
      RegistrationModule,
      ClaimsModule,
      ReturnsModule.withTimers({ poll: false }),
      RepairsModule,
      WorkflowModule.forRoot({
        retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
        timers: { poll: false },
      }),
      ProjectionsApiModule.forRoot(url),
    ]);
    await svc.app.listen(0, '127.0.0.1');
    // Every reading of the clock is a millisecond later, so the workflow's RMA comes strictly after the approval.
    const read = svc.clock.now.bind(svc.clock);
    svc.clock.now = () => {
      const now = read();
      svc.clock.advance(1);
      return now;
    };
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    otherRetailer = await svc.keyFor('other-retail', 'retailer');
    depot = await svc.keyFor('fixit-depot', 'service_center');
    await post(maker, '/v1/warranty-plans', STANDARD_PLAN);
    await svc.http().put('/v1/repair-rates/fixit-depot').set(auth(maker)).send(REPAIR_RATES);

    // Filed on 2026-06-15.
    const serialNumber = 'ASOF-1';
    await post(retailer, '/v1/products', unitRegistration(serialNumber));
    claimId = (await post(retailer, '/v1/claims', claimFiling(serialNumber))).claimId;
    filedAt = await occurredAt('ClaimFiled');

    // Approved on 2026-06-17: the workflow authorizes the RMA.
    svc.clock.set('2026-06-17T10:00:00.000Z');
    await post(maker, `/v1/claims/${claimId}/review`);
    await post(maker, `/v1/claims/${claimId}/approval`, { resolution: 'repair' });
    approvedAt = await occurredAt('ClaimApproved');
    const claim = await eventually(
      async () => (await svc.http().get(`/v1/claims/${claimId}`).set(auth(maker))).body,
      (c) => c.state === 'in_fulfilment',
    );
    const rmaId: string = claim.fulfilment.rmaId;

    // Returned and inspected on 2026-06-19: the workflow opens the repair order.
    svc.clock.set('2026-06-19T10:00:00.000Z');
    await post(retailer, `/v1/rmas/${rmaId}/shipment`, { carrier: 'DHL', trackingNumber: 'T-1' });
    await post(maker, `/v1/rmas/${rmaId}/receipt`, { lineId: 'line-1', serialNumber });
    await post(maker, `/v1/rmas/${rmaId}/inspection`, {
      lineId: 'line-1',
      grade: 'C',
      finding: 'defect_confirmed',
      disposition: 'repair',
    });
    const kase = await eventually(
      async () => (await svc.http().get(`/v1/cases/${claimId}`).set(auth(retailer))).body,
      (c) => c.repair !== null && c.repair !== undefined,
    );
    rmaNumber = kase.rma.rmaNumber;

    // A technician on 2026-06-20.
    svc.clock.set('2026-06-20T10:00:00.000Z');
    const repairOrderId: string = kase.repair.repairOrderId;
    lastPosition = (
      await post(depot, `/v1/repair-orders/${repairOrderId}/assignment`, {
        technician: 'tech-ana',
      })
    ).position;
    await eventually(
      async () => (await svc.http().get(`/v1/cases/${claimId}`).set(auth(retailer))).body,
      (c) => c.repair?.technicianId === 'tech-ana',
    );
  }, 180_000);
  afterAll(() => svc?.close());

  it('shows the case as it stood at each instant, from filing to the repair', async () => {
    const filed = (await caseAsOf(filedAt).expect(200)).body;
    expect(filed).toMatchObject({ claimId, state: 'submitted', rma: null, repair: null });
    expect(filed.asOf).toBe(filedAt);

    const approved = (await caseAsOf(approvedAt).expect(200)).body;
    expect(approved).toMatchObject({ state: 'approved', rmaId: null, rma: null, repair: null });
    expect(approved.decision).toMatchObject({ outcome: 'approved', resolution: 'repair' });

    const inFulfilment = (await caseAsOf('2026-06-18T00:00:00Z').expect(200)).body;
    expect(inFulfilment).toMatchObject({ state: 'in_fulfilment', repair: null });
    expect(inFulfilment.rma).toMatchObject({ rmaNumber, state: 'authorized' });

    const repairing = (await caseAsOf('2026-06-19T23:00:00Z').expect(200)).body;
    expect(repairing.rma.state).not.toBe('authorized');
    expect(repairing.repair).not.toBeNull();
    expect(repairing.repair.technicianId).toBeNull();
  });

  it('takes a date alone as the end of that day in UTC', async () => {
    const res = await caseAsOf('2026-06-15').expect(200);
    expect(res.body).toMatchObject({ state: 'submitted', asOf: '2026-06-15T23:59:59.999Z' });
    expect((await caseAsOf('2026-06-17').expect(200)).body.rma.rmaNumber).toBe(rmaNumber);
  });

  it('shows today the same case as the live view, but for the asOf echo', async () => {
    const live = (await svc.http().get(`/v1/cases/${claimId}`).set(auth(retailer)).expect(200))
      .body;
    const { asOf, ...now } = (await caseAsOf('2199-12-31').expect(200)).body;
    expect(asOf).toBe('2199-12-31T23:59:59.999Z');
    expect(now).toEqual(live);
  });

  it('waits for minPosition first, then answers as of the instant', async () => {
    const res = await svc
      .http()
      .get(`/v1/cases/${claimId}`)
      .query({ asOf: filedAt, minPosition: lastPosition })
      .set(auth(retailer))
      .expect(200);
    expect(res.headers['x-read-model-stale']).toBeUndefined();
    expect(res.body).toMatchObject({ state: 'submitted', repair: null, asOf: filedAt });
  });

  it('answers 404 not-yet-existing before the claim was filed', async () => {
    const justBefore = new Date(Date.parse(filedAt) - 1).toISOString();
    for (const asOf of ['2026-06-14', justBefore]) {
      const res = await caseAsOf(asOf).expect(404);
      expect(res.body.type).toBe('/problems/not-yet-existing');
    }
  });

  it('answers 404 claim-not-found to another retailer, whatever the instant', async () => {
    for (const asOf of ['2026-06-14', '2026-06-17']) {
      const res = await caseAsOf(asOf, otherRetailer).expect(404);
      expect(res.body.type).toBe('/problems/claim-not-found');
    }
  });

  it('refuses an asOf that is not an instant or a date with 400', async () => {
    await caseAsOf('yesterday').expect(400);
  });

  it('documents asOf, its echo and the not-yet-existing answer in the OpenAPI document', async () => {
    const doc = (await svc.http().get('/openapi.json').expect(200)).body;
    const operation = doc.paths['/v1/cases/{claimId}'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['asOf', 'minPosition']),
    );
    expect(operation.description).toContain('not-yet-existing');
    expect(doc.components.schemas.CaseView.properties.asOf).toBeDefined();
  });

  it('leaves the live read-model tables as they were', async () => {
    const before = await liveRows();
    expect(before.claim_status).toHaveLength(1);
    await Promise.all(
      ['2199-12-31', '2026-06-19', '2026-06-17', approvedAt].map((asOf) =>
        caseAsOf(asOf).expect(200),
      ),
    );
    // Last, the earliest view: had it written to the live tables, they would now show it.
    await caseAsOf(filedAt).expect(200);
    expect(await liveRows()).toEqual(before);
  });
});
