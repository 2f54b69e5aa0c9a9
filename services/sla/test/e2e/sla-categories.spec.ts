import { randomUUID } from 'node:crypto';
import { repairStream } from '@warranty/contracts/repairs';
import { rmaStream } from '@warranty/contracts/returns';
import { EVENT_STORE, type EventStore, type EventToAppend } from '@warranty/event-store';
import type { ProjectionRunner } from '@warranty/read-models';
import { STANDARD_PLAN, unitRegistration } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { SLA_TIMERS } from '../../src/projections/sla-timers.projection';
import { SLA_TRACKER } from '../../src/projections/sla-tracker.projection';
import { SLA_RUNNER, SlaModule } from '../../src/sla.module';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

function stored(type: string, data: Record<string, unknown>): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      tenants: { manufacturer: 'acme-appliances', retailer: 'acme-retail' },
      actor: { id: 'key-1', role: 'manufacturer', tenantId: 'acme-appliances' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
      occurredAt: '2026-06-15T10:00:00.000Z',
    },
  };
}

describe('the product category of RMA and repair order SLAs', () => {
  let svc: ServiceUnderTest;
  let maker: string;

  beforeAll(async () => {
    svc = await startServiceUnderTest((url) => [
      RegistrationModule,
      SlaModule.forRoot(url, { timers: { poll: false } }),
    ]);
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    const retailer = await svc.keyFor('acme-retail', 'retailer');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
    for (const [serial, category] of [
      ['CAT-1', 'washing_machine'],
      ['CAT-2', 'dryer'],
    ])
      await svc
        .http()
        .post('/v1/products')
        .set(auth(retailer))
        .send(unitRegistration(serial, { category }))
        .expect(201);
  }, 120_000);
  afterAll(() => svc?.close());

  it('is read from the registration of the units the RMA or repair order names', async () => {
    const line = (n: number, serialNumber: string, productId: string | null) => ({
      lineId: `line-${n}`,
      serialNumber,
      productId,
      model: 'WM-9000',
      price: null,
    });
    const authorized = (rmaId: string, lines: object[]) =>
      stored('RmaAuthorized', {
        rmaId,
        manufacturerId: 'acme-appliances',
        retailerId: 'acme-retail',
        claimId: null,
        lines,
        at: '2026-06-15T10:00:00.000Z',
      });
    const oneUnit = randomUUID();
    const mixed = randomUUID();
    const unregistered = randomUUID();
    const repairOrderId = randomUUID();
    const store = svc.app.get<EventStore>(EVENT_STORE);
    await store.append(
      rmaStream(oneUnit),
      [authorized(oneUnit, [line(1, 'CAT-1', 'acme-appliances~CAT-1')])],
      'no_stream',
    );
    await store.append(
      rmaStream(mixed),
      [
        authorized(mixed, [
          line(1, 'CAT-1', 'acme-appliances~CAT-1'),
          line(2, 'CAT-2', 'acme-appliances~CAT-2'),
        ]),
      ],
      'no_stream',
    );
    await store.append(
      rmaStream(unregistered),
      [authorized(unregistered, [line(1, 'NOPE-1', null)])],
      'no_stream',
    );
    const { position } = await store.append(
      repairStream(repairOrderId),
      [
        stored('RepairOrderOpened', {
          repairOrderId,
          manufacturerId: 'acme-appliances',
          retailerId: 'acme-retail',
          serviceCenterId: 'fixit-depot',
          productId: 'acme-appliances~CAT-2',
          at: '2026-06-15T10:00:00.000Z',
        }),
      ],
      'no_stream',
    );
    const runner = svc.app.get<ProjectionRunner>(SLA_RUNNER);
    expect(await runner.waitFor(SLA_TRACKER, position, 30_000)).toBe(true);
    expect(await runner.waitFor(SLA_TIMERS, await svc.lastWritten(), 30_000)).toBe(true);

    const categoryOf = async (subject: string) => {
      const { body } = await svc
        .http()
        .get('/v1/sla/timers')
        .query({ subject })
        .set(auth(maker))
        .expect(200);
      return body.items.map((i: { sla: string; category: string | null }) => [i.sla, i.category]);
    };
    expect(await categoryOf(oneUnit)).toEqual([['rma_receipt', 'washing_machine']]);
    // Units of different categories, or none registered: no one category to count it under.
    expect(await categoryOf(mixed)).toEqual([['rma_receipt', null]]);
    expect(await categoryOf(unregistered)).toEqual([['rma_receipt', null]]);
    expect(await categoryOf(repairOrderId)).toEqual([['repair_turnaround', 'dryer']]);

    const { body } = await svc
      .http()
      .get('/v1/sla/kpis')
      .query({ groupBy: 'category' })
      .set(auth(maker))
      .expect(200);
    expect(
      body.rows.map((r: { group: string; sla: string; count: number }) => [
        r.group,
        r.sla,
        r.count,
      ]),
    ).toEqual([
      ['dryer', 'repair_turnaround', 1],
      ['washing_machine', 'rma_receipt', 1],
      [null, 'rma_receipt', 2],
    ]);
  }, 120_000);
});
