import { Client } from 'pg';
import { STANDARD_PLAN, unitRegistration } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../services/claims/src/claims.module';
import { RegistrationModule } from '../../services/registration/src/registration.module';

/**
 * What runs beside a request and is not its cost: the feed's reads, the key-change heartbeat and
 * the store's coalesced NOTIFY, sent after commits on a timer of its own.
 */
const BACKGROUND = /^(WITH horizon|SELECT 1$|LISTEN |SELECT pg_notify)/;

/** The statements any pg client sends while `during` runs, background work left out. */
async function statementsDuring(during: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
    const sql = String(text).replace(/\s+/g, ' ').trim();
    if (!BACKGROUND.test(sql)) sent.push(sql.slice(0, 100));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await during();
  } finally {
    Client.prototype.query = original;
  }
  return sent;
}

/** Round trips to PostgreSQL per command: the command path's main cost (issue 14). */
describe('statements per command request', () => {
  let svc: ServiceUnderTest;
  let retailer: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  const register = (serial: string, key?: string) => {
    const post = svc.http().post('/v1/products').set(auth(retailer));
    return (key ? post.set('Idempotency-Key', key) : post).send(unitRegistration(serial));
  };
  const claim = (serialNumber: string) => ({
    manufacturerId: 'acme-appliances',
    serialNumber,
    failureDate: '2026-06-01',
    defect: { category: 'electrical', description: 'No power' },
    evidence: [],
    customer: { name: 'Ada', email: `ada+${serialNumber}@example.com` },
    requestedResolution: 'repair',
  });

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [RegistrationModule, ClaimsModule]);
    const maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
    await register('Q-0').expect(201);
  });
  afterAll(() => svc?.close());

  it('registers a unit with an Idempotency-Key in 3 statements', async () => {
    const sent = await statementsDuring(() => register('Q-1', 'q-1').expect(201));
    expect(sent).toHaveLength(3);
  });

  it('finds a plan defined after a registration that named it was refused (only defined plans are kept)', async () => {
    const maker = await svc.keyFor('acme-appliances', 'manufacturer');
    const late = { ...unitRegistration('Q-LATE'), planCode: 'LATE-12' };
    await svc.http().post('/v1/products').set(auth(retailer)).send(late).expect(400);
    await svc
      .http()
      .post('/v1/warranty-plans')
      .set(auth(maker))
      .send({ ...STANDARD_PLAN, code: 'LATE-12', months: 12 })
      .expect(201);
    await svc.http().post('/v1/products').set(auth(retailer)).send(late).expect(201);
    await register('Q-1').expect(409);
  });

  it('files a claim with an Idempotency-Key in 6 statements', async () => {
    await register('Q-2').expect(201);
    const sent = await statementsDuring(() =>
      svc
        .http()
        .post('/v1/claims')
        .set(auth(retailer))
        .set('Idempotency-Key', 'q-2')
        .send(claim('Q-2'))
        .expect(201),
    );
    expect(sent).toHaveLength(6);
  });

  it('files a claim without a key in 4 statements: a random claim id is not looked up', async () => {
    await register('Q-4').expect(201);
    const sent = await statementsDuring(() =>
      svc.http().post('/v1/claims').set(auth(retailer)).send(claim('Q-4')).expect(201),
    );
    expect(sent).toHaveLength(4);
  });

  it('answers a replayed claim from the stored response in one statement', async () => {
    await register('Q-3').expect(201);
    const first = await svc
      .http()
      .post('/v1/claims')
      .set(auth(retailer))
      .set('Idempotency-Key', 'q-3')
      .send(claim('Q-3'))
      .expect(201);
    let replay: { body: unknown; headers: Record<string, string> } | undefined;
    const sent = await statementsDuring(async () => {
      replay = await svc
        .http()
        .post('/v1/claims')
        .set(auth(retailer))
        .set('Idempotency-Key', 'q-3')
        .send(claim('Q-3'))
        .expect(201);
    });
    expect(replay?.headers['idempotent-replayed']).toBe('true');
    expect(replay?.body).toEqual(first.body);
    expect(sent).toHaveLength(1);
  });
});
