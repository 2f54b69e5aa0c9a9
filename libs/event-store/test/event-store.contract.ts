import { randomUUID } from 'node:crypto';
import { waitUntil } from '@warranty/testing';
import {
  businessMetadata,
  GENESIS_HASH,
  verifyChain,
  type EventFeed,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../src';

export interface ContractSubject {
  store: EventStore;
  feed: EventFeed;
  dispose(): Promise<void>;
}

const event = (type: string, data: Record<string, unknown> = {}): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  metadata: { correlationId: randomUUID(), actor: 'contract-suite' },
});

/** The behaviour every EventStore/EventFeed adapter must show; run by each adapter's spec. */
export function eventStoreContract(connect: () => Promise<ContractSubject>): void {
  let subject: ContractSubject;
  let store: EventStore;
  // Each test uses its own stream prefix, so adapters backed by a shared server stay isolated.
  let prefix: string;
  const stream = (name: string) => `${prefix}${name}`;

  beforeAll(async () => {
    subject = await connect();
    store = subject.store;
  });
  afterAll(async () => subject?.dispose());
  beforeEach(() => {
    prefix = `ct${randomUUID().replace(/-/g, '').slice(0, 12)}-`;
  });

  describe('append and read back', () => {
    it('returns the events with their ids, types, data, metadata and revisions', async () => {
      const events = [
        event('UnitRegistered', { serial: 'SN-1', price: { amount: 1999, currency: 'EUR' } }),
        event('WarrantyExtended', { months: 12 }),
      ];
      const result = await store.append(stream('a'), events, 'no_stream');
      expect(result.nextRevision).toBe(1);

      const read = await store.readStream(stream('a'));
      expect(read.map((e) => [e.id, e.type, e.revision, e.streamId])).toEqual([
        [events[0].id, 'UnitRegistered', 0, stream('a')],
        [events[1].id, 'WarrantyExtended', 1, stream('a')],
      ]);
      expect(read[0].data).toEqual(events[0].data);
      expect(businessMetadata(read[1].metadata)).toEqual(events[1].metadata);
      expect(read[0].recordedAt).toBeInstanceOf(Date);
      expect(read[0].position < read[1].position).toBe(true);
      expect(read[1].position).toBe(result.position);
    });

    it('reports a missing stream as StreamNotFoundError, naming it', async () => {
      const missing = stream('missing');
      const limit = Error.stackTraceLimit;
      const error = await store.readStream(missing).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StreamNotFoundError);
      expect(error).toMatchObject({
        name: 'StreamNotFoundError',
        streamId: missing,
        message: `Stream ${missing} not found`,
      });
      expect(Error.stackTraceLimit).toBe(limit);
    });
  });

  describe('expected revision', () => {
    it('no_stream: accepts a new stream and refuses an existing one, naming its revision', async () => {
      await store.append(stream('n'), [event('A')], 'no_stream');
      const error = await store.append(stream('n'), [event('B')], 'no_stream').catch((e) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error.actual).toBe(0);
    });

    it('exact revision: accepts the current one and refuses a stale or future one', async () => {
      await store.append(stream('r'), [event('A'), event('B')], 'no_stream');
      await expect(store.append(stream('r'), [event('C')], 1)).resolves.toMatchObject({
        nextRevision: 2,
      });
      const stale = await store.append(stream('r'), [event('D')], 1).catch((e) => e);
      expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
      expect(stale.actual).toBe(2);
      await expect(store.append(stream('r'), [event('D')], 7)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      await expect(store.append(stream('fresh'), [event('A')], 0)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
    });

    it('stream_exists: refuses a missing stream and accepts an existing one', async () => {
      const missing = await store
        .append(stream('e'), [event('A')], 'stream_exists')
        .catch((e) => e);
      expect(missing).toBeInstanceOf(WrongExpectedRevisionError);
      expect(missing.actual).toBe('no_stream');
      await store.append(stream('e'), [event('A')], 'any');
      await expect(store.append(stream('e'), [event('B')], 'stream_exists')).resolves.toMatchObject(
        { nextRevision: 1 },
      );
    });

    it('any: appends whatever the stream holds', async () => {
      await expect(store.append(stream('y'), [event('A')], 'any')).resolves.toMatchObject({
        nextRevision: 0,
      });
      await expect(store.append(stream('y'), [event('B')], 'any')).resolves.toMatchObject({
        nextRevision: 1,
      });
    });

    it('writes nothing when the revision check fails', async () => {
      await store.append(stream('x'), [event('A')], 'no_stream');
      await expect(
        store.append(stream('x'), [event('B'), event('C'), event('D')], 5),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect((await store.readStream(stream('x'))).map((e) => e.type)).toEqual(['A']);
    });

    it('lets exactly one of many concurrent writers win the same expected revision', async () => {
      await store.append(stream('race'), [event('A')], 'no_stream');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, () => store.append(stream('race'), [event('B'), event('C')], 0)),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes)
        if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((await store.readStream(stream('race'))).map((e) => e.revision)).toEqual([0, 1, 2]);
    });
  });

  describe('the hash chain', () => {
    const intact = async (streamId: string) => verifyChain(await store.readStream(streamId));

    it('chains consecutive appends from the genesis hash', async () => {
      await store.append(stream('c'), [event('A', { n: 1 })], 'no_stream');
      await store.append(stream('c'), [event('B', { n: 2 })], 0);
      await store.append(stream('c'), [event('C', { n: 3 })], 'stream_exists');
      const read = await store.readStream(stream('c'));
      expect(verifyChain(read)).toMatchObject({ status: 'intact', events: 3 });
      expect(read[0].metadata.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(verifyChain(read.slice(1), GENESIS_HASH).status).toBe('broken');
    });

    it('chains every event of a multi-event append', async () => {
      await store.append(stream('m'), [event('A'), event('B'), event('C')], 'no_stream');
      await store.append(stream('m'), [event('D'), event('E')], 2);
      expect(await intact(stream('m'))).toMatchObject({ status: 'intact', events: 5 });
    });

    it('overwrites a hash the caller put in metadata', async () => {
      const forged = { ...event('A'), metadata: { actor: 'x', hash: 'f'.repeat(64) } };
      await store.append(stream('forged'), [forged], 'no_stream');
      const [read] = await store.readStream(stream('forged'));
      expect(read.metadata.hash).not.toBe('f'.repeat(64));
      expect(verifyChain([read]).status).toBe('intact');
    });

    it('stays intact when 16 concurrent writers append to one stream with "any"', async () => {
      await Promise.all(
        Array.from({ length: 16 }, (_, w) =>
          store.append(
            stream('crowd'),
            Array.from({ length: 1 + (w % 3) }, (_, i) => event('Step', { w, i })),
            'any',
          ),
        ),
      );
      expect(await intact(stream('crowd'))).toMatchObject({ status: 'intact', events: 31 });
    });
  });

  describe('multi-event appends are atomic', () => {
    it('keeps each append contiguous when concurrent writers use "any"', async () => {
      const batches = Array.from({ length: 10 }, (_, b) =>
        Array.from({ length: 5 }, (_, i) => event('Step', { b, i })),
      );
      await Promise.all(batches.map((batch) => store.append(stream('atomic'), batch, 'any')));
      const read = await store.readStream(stream('atomic'));
      expect(read).toHaveLength(50);
      for (let i = 0; i < 50; i += 5) {
        const slice = read.slice(i, i + 5).map((e) => e.data as { b: number; i: number });
        expect(slice.map((d) => d.i)).toEqual([0, 1, 2, 3, 4]);
        expect(new Set(slice.map((d) => d.b)).size).toBe(1);
      }
    });
  });

  describe('reading a stream', () => {
    beforeEach(async () => {
      await store.append(
        stream('s'),
        Array.from({ length: 6 }, (_, i) => event(`E${i}`)),
        'no_stream',
      );
    });

    it('reads forwards from a revision with a max count', async () => {
      const read = await store.readStream(stream('s'), { fromRevision: 2, maxCount: 3 });
      expect(read.map((e) => e.revision)).toEqual([2, 3, 4]);
    });

    it('reads backwards from the end and from a revision', async () => {
      expect(
        (await store.readStream(stream('s'), { direction: 'backwards', maxCount: 2 })).map(
          (e) => e.revision,
        ),
      ).toEqual([5, 4]);
      expect(
        (await store.readStream(stream('s'), { direction: 'backwards', fromRevision: 2 })).map(
          (e) => e.revision,
        ),
      ).toEqual([2, 1, 0]);
    });
  });

  describe('the global log', () => {
    it('reads from a position with stream-prefix and event-type filters', async () => {
      await store.append(
        stream('claim-1'),
        [event('ClaimFiled'), event('ClaimApproved')],
        'no_stream',
      );
      const { position: before } = await store.append(
        stream('rma-1'),
        [event('RmaAuthorized')],
        'no_stream',
      );
      await store.append(stream('claim-2'), [event('ClaimFiled')], 'no_stream');
      const last = await store.append(stream('claim-1'), [event('ClaimClosed')], 1);
      // The log shows a write once no older transaction is in flight anywhere on the server,
      // and other suites share it: wait for our last write, then read.
      await waitUntil(async () =>
        (await store.readAll({ after: before, filter: { streamPrefixes: [prefix] } })).some(
          (e) => e.position === last.position,
        ),
      );

      const claims = await store.readAll({ filter: { streamPrefixes: [stream('claim-')] } });
      expect(claims.map((e) => `${e.streamId.slice(prefix.length)}:${e.type}`)).toEqual([
        'claim-1:ClaimFiled',
        'claim-1:ClaimApproved',
        'claim-2:ClaimFiled',
        'claim-1:ClaimClosed',
      ]);
      const afterRma = await store.readAll({ after: before, filter: { streamPrefixes: [prefix] } });
      expect(afterRma.map((e) => e.type)).toEqual(['ClaimFiled', 'ClaimClosed']);
      const filed = await store.readAll({
        filter: { streamPrefixes: [prefix], eventTypes: ['ClaimFiled'] },
        maxCount: 1,
      });
      expect(filed.map((e) => e.streamId)).toEqual([stream('claim-1')]);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(afterRma[1].position);
      expect(await store.newestPosition()).toBeGreaterThanOrEqual(afterRma[1].position);
    });
  });

  describe('the feed', () => {
    it('resumes from its checkpoint without loss or repeat', async () => {
      const filter = { streamPrefixes: [prefix] };
      for (let i = 0; i < 5; i++)
        await store.append(stream(`f${i}`), [event('First', { i })], 'no_stream');

      const firstRun: RecordedEvent[] = [];
      const first = subject.feed.subscribe({
        name: 'contract',
        filter,
        handler: async (e) => void firstRun.push(e),
      });
      await waitUntil(() => firstRun.length === 5, {
        describe: () => `5 events, got ${firstRun.length}`,
      });
      await first.stop();
      const checkpoint = firstRun[2].position;

      for (let i = 0; i < 3; i++) await store.append(stream(`f${i}`), [event('Second', { i })], 0);
      const secondRun: RecordedEvent[] = [];
      const second = subject.feed.subscribe({
        name: 'contract',
        filter,
        after: checkpoint,
        handler: async (e) => void secondRun.push(e),
      });
      await waitUntil(() => secondRun.length >= 5, {
        describe: () => `5 events, got ${secondRun.length}`,
      });
      await new Promise((r) => setTimeout(r, 200));
      await second.stop();
      expect(secondRun.map((e) => e.id)).toEqual([
        ...firstRun.slice(3).map((e) => e.id),
        ...secondRun.slice(2).map((e) => e.id),
      ]);
      expect(secondRun.map((e) => e.type)).toEqual([
        'First',
        'First',
        'Second',
        'Second',
        'Second',
      ]);
    });

    it('stops with the error when a handler throws, and redelivers that event on resume', async () => {
      await store.append(stream('p'), [event('Ok'), event('Poison'), event('Later')], 'no_stream');
      const seen: string[] = [];
      const failing = subject.feed.subscribe({
        name: 'contract',
        filter: { streamPrefixes: [prefix] },
        handler: async (e) => {
          if (e.type === 'Poison') throw new Error('handler failed');
          seen.push(e.type);
        },
      });
      await expect(failing.done).rejects.toThrow('handler failed');
      expect(seen).toEqual(['Ok']);

      const [ok] = await store.readStream(stream('p'), { maxCount: 1 });
      const redelivered: string[] = [];
      const resumed = subject.feed.subscribe({
        name: 'contract',
        filter: { streamPrefixes: [prefix] },
        after: ok.position,
        handler: async (e) => void redelivered.push(e.type),
      });
      await waitUntil(() => redelivered.length === 2, {
        describe: () => `2 events, got ${redelivered}`,
      });
      await resumed.stop();
      expect(redelivered).toEqual(['Poison', 'Later']);
    });

    it('delivers every event of 16 concurrent writers exactly once, in position order', async () => {
      const writers = 16;
      const appendsPerWriter = Number(process.env.CONTRACT_APPENDS_PER_WRITER ?? 150);
      const streams = Array.from({ length: 24 }, (_, i) => stream(`load-${i}`));
      const written = new Map<string, string>();
      const delivered: RecordedEvent[] = [];
      const feed = subject.feed.subscribe({
        name: 'contract-load',
        filter: { streamPrefixes: [stream('load-')] },
        handler: async (e) => void delivered.push(e),
      });

      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let n = 0; n < appendsPerWriter; n++) {
            const target = streams[(w * 7 + n * 13) % streams.length];
            const batch = Array.from({ length: 1 + ((w + n) % 3) }, (_, i) =>
              event('Load', { w, n, i }),
            );
            await store.append(target, batch, 'any');
            for (const e of batch) written.set(e.id!, target);
          }
        }),
      );
      expect(written.size).toBeGreaterThanOrEqual(2000);
      await waitUntil(() => delivered.length >= written.size, {
        timeoutMs: 30_000,
        describe: () => `${written.size} events, got ${delivered.length}`,
      });
      await new Promise((r) => setTimeout(r, 300));
      await feed.stop();

      expect(delivered).toHaveLength(written.size);
      expect(new Set(delivered.map((e) => e.id)).size).toBe(written.size);
      for (let i = 1; i < delivered.length; i++) {
        if (!(delivered[i - 1].position < delivered[i].position)) {
          throw new Error(
            `position order broken at ${i}: ${delivered[i - 1].position} then ${delivered[i].position}`,
          );
        }
      }
      const revisions = new Map<string, number[]>();
      for (const e of delivered) {
        expect(written.get(e.id)).toBe(e.streamId);
        revisions.set(e.streamId, [...(revisions.get(e.streamId) ?? []), e.revision]);
      }
      for (const [, list] of revisions) expect(list).toEqual(list.map((_, i) => i));
    });
  });
}
