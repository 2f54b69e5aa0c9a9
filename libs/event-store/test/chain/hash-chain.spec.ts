import { chainHash, chainHashes, GENESIS_HASH, verifyChain, type ChainLink } from '../../src/chain';

const events: ChainLink[] = [
  { type: 'ClaimFiled', data: { b: 1, a: 'x' }, metadata: { actor: 'r1' }, revision: 0 },
  { type: 'ClaimApproved', data: { remedy: 'repair' }, metadata: { actor: 'm1' }, revision: 1 },
];

function chained(): ChainLink[] {
  const hashes = chainHashes(GENESIS_HASH, events);
  return events.map((e, i) => ({ ...e, metadata: { ...e.metadata, hash: hashes[i] } }));
}

describe('hash chain', () => {
  it('ignores key order and the stored hash itself', () => {
    const a = chainHash(GENESIS_HASH, events[0]);
    const b = chainHash(GENESIS_HASH, {
      ...events[0],
      data: { a: 'x', b: 1 },
      metadata: { hash: 'whatever', actor: 'r1' },
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on the previous hash and the revision', () => {
    expect(chainHash(GENESIS_HASH, events[0])).not.toBe(chainHash('1'.repeat(64), events[0]));
    expect(chainHash(GENESIS_HASH, events[0])).not.toBe(
      chainHash(GENESIS_HASH, { ...events[0], revision: 1 }),
    );
  });

  it('verifies an untouched stream as intact', () => {
    expect(verifyChain(chained())).toMatchObject({ status: 'intact', events: 2 });
  });

  it('names the first edited revision with the expected and found hash', () => {
    const stream = chained();
    stream[1] = { ...stream[1], data: { remedy: 'refund' } };
    const verdict = verifyChain(stream);
    expect(verdict).toMatchObject({ status: 'broken', revision: 1 });
    if (verdict.status !== 'broken') throw new Error('unreachable');
    expect(verdict.foundHash).toBe(chained()[1].metadata.hash);
    expect(verdict.expectedHash).not.toBe(verdict.foundHash);
  });

  it('catches an edit whose hash was recomputed, at the next revision', () => {
    const stream = chained();
    const edited = { ...stream[0], data: { a: 'y', b: 1 } };
    stream[0] = {
      ...edited,
      metadata: { ...edited.metadata, hash: chainHash(GENESIS_HASH, edited) },
    };
    expect(verifyChain(stream)).toMatchObject({ status: 'broken', revision: 1 });
  });
});
