import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { PostgresEventStore } from '../src';

describe('PostgreSQL event store: the log is append-only at the database', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let superuser: Pool;
  const streamId = `ao-${randomUUID()}`;

  beforeAll(async () => {
    database = await createTestDatabase('es_ao');
    store = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 2 });
    superuser = new Pool({ connectionString: database.url, max: 1 });
    await store.append(streamId, [{ type: 'A', data: { n: 1 } }], 'no_stream');
  });
  afterAll(async () => {
    await superuser?.end();
    await store?.close();
    await database?.drop();
  });

  it('writes through a role that may insert and read but not update or delete', async () => {
    const { rows } = await store.pool.query<{ role: string }>('SELECT current_user AS role');
    expect(rows[0].role).toBe('event_store_writer');
    await expect(
      store.pool.query(`UPDATE event_store.events SET data = '{}' WHERE stream_id = $1`, [
        streamId,
      ]),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      store.pool.query(`DELETE FROM event_store.events WHERE stream_id = $1`, [streamId]),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(store.pool.query(`TRUNCATE event_store.events`)).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE by a superuser through the events_append_only trigger', async () => {
    const { rows } = await superuser.query<{ su: boolean }>(
      `SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows[0].su).toBe(true);
    for (const sql of [
      `UPDATE event_store.events SET data = '{"n":2}' WHERE stream_id = '${streamId}'`,
      `DELETE FROM event_store.events WHERE stream_id = '${streamId}'`,
      `TRUNCATE event_store.events`,
    ]) {
      await expect(superuser.query(sql)).rejects.toThrow(/append-only/);
    }
    const { rows: triggers } = await superuser.query<{ tgname: string }>(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'event_store.events'::regclass
        AND NOT tgisinternal ORDER BY tgname`,
    );
    expect(triggers.map((t) => t.tgname)).toContain('events_append_only');
    expect((await store.readStream(streamId)).map((e) => e.data)).toEqual([{ n: 1 }]);
  });
});
