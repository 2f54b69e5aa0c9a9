import { randomUUID } from 'node:crypto';
import { type EventStore, PostgresEventStore } from '@warranty/event-store';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import {
  type Actor,
  CommandHandler,
  ConcurrencyConflictError,
  FixedClock,
  IllegalStateError,
  StaleRevisionError,
  uuidGenerator,
} from '../src';
import { type DoorCommand, doorDecider, type DoorEvent, type DoorState } from './door.decider';

const actor: Actor = { id: 'key-1', role: 'manufacturer', tenantId: 'acme' };
const context = { actor, correlationId: 'corr-1' };

describe('CommandHandler on PostgreSQL', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const clock = new FixedClock(new Date('2026-03-01T10:00:00Z'));
  const handlerOn = (s: EventStore, maxAttempts = 5) =>
    new CommandHandler<DoorCommand, DoorEvent, DoorState>(s, doorDecider, clock, uuidGenerator, {
      maxAttempts,
      tenants: (_state, _events, ctx) => ({ manufacturer: ctx.actor.tenantId }),
    });
  let handler: CommandHandler<DoorCommand, DoorEvent, DoorState>;
  let door: string;

  beforeAll(async () => {
    database = await createTestDatabase('kit');
    store = await PostgresEventStore.connect({ connectionString: database.url });
    handler = handlerOn(store);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });
  beforeEach(() => {
    door = `door-${randomUUID()}`;
  });

  it('answers a command it already applied (same command id) with its events, deciding nothing again', async () => {
    await handler.handle(door, { type: 'install', doorId: door }, context);
    const first = await handler.handle(
      door,
      { type: 'open', by: 'ann' },
      { ...context, commandId: 'cmd-open-1' },
    );
    // A second 'open' would be refused by the decider: the retry must not get that far.
    const retry = await handler.handle(
      door,
      { type: 'open', by: 'ann' },
      { ...context, commandId: 'cmd-open-1' },
    );
    expect(retry).toMatchObject({ events: [], revision: first.revision, position: first.position });
    expect(retry.earlier).toMatchObject({ type: 'DoorOpened', revision: first.revision });
    expect(await store.readStream(door)).toHaveLength(2);
    expect((await store.readStream(door))[1].metadata.commandId).toBe('cmd-open-1');
    await expect(
      handler.handle(door, { type: 'open', by: 'ann' }, { ...context, commandId: 'cmd-open-2' }),
    ).rejects.toBeInstanceOf(IllegalStateError);
  });

  it('appends the decided events with the envelope metadata and returns revision and position', async () => {
    await handler.handle(door, { type: 'install', doorId: door }, context);
    const result = await handler.handle(
      door,
      { type: 'open', by: 'ann' },
      { ...context, causationId: 'cause-9' },
    );
    expect(result).toMatchObject({ revision: 1, state: { status: 'open', opened: 1 } });
    const [, opened] = await store.readStream(door);
    expect(result.position).toBe(opened.position);
    expect(opened.metadata).toEqual({
      tenants: { manufacturer: 'acme' },
      actor,
      correlationId: 'corr-1',
      causationId: 'cause-9',
      schemaVersion: 1,
      occurredAt: '2026-03-01T10:00:00.000Z',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('writes nothing when the decider refuses or decides nothing', async () => {
    await expect(handler.handle(door, { type: 'open', by: 'ann' }, context)).rejects.toBeInstanceOf(
      IllegalStateError,
    );
    await handler.handle(door, { type: 'install', doorId: door }, context);
    const noop = await handler.handle(door, { type: 'close', by: 'ann' }, context);
    expect(noop).toMatchObject({ events: [], revision: 0 });
    expect(await store.readStream(door)).toHaveLength(1);
  });

  it('refuses a stale If-Match revision without deciding', async () => {
    await handler.handle(door, { type: 'install', doorId: door }, context);
    await expect(
      handler.handle(door, { type: 'open', by: 'ann' }, { ...context, expectedRevision: 3 }),
    ).rejects.toBeInstanceOf(StaleRevisionError);
    await expect(
      handler.handle(door, { type: 'open', by: 'ann' }, { ...context, expectedRevision: 0 }),
    ).resolves.toMatchObject({ revision: 1 });
  });

  it('re-reads and decides again when another writer wins the race', async () => {
    await handler.handle(door, { type: 'install', doorId: door }, context);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        handler.handle(
          door,
          i % 2 ? { type: 'close', by: `w${i}` } : { type: 'open', by: `w${i}` },
          context,
        ),
      ),
    );
    // Each writer either succeeded or was refused by the decider on fresh state, never by a stale read.
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(IllegalStateError);
    const events = await store.readStream(door);
    for (let i = 1; i < events.length; i++) expect(events[i].type).not.toBe(events[i - 1].type);
  });

  it('gives up with ConcurrencyConflictError after its attempts', async () => {
    await handler.handle(door, { type: 'install', doorId: door }, context);
    // A store whose every append loses the race.
    const losing: EventStore = Object.assign(Object.create(store), {
      append: async (streamId: string) => {
        await store.append(streamId, [{ type: 'DoorOpened', data: { by: 'rival' } }], 'any');
        await store.append(streamId, [{ type: 'DoorClosed', data: { by: 'rival' } }], 'any');
        return store.append(streamId, [{ type: 'Never', data: {} }], 0);
      },
    });
    const error = await handlerOn(losing, 3)
      .handle(door, { type: 'open', by: 'ann' }, context)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect(error.attempts).toBe(3);
  });

  it('appends to a commutative stream without conflicts, however many writers race', async () => {
    type Add = { type: 'add'; member: string };
    type Added = { type: 'Added'; data: { member: string } };
    const set = new CommandHandler<Add, Added, string[]>(
      store,
      {
        initialState: [],
        decide: (c, s) => (s.includes(c.member) ? [] : [{ type: 'Added', data: c }]),
        evolve: (s, e) => (s.includes(e.data.member) ? s : [...s, e.data.member]),
      },
      clock,
      uuidGenerator,
      { maxAttempts: 1, commutative: true, tenants: () => ({}) },
    );
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        set.handle(door, { type: 'add', member: `m${i}` }, context),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await set.load(door)).state.sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `m${i}`).sort(),
    );
  });

  describe('one at a time per stream', () => {
    const hotHandler = (s: EventStore) =>
      new CommandHandler<DoorCommand, DoorEvent, DoorState>(s, doorDecider, clock, uuidGenerator, {
        maxAttempts: 100,
        oneAtATimePerStream: true,
        tenants: (_state, _events, ctx) => ({ manufacturer: ctx.actor.tenantId }),
      });
    const toggle = (h: CommandHandler<DoorCommand, DoorEvent, DoorState>, n: number) =>
      h.handle(door, { type: n % 2 ? 'open' : 'close', by: `p${n}` }, context);

    it('decides concurrent commands to one stream together, on the state it wrote, in one append', async () => {
      const hot = hotHandler(store);
      await hot.handle(door, { type: 'install', doorId: door }, context);
      const reads = jest.spyOn(store, 'readStream');
      const appends = jest.spyOn(store, 'append');
      const readsOfDoor = () => reads.mock.calls.filter(([id]) => id === door).length;
      const toggled = await Promise.all(Array.from({ length: 10 }, (_, i) => toggle(hot, i + 1)));
      expect(appends).toHaveBeenCalledTimes(1);
      expect(readsOfDoor()).toBe(0);
      expect(toggled.map((result) => result.revision)).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
      expect(toggled.map((result) => (result.events[0].data as { by: string }).by)).toEqual(
        Array.from({ length: 10 }, (_, i) => `p${i + 1}`),
      );
      expect(new Set(toggled.map((result) => result.position)).size).toBe(1);
      expect((await store.readStream(door)).map((e) => e.data.by ?? null)).toEqual([
        null,
        ...Array.from({ length: 10 }, (_, i) => `p${i + 1}`),
      ]);
      reads.mockRestore();
      appends.mockRestore();
    });

    it('decides a group that a remembered state refuses again on the log, answering each caller', async () => {
      const hot = hotHandler(store);
      await hot.handle(door, { type: 'install', doorId: door }, context);
      const reads = jest.spyOn(store, 'readStream');
      const readsOfDoor = () => reads.mock.calls.filter(([id]) => id === door).length;
      const opened = await Promise.all(
        Array.from({ length: 10 }, () =>
          hot.handle(door, { type: 'open', by: 'x' }, context).catch((e: Error) => e),
        ),
      );
      // One open lands; the nine others are refused, decided again once on the log.
      expect(opened.filter((r) => r instanceof IllegalStateError)).toHaveLength(9);
      expect(readsOfDoor()).toBe(1);
      for (let n = 2; n < 12; n++) await toggle(hot, n);
      expect(readsOfDoor()).toBe(1);
      expect(await store.readStream(door)).toHaveLength(12);
      reads.mockRestore();
    });

    it('notices another process wrote since, and decides again on the log', async () => {
      const here = hotHandler(store);
      const elsewhere = hotHandler(store);
      await here.handle(door, { type: 'install', doorId: door }, context);
      await elsewhere.handle(door, { type: 'open', by: 'other process' }, context);
      // `here` still holds the closed door it installed: opening it again must be refused.
      await expect(here.handle(door, { type: 'open', by: 'me' }, context)).rejects.toThrow(
        IllegalStateError,
      );
      const closed = await here.handle(door, { type: 'close', by: 'me' }, context);
      expect(closed).toMatchObject({ revision: 2, state: { status: 'closed', opened: 1 } });
      expect((await store.readStream(door)).map((e) => e.type)).toEqual([
        'DoorInstalled',
        'DoorOpened',
        'DoorClosed',
      ]);
    });
  });
});
