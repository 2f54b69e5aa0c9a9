import type { Pool } from 'pg';
import { ApiKeys } from '@warranty/platform';
import { PG_POOL } from '@warranty/platform/database';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { WORKFLOW_TENANT, WorkflowIdentity } from '../../src/adapters/workflow-identity';

/** Workflow processes sharing one database; the SIGKILLed one is in the crash suite. */
describe("the workflow's API key", () => {
  let svc: ServiceUnderTest;
  let keys: ApiKeys;
  let pool: Pool;
  const started: WorkflowIdentity[] = [];

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => []);
    keys = svc.app.get(ApiKeys);
    pool = svc.app.get<Pool>(PG_POOL);
  }, 60_000);
  afterAll(async () => {
    for (const identity of started) await identity.beforeApplicationShutdown();
    await svc?.close();
  });

  const start = async () => {
    const identity = new WorkflowIdentity(keys, pool);
    started.push(identity);
    await identity.onApplicationBootstrap();
    return identity;
  };
  const works = async (key: string) => (await keys.authenticate(key)) !== undefined;

  it('a process starting next to a live one leaves its key alone', async () => {
    const first = await start();
    const firstKey = await first.apiKey();
    const second = await start();
    const secondKey = await second.apiKey();
    expect(secondKey).not.toBe(firstKey);
    expect(await second.revokeAbandoned()).toBe(0);
    expect(await works(firstKey)).toBe(true);
    expect(await works(secondKey)).toBe(true);
  });

  it('one key per process, revoked when it shuts down', async () => {
    const identity = await start();
    const key = await identity.apiKey();
    expect(await identity.apiKey()).toBe(key);
    await identity.beforeApplicationShutdown();
    expect(await works(key)).toBe(false);
  });

  it('a key issued before leases existed is revoked at the next start', async () => {
    const { key } = await keys.create(WORKFLOW_TENANT, 'admin', 'fulfilment workflow');
    await start();
    expect(await works(key)).toBe(false);
  });

  it('a rejected key is replaced by a new one, and revoked', async () => {
    const identity = await start();
    const key = await identity.apiKey();
    await identity.rejected(key);
    const next = await identity.apiKey();
    expect(next).not.toBe(key);
    expect(await works(key)).toBe(false);
    expect(await works(next)).toBe(true);
  });
});
