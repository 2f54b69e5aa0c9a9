import {
  chainOntoHead,
  GENESIS_HASH,
  verifyChain,
  WrongExpectedRevisionError,
  type EventToAppend,
} from '../../src';

const events: EventToAppend[] = [
  { type: 'ClaimFiled', data: { serial: 'SN-1' }, metadata: { actor: 'r1' } },
  { type: 'ClaimApproved', data: {}, metadata: { actor: 'm1', hash: 'forged' } },
];

describe('chaining an append onto the stream head', () => {
  it('starts a new stream from the genesis hash at revision 0', () => {
    const chained = chainOntoHead('s', 'no_stream', undefined, events);
    expect(chained.after).toBe(-1);
    const links = chained.events.map((e, i) => ({ ...e, revision: i }));
    expect(verifyChain(links, GENESIS_HASH)).toMatchObject({ status: 'intact', events: 2 });
    expect(chained.events[1].metadata.hash).not.toBe('forged');
  });

  it('continues from the head hash and revision', () => {
    const first = chainOntoHead('s', 'no_stream', undefined, events.slice(0, 1));
    const head = { revision: 0, hash: first.events[0].metadata.hash as string };
    const next = chainOntoHead('s', 0, head, events.slice(1));
    expect(next.after).toBe(0);
    const links = [...first.events, ...next.events].map((e, i) => ({ ...e, revision: i }));
    expect(verifyChain(links)).toMatchObject({ status: 'intact', events: 2 });
  });

  it('refuses an expected revision the head does not match, naming the actual one', () => {
    const head = { revision: 3, hash: GENESIS_HASH };
    expect(() => chainOntoHead('s', 2, head, events)).toThrow(WrongExpectedRevisionError);
    expect(() => chainOntoHead('s', 'no_stream', head, events)).toThrow('is at 3');
    expect(() => chainOntoHead('s', 'stream_exists', undefined, events)).toThrow('no_stream');
    expect(chainOntoHead('s', 'any', head, events).after).toBe(3);
  });
});
