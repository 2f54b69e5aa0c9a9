import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { freePort } from '@warranty/routing';
import { toProblem } from '../src/errors';

/** The error a real driver raises for a query against a database that is not there. */
async function refusal(query: () => Promise<unknown>): Promise<unknown> {
  try {
    await query();
  } catch (error) {
    return error;
  }
  throw new Error('the query succeeded');
}

describe('a database that is away answers 503, not 500', () => {
  let socketDir: string;

  beforeAll(async () => {
    socketDir = await mkdtemp(join(tmpdir(), 'no-postgres-'));
  });
  afterAll(() => rm(socketDir, { recursive: true, force: true }));

  const expectUnavailable = (error: unknown) =>
    expect(toProblem(error)).toMatchObject({
      status: 503,
      type: '/problems/dependency-unavailable',
    });

  it('over TCP: a refused connection', async () => {
    const pool = new Pool({ host: '127.0.0.1', port: await freePort(), user: 'x', password: 'x' });
    expectUnavailable(await refusal(() => pool.query('SELECT 1')));
    await pool.end();
  });

  it('over a Unix socket whose server stopped (the socket file is gone)', async () => {
    const pool = new Pool({ host: socketDir, port: 5432, user: 'x', password: 'x' });
    const error = await refusal(() => pool.query('SELECT 1'));
    expect(error).toMatchObject({ code: 'ENOENT' });
    expectUnavailable(error);
    await pool.end();
  });

  it('through TypeORM, as the read models query', async () => {
    const dataSource = new DataSource({
      type: 'postgres',
      host: socketDir,
      port: 5432,
      username: 'x',
      password: 'x',
    });
    expectUnavailable(await refusal(() => dataSource.initialize()));
  });

  it('keeps a request that is wrong a 500 of its own', () => {
    expect(toProblem(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toMatchObject({
      status: 500,
    });
  });
});
