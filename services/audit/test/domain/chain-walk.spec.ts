import { GENESIS_HASH } from '@warranty/event-store';
import { ChainWalk, verifyStream } from '../../src/domain/chain-walk';
import { chainedStream } from './chain-links';

describe('verifying a stream’s chain', () => {
  it('finds an untouched stream intact, with its head hash', () => {
    const events = chainedStream(5);
    expect(verifyStream('s-1', events)).toEqual({
      status: 'intact',
      streamId: 's-1',
      events: 5,
      headHash: events[4].metadata.hash,
    });
  });

  it('names the edited revision with the hash it should carry and the one it does', () => {
    const events = chainedStream(5);
    events[3] = { ...events[3], data: { i: 'edited' } };
    expect(verifyStream('s-1', events)).toMatchObject({
      status: 'broken',
      revision: 3,
      foundHash: events[3].metadata.hash,
      reason: 'the stored hash does not match the event',
    });
  });

  it('names the revision after a deleted event, and an event without a hash', () => {
    const events = chainedStream(4);
    expect(verifyStream('s-1', [events[0], events[2], events[3]])).toMatchObject({
      status: 'broken',
      revision: 2,
      reason: 'revision 2 where 1 was next',
    });
    const { hash: _hash, ...bare } = events[0].metadata;
    expect(verifyStream('s-1', [{ ...events[0], metadata: bare }])).toMatchObject({
      status: 'broken',
      revision: 0,
      foundHash: null,
    });
  });

  it('verifies interleaved streams one event at a time, as the global log delivers them', () => {
    const a = chainedStream(3, (i) => ({ a: i }));
    const b = chainedStream(3, (i) => ({ b: i }));
    b[1] = { ...b[1], type: 'Forged' };
    const walk = new ChainWalk();
    const broken = [a[0], b[0], a[1], b[1], a[2], b[2]].map((e, i) =>
      walk.add(i % 2 === 0 ? 'a' : 'b', e),
    );
    expect(broken.filter(Boolean)).toEqual([
      expect.objectContaining({ streamId: 'b', revision: 1 }),
    ]);
    expect(walk.verdict('a')).toMatchObject({
      status: 'intact',
      events: 3,
      headHash: a[2].metadata.hash,
    });
    expect(walk.previousHash('unseen')).toBe(GENESIS_HASH);
  });
});
