import { Client } from 'pg';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { RegistrationModule } from '../../src/registration.module';

const unit = (overrides: Record<string, unknown> = {}) => ({
  manufacturerId: 'acme-appliances',
  serialNumber: '  wm-0001 ',
  model: 'WM-9000',
  category: 'washing_machine',
  purchaseDate: '2026-05-01',
  price: { amount: 129900, currency: 'EUR' },
  owner: { customerId: 'cust-1', name: 'Ada Lovelace', email: 'ada@example.com', country: 'GB' },
  planCode: 'STD-24',
  ...overrides,
});

describe('Registration API', () => {
  let svc: ServiceUnderTest;
  let maker: string;
  let otherMaker: string;
  let retailer: string;
  let otherRetailer: string;
  let auditor: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [RegistrationModule]);
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    otherMaker = await svc.keyFor('globex', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    otherRetailer = await svc.keyFor('bright-electronics', 'retailer');
    auditor = await svc.keyFor('audit-partners', 'auditor');
    for (const plan of [
      {
        code: 'STD-24',
        name: 'Standard 24 months',
        months: 24,
        coverage: ['parts', 'labor'],
        transferable: true,
      },
      { code: 'BASIC-12', name: 'Basic', months: 12, coverage: ['parts'], transferable: false },
      {
        code: 'EXT-12',
        name: 'A year more, with accidental damage',
        months: 12,
        coverage: ['accidental_damage'],
        transferable: true,
        kind: 'extension',
      },
    ]) {
      await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(plan).expect(201);
    }
  });
  afterAll(() => svc?.close());

  const register = (body: Record<string, unknown>, key = retailer) =>
    svc.http().post('/v1/products').set(auth(key)).send(body);

  describe('POST /v1/products', () => {
    it('registers a unit with a normalised serial, its plan terms and coverage dates', async () => {
      const res = await register(unit()).expect(201);
      expect(res.body).toMatchObject({
        productId: 'acme-appliances~WM-0001',
        status: 'active',
        serialNumber: 'WM-0001',
        retailerId: 'acme-retail',
        plan: { code: 'STD-24', months: 24, coverage: ['parts', 'labor'], transferable: true },
        coverage: { start: '2026-05-01', end: '2028-04-30' },
        revision: 0,
      });
      expect(res.body.position).toMatch(/^\d+$/);
      expect(res.headers.etag).toBe('"0"');
      expect(res.headers.location).toBe('/v1/products/acme-appliances~WM-0001');
    });

    it('refuses a second registration of the same unit with 409 naming it', async () => {
      await register(unit({ serialNumber: 'dup-1' })).expect(201);
      const res = await register(unit({ serialNumber: ' DUP-1' }), retailer).expect(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 409, productId: 'acme-appliances~DUP-1' });
    });

    it('tells another retailer only that the unit is taken, nothing of its registration', async () => {
      await register(unit({ serialNumber: 'taken-1' })).expect(201);
      const res = await register(
        unit({ serialNumber: 'taken-1', retailerId: undefined }),
        otherRetailer,
      ).expect(409);
      expect(res.body.type).toBe('/problems/already-registered');
      expect(res.body).not.toHaveProperty('productId');
      expect(res.body).not.toHaveProperty('state');
      expect(JSON.stringify(res.body)).not.toContain('acme-retail');
    });

    it('answers a retry after a crash between the append and the stored reply with the unit, not a 409', async () => {
      const first = await register(unit({ serialNumber: 'crash-1' }))
        .set('Idempotency-Key', 'sale-crash-1')
        .expect(201);
      // What a crash leaves: the event is written, the key's reply never stored.
      const db = new Client({ connectionString: svc.database.url });
      await db.connect();
      try {
        await db.query(`DELETE FROM platform.idempotency_keys WHERE key = 'sale-crash-1'`);
        const retry = await register(unit({ serialNumber: 'crash-1' }))
          .set('Idempotency-Key', 'sale-crash-1')
          .expect(201);
        expect(retry.body).toMatchObject({
          productId: first.body.productId,
          revision: 0,
          position: first.body.position,
        });
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM event_store.events WHERE stream_id = $1`,
          [`product-${first.body.productId}`],
        );
        expect(rows[0].n).toBe(1);
      } finally {
        await db.end();
      }
    });

    it('lets exactly one of concurrent registrations of a unit succeed', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => register(unit({ serialNumber: 'RACE-1' }))),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    });

    it.each([
      ['a missing field', { model: undefined }, 'model'],
      ['a blank model', { model: '   ' }, 'model'],
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['a bad date', { purchaseDate: '2026-02-30' }, 'purchaseDate'],
      ['a non-integer amount', { price: { amount: 12.5, currency: 'EUR' } }, 'price.amount'],
      ['a bad currency', { price: { amount: 100, currency: 'euro' } }, 'price.currency'],
      ['a currency no country uses', { price: { amount: 100, currency: 'XYZ' } }, 'price.currency'],
      [
        'a bad owner email',
        { owner: { customerId: 'c', name: 'n', email: 'nope', country: 'GB' } },
        'owner.email',
      ],
      ['a serial that cannot be normalised', { serialNumber: 'has space' }, 'serialNumber'],
      ['an unknown plan', { planCode: 'NOPE' }, 'planCode'],
    ])('answers 400 with field errors for %s and writes nothing', async (_case, change, field) => {
      const body = unit({ serialNumber: `bad-${field}`.replace(/\./g, '-'), ...change });
      const res = await register(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      const probe = await svc
        .http()
        .get(`/v1/products/acme-appliances~BAD-${field.toUpperCase().replace(/\./g, '-')}`)
        .set(auth(retailer));
      expect(probe.status).toBe(404);
    });

    it('answers 400 for a purchase date in the future', async () => {
      const res = await register(
        unit({ serialNumber: 'future-1', purchaseDate: '2026-07-01' }),
      ).expect(400);
      expect(res.body.type).toBe('/problems/purchase-date-in-future');
    });

    it('answers 400 for malformed JSON, 413 for an oversized body, 415 for a body not JSON', async () => {
      const malformed = await svc
        .http()
        .post('/v1/products')
        .set(auth(retailer))
        .set('Content-Type', 'application/json')
        .send('{"manufacturerId":')
        .expect(400);
      expect(malformed.body).toMatchObject({ type: '/problems/malformed-json', status: 400 });
      const large = await register(unit({ model: 'x'.repeat(100_000) })).expect(413);
      expect(large.body).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
      const text = await svc
        .http()
        .post('/v1/products')
        .set(auth(retailer))
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(unit({ serialNumber: 'as-text-1' })))
        .expect(415);
      expect(text.headers['content-type']).toContain('application/problem+json');
      expect(text.body).toMatchObject({
        type: '/problems/unsupported-media-type',
        detail: 'Send the body as application/json.',
      });
      await svc
        .http()
        .get('/v1/products/acme-appliances~AS-TEXT-1')
        .set(auth(retailer))
        .expect(404);
    });

    it('answers 401 without a valid key and 403 for a role that may not register', async () => {
      await svc.http().post('/v1/products').send(unit()).expect(401);
      await svc
        .http()
        .post('/v1/products')
        .set(auth('wk_000000000000_nottherightsecretnottherightsecre'))
        .send(unit())
        .expect(401);
      await register(unit({ serialNumber: 'aud-1' }), auditor).expect(403);
    });

    it('refuses a retailer registering as another retailer', async () => {
      await register(unit({ serialNumber: 'spoof-1', retailerId: 'bright-electronics' })).expect(
        403,
      );
    });

    it('replays the first response for a repeated Idempotency-Key and refuses it with another body', async () => {
      const first = await register(unit({ serialNumber: 'idem-1' }))
        .set('Idempotency-Key', 'k-1')
        .expect(201);
      const again = await register(unit({ serialNumber: 'idem-1' }))
        .set('Idempotency-Key', 'k-1')
        .expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers.etag).toBe('"0"');
      await register(unit({ serialNumber: 'idem-2' }))
        .set('Idempotency-Key', 'k-1')
        .expect(422);
      // Keys are per tenant: another retailer may use the same key.
      await register(unit({ serialNumber: 'idem-3', retailerId: undefined }), otherRetailer)
        .set('Idempotency-Key', 'k-1')
        .expect(201);
      const { body } = await svc
        .http()
        .get('/v1/products/acme-appliances~IDEM-1')
        .set(auth(retailer))
        .expect(200);
      expect(body.revision).toBe(0);
    });

    it('leaves an Idempotency-Key untouched by 401 and free after 403, and refuses a malformed one', async () => {
      const held = async (key: string) => {
        const db = new Client({ connectionString: svc.database.url });
        await db.connect();
        try {
          return (await db.query('SELECT 1 FROM platform.idempotency_keys WHERE key = $1', [key]))
            .rowCount;
        } finally {
          await db.end();
        }
      };
      await svc
        .http()
        .post('/v1/products')
        .set('Idempotency-Key', 'k-guarded')
        .send(unit({ serialNumber: 'guarded-1' }))
        .expect(401);
      await register(unit({ serialNumber: 'guarded-1' }), auditor)
        .set('Idempotency-Key', 'k-guarded')
        .expect(403);
      expect(await held('k-guarded')).toBe(0);
      const bad = await register(unit({ serialNumber: 'guarded-2' }))
        .set('Idempotency-Key', 'k\u00e9')
        .expect(400);
      expect(bad.body.type).toBe('/problems/invalid-idempotency-key');
      await register(unit({ serialNumber: 'guarded-1' }))
        .set('Idempotency-Key', 'k-guarded')
        .expect(201);
      expect(await held('k-guarded')).toBe(1);
    });
  });

  describe('GET /v1/products/:productId', () => {
    it('shows the unit to its retailer, its manufacturer and auditors, with its revision as ETag', async () => {
      await register(unit({ serialNumber: 'see-1' })).expect(201);
      for (const key of [retailer, maker, auditor]) {
        const res = await svc
          .http()
          .get('/v1/products/acme-appliances~SEE-1')
          .set(auth(key))
          .expect(200);
        expect(res.headers.etag).toBe('"0"');
      }
    });

    it('answers 404 to other tenants, as for a unit that does not exist', async () => {
      await register(unit({ serialNumber: 'hide-1' })).expect(201);
      const other = await svc
        .http()
        .get('/v1/products/acme-appliances~HIDE-1')
        .set(auth(otherRetailer))
        .expect(404);
      const missing = await svc
        .http()
        .get('/v1/products/acme-appliances~NOPE-1')
        .set(auth(otherRetailer))
        .expect(404);
      expect(other.body.title).toBe(missing.body.title);
      await svc.http().get('/v1/products/acme-appliances~HIDE-1').set(auth(otherMaker)).expect(404);
      const depot = await svc.keyFor('fixit-depot', 'service_center');
      await svc.http().get('/v1/products/acme-appliances~HIDE-1').set(auth(depot)).expect(404);
      await svc
        .http()
        .post('/v1/products/acme-appliances~HIDE-1/void')
        .set(auth(otherMaker))
        .send({ reason: 'tampering' })
        .expect(404);
    });
  });

  it('reads a unit as it stood at an instant or on a date (the end of that day, UTC)', async () => {
    const registeredOn = svc.clock.now().toISOString().slice(0, 10);
    await register(unit({ serialNumber: 'asof-1' })).expect(201);
    svc.clock.advance(86_400_000);
    await svc
      .http()
      .post('/v1/products/acme-appliances~ASOF-1/extensions')
      .set(auth(retailer))
      .send({ planCode: 'EXT-12', contractReference: 'CTR-9' })
      .expect(200);
    const get = (asOf: string) =>
      svc.http().get('/v1/products/acme-appliances~ASOF-1').query({ asOf }).set(auth(auditor));
    const then = await get(registeredOn).expect(200);
    expect(then.body).toMatchObject({ revision: 0, asOf: `${registeredOn}T23:59:59.999Z` });
    expect(then.headers.etag).toBeUndefined();
    await get(svc.clock.now().toISOString()).expect(200, /"revision":1/);
    const before = await get('2020-01-01').expect(404);
    expect(before.body.type).toBe('/problems/not-yet-existing');
    await get('2026-02-30').expect(400);
    await svc
      .http()
      .get('/v1/products/acme-appliances~ASOF-1')
      .query({ asOf: registeredOn })
      .set(auth(otherRetailer))
      .expect(404);
    // Later tests expect the suite's clock where it was.
    svc.clock.advance(-86_400_000);
  });

  describe('commands on a unit', () => {
    const path = (serial: string, action: string) =>
      `/v1/products/acme-appliances~${serial}/${action}`;

    it('extends the warranty and honours If-Match', async () => {
      await register(unit({ serialNumber: 'ext-1' })).expect(201);
      const body = {
        planCode: 'EXT-12',
        extraMonths: 12,
        coverage: ['accidental_damage'],
        contractReference: 'CTR-1',
      };
      const stale = await svc
        .http()
        .post(path('EXT-1', 'extensions'))
        .set(auth(retailer))
        .set('If-Match', '"5"')
        .send(body)
        .expect(412);
      expect(stale.body.currentRevision).toBe(0);
      const res = await svc
        .http()
        .post(path('EXT-1', 'extensions'))
        .set(auth(retailer))
        .set('If-Match', '"0"')
        .send(body)
        .expect(200);
      expect(res.body).toMatchObject({
        revision: 1,
        coverage: { end: '2029-04-30', kinds: ['parts', 'labor', 'accidental_damage'] },
      });
      expect(res.headers.etag).toBe('"1"');
      await svc
        .http()
        .post(path('EXT-1', 'extensions'))
        .set(auth(retailer))
        .set('If-Match', 'garbage')
        .send(body)
        .expect(400);
    });

    it('transfers ownership; a non-transferable plan ends coverage on the transfer date', async () => {
      await register(unit({ serialNumber: 'xfer-1', planCode: 'BASIC-12' })).expect(201);
      const newOwner = {
        customerId: 'cust-2',
        name: 'Grace Hopper',
        email: 'grace@example.com',
        country: 'US',
      };
      const res = await svc
        .http()
        .post(path('XFER-1', 'transfers'))
        .set(auth(retailer))
        .send({ newOwner, transferDate: '2026-06-01' })
        .expect(200);
      expect(res.body).toMatchObject({ owner: newOwner, coverage: { endedOn: '2026-06-01' } });
    });

    it('voids a warranty for the manufacturer only, and refuses to void twice with 409 naming the state', async () => {
      await register(unit({ serialNumber: 'void-1' })).expect(201);
      await svc
        .http()
        .post(path('VOID-1', 'void'))
        .set(auth(retailer))
        .send({ reason: 'tampering' })
        .expect(403);
      await svc
        .http()
        .post(path('VOID-1', 'void'))
        .set(auth(maker))
        .send({ reason: 'tampering', notes: 'seal broken' })
        .expect(200);
      const again = await svc
        .http()
        .post(path('VOID-1', 'void'))
        .set(auth(maker))
        .send({ reason: 'tampering' })
        .expect(409);
      expect(again.body.state).toBe('voided');
      await svc
        .http()
        .post(path('VOID-1', 'void'))
        .set(auth(maker))
        .send({ reason: 'because' })
        .expect(400);
    });

    it('accepts nothing after cancellation', async () => {
      await register(unit({ serialNumber: 'cancel-1' })).expect(201);
      await svc
        .http()
        .post(path('CANCEL-1', 'cancellation'))
        .set(auth(retailer))
        .send({ reason: 'returned_for_refund' })
        .expect(200);
      const res = await svc
        .http()
        .post(path('CANCEL-1', 'extensions'))
        .set(auth(retailer))
        .send({ planCode: 'EXT-12', extraMonths: 12, contractReference: 'CTR-2' })
        .expect(409);
      expect(res.body.state).toBe('cancelled');
    });
  });

  describe('POST /v1/warranty-plans', () => {
    it('defines a plan once per manufacturer and code', async () => {
      const plan = {
        code: 'PLUS-36',
        name: 'Plus',
        months: 36,
        coverage: ['parts'],
        transferable: true,
      };
      await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(plan).expect(201);
      await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(plan).expect(409);
      await svc.http().post('/v1/warranty-plans').set(auth(otherMaker)).send(plan).expect(201);
      await svc.http().post('/v1/warranty-plans').set(auth(retailer)).send(plan).expect(403);
      await svc
        .http()
        .post('/v1/warranty-plans')
        .set(auth(maker))
        .send({ ...plan, code: 'X', coverage: [] })
        .expect(400);
    });
  });
});
