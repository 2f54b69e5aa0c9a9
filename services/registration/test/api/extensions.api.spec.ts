import { Client } from 'pg';
import { buildApiDocument } from '@warranty/platform';
import { STANDARD_PLAN, unitRegistration } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { RegistrationModule } from '../../src/registration.module';

const ACCIDENT_PLAN = {
  code: 'EXT-12-AD',
  name: 'A year more, with accidental damage',
  months: 12,
  coverage: ['accidental_damage', 'labor'],
  transferable: true,
  kind: 'extension',
};

describe('POST /v1/products/{productId}/extensions', () => {
  let svc: ServiceUnderTest;
  let maker: string;
  let retailer: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  const definePlan = (plan: Record<string, unknown>, key = maker) =>
    svc.http().post('/v1/warranty-plans').set(auth(key)).send(plan).expect(201);
  const register = async (serial: string, overrides: Record<string, unknown> = {}) => {
    await svc
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration(serial, overrides))
      .expect(201);
    return `acme-appliances~${serial}`;
  };
  const extend = (productId: string, body: Record<string, unknown>) =>
    svc.http().post(`/v1/products/${productId}/extensions`).set(auth(retailer)).send(body);
  const storedEvents = async (productId: string) => {
    const db = new Client({ connectionString: svc.database.url });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT type FROM event_store.events WHERE stream_id = $1 ORDER BY revision`,
        [`product-${productId}`],
      );
      return rows.map((row: { type: string }) => row.type);
    } finally {
      await db.end();
    }
  };
  /** A 400 naming `field` with a message matching `message`, and nothing written. */
  const expectRefusedOn = async (
    productId: string,
    body: Record<string, unknown>,
    field: string,
    message: RegExp,
  ) => {
    const before = await storedEvents(productId);
    const res = await extend(productId, body).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(await storedEvents(productId)).toEqual(before);
    return res;
  };

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [RegistrationModule]);
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    await definePlan(STANDARD_PLAN);
    await definePlan({ ...STANDARD_PLAN, code: 'PERS-12', months: 12, transferable: false });
    await definePlan(ACCIDENT_PLAN);
  });
  afterAll(() => svc?.close());

  it('refuses to register a unit on an extension plan, which is sold only on top of one', async () => {
    const res = await svc
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration('X-ON-EXT', { planCode: 'EXT-12-AD' }))
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'planCode', message: expect.stringMatching(/EXT-12-AD is an extension plan/) },
    ]);
    expect(await storedEvents('acme-appliances~X-ON-EXT')).toEqual([]);
  });

  it('gives the unit the plan’s months and kinds when the body leaves them out', async () => {
    const unit = await register('X-PLAN-1');
    const res = await extend(unit, { planCode: 'EXT-12-AD', contractReference: 'CTR-1' }).expect(
      200,
    );
    expect(res.body).toMatchObject({
      revision: 1,
      coverage: { end: '2029-01-09', kinds: ['parts', 'labor', 'accidental_damage'] },
      extensions: [
        {
          planCode: 'EXT-12-AD',
          extraMonths: 12,
          coverage: ['accidental_damage', 'labor'],
          contractReference: 'CTR-1',
          previousEnd: '2028-01-09',
          newEnd: '2029-01-09',
        },
      ],
    });
  });

  it('accepts months and kinds restated as the plan’s, kinds in any order', async () => {
    const unit = await register('X-PLAN-2');
    await extend(unit, {
      planCode: 'EXT-12-AD',
      extraMonths: 12,
      coverage: ['labor', 'accidental_damage'],
      contractReference: 'CTR-1',
    }).expect(200, /"newEnd":"2029-01-09"/);
  });

  it('refuses a plan the manufacturer never defined, and finds it once defined', async () => {
    const unit = await register('X-LATE-1');
    const body = { planCode: 'EXT-LATE', contractReference: 'CTR-1' };
    const refused = await expectRefusedOn(
      unit,
      body,
      'planCode',
      /^acme-appliances has no warranty plan EXT-LATE$/,
    );
    expect(refused.body.type).toBe('/problems/unknown-warranty-plan');
    await definePlan({ ...ACCIDENT_PLAN, code: 'EXT-LATE', months: 6 });
    await extend(unit, body).expect(200, /"newEnd":"2028-07-09"/);
  });

  it('refuses another manufacturer’s extension plan as unknown', async () => {
    const globex = await svc.keyFor('globex', 'manufacturer');
    await definePlan({ ...ACCIDENT_PLAN, code: 'EXT-GLOBEX', months: 120 }, globex);
    const unit = await register('X-OTHER-1');
    await expectRefusedOn(
      unit,
      { planCode: 'EXT-GLOBEX', contractReference: 'CTR-1' },
      'planCode',
      /has no warranty plan EXT-GLOBEX/,
    );
  });

  it('refuses a base plan as not an extension plan', async () => {
    const unit = await register('X-BASE-1');
    const res = await expectRefusedOn(
      unit,
      { planCode: 'STD-24', contractReference: 'CTR-1' },
      'planCode',
      /^STD-24 is a base plan of acme-appliances, not an extension plan$/,
    );
    expect(res.body.type).toBe('/problems/not-an-extension-plan');
  });

  it('refuses months or kinds other than the plan’s, naming the plan’s', async () => {
    const unit = await register('X-TERMS-1');
    const base = { planCode: 'EXT-12-AD', contractReference: 'CTR-1' };
    await expectRefusedOn(
      unit,
      { ...base, extraMonths: 120 },
      'extraMonths',
      /^extraMonths must be 12, the months of plan EXT-12-AD$/,
    );
    for (const coverage of [[], ['accidental_damage'], ['accidental_damage', 'labor', 'parts']])
      await expectRefusedOn(
        unit,
        { ...base, coverage },
        'coverage',
        /^coverage must be \["accidental_damage","labor"\], the coverage of plan EXT-12-AD$/,
      );
  });

  it('refuses a contract reference already used on the unit with 409; a retry with its key gets the first answer', async () => {
    const unit = await register('X-DUP-1');
    const body = { planCode: 'EXT-12-AD', contractReference: 'CTR-DUP' };
    const first = await extend(unit, body).set('Idempotency-Key', 'ext-dup-1').expect(200);
    const retry = await extend(unit, body).set('Idempotency-Key', 'ext-dup-1').expect(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const again = await extend(unit, body).set('Idempotency-Key', 'ext-dup-2').expect(409);
    expect(again.body).toMatchObject({
      type: '/problems/duplicate-contract',
      state: 'active',
      contractReference: 'CTR-DUP',
    });
    await extend(unit, body).expect(409, /duplicate-contract/);
    expect(await storedEvents(unit)).toEqual(['ProductRegistered', 'WarrantyExtended']);
  });

  it('answers a retry after a crash between the append and the stored reply with the extension, not a 409', async () => {
    const unit = await register('X-CRASH-1');
    const body = { planCode: 'EXT-12-AD', contractReference: 'CTR-CRASH' };
    const first = await extend(unit, body).set('Idempotency-Key', 'ext-crash-1').expect(200);
    const db = new Client({ connectionString: svc.database.url });
    await db.connect();
    try {
      // What a crash leaves: the event is written, the key's reply never stored.
      await db.query(`DELETE FROM platform.idempotency_keys WHERE key = 'ext-crash-1'`);
    } finally {
      await db.end();
    }
    const retry = await extend(unit, body).set('Idempotency-Key', 'ext-crash-1').expect(200);
    expect(retry.body).toMatchObject({ revision: 1, position: first.body.position });
    expect(await storedEvents(unit)).toEqual(['ProductRegistered', 'WarrantyExtended']);
  });

  it('renews under another contract until the end would pass 2199-12-31, then refuses with 409', async () => {
    await definePlan({ ...ACCIDENT_PLAN, code: 'EXT-120', months: 120 });
    const unit = await register('X-RANGE-1');
    let end = '2028-01-09';
    for (let n = 1; end < '2190-01-09'; n++) {
      const res = await extend(unit, { planCode: 'EXT-120', contractReference: `CTR-${n}` });
      expect(res.status).toBe(200);
      end = res.body.coverage.end;
    }
    expect(end).toBe('2198-01-09');
    const refused = await extend(unit, { planCode: 'EXT-120', contractReference: 'CTR-LAST' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: '/problems/coverage-end-out-of-range',
      coverageEnd: '2198-01-09',
      latestDate: '2199-12-31',
    });
    await extend(unit, { planCode: 'EXT-12-AD', contractReference: 'CTR-LAST' }).expect(
      200,
      /"end":"2199-01-09"/,
    );
  });

  it('adds a non-transferable extension plan only to a unit whose own plan ends on a transfer', async () => {
    await definePlan({ ...ACCIDENT_PLAN, code: 'EXT-PERS', transferable: false });
    const body = { planCode: 'EXT-PERS', contractReference: 'CTR-1' };
    const transferable = await register('X-XFER-1');
    await expectRefusedOn(transferable, body, 'planCode', /^EXT-PERS ends when the unit changes/);
    const personal = await register('X-XFER-2', { planCode: 'PERS-12' });
    await extend(personal, body).expect(200);
  });

  it('documents that months and kinds come from the plan, and the refusals', () => {
    const document = buildApiDocument(svc.app, 'registration');
    const operation = document.paths['/v1/products/{productId}/extensions'].post!;
    for (const code of [
      'unknown-warranty-plan',
      'not-an-extension-plan',
      'duplicate-contract',
      'coverage-end-out-of-range',
    ])
      expect(operation.description).toContain(code);
    const schema = document.components!.schemas!.ExtendWarrantyDto as { required: string[] };
    expect([...schema.required].sort()).toEqual(['contractReference', 'planCode']);
  });
});
