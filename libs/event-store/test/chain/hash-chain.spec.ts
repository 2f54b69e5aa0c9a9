import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import {
  businessMetadata,
  chainHash,
  chainHashes,
  chainLinks,
  GENESIS_HASH,
  verifyChain,
  type ChainLink,
} from '../../src/chain';
import type { JsonObject } from '../../src/types';

const events: ChainLink[] = [
  { type: 'ClaimFiled', data: { b: 1, a: 'x' }, metadata: { actor: 'r1' }, revision: 0 },
  { type: 'ClaimApproved', data: { remedy: 'repair' }, metadata: { actor: 'm1' }, revision: 1 },
];

function chained(): ChainLink[] {
  const hashes = chainHashes(GENESIS_HASH, events);
  return events.map((e, i) => ({ ...e, metadata: { ...e.metadata, hash: hashes[i] } }));
}

/** The chain's definition, written the plain way: the hash must never drift from it. */
const definition = (previous: string, e: ChainLink) =>
  createHash('sha256')
    .update(previous)
    .update(
      canonicalize({
        type: e.type,
        data: e.data,
        metadata: businessMetadata(e.metadata),
        revision: e.revision,
      })!,
    )
    .digest('hex');

describe('hash chain', () => {
  it('is SHA-256 of the previous hash and the whole event canonicalised, for any JSON', () => {
    const object = fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<JsonObject>;
    fc.assert(
      fc.property(
        fc.string(),
        object,
        object,
        fc.nat(),
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
        (type, data, metadata, revision, previous) => {
          const link = { type, data, metadata, revision };
          expect(chainHash(previous, link)).toBe(definition(previous, link));
          const [{ hash, canonicalData }] = chainLinks(previous, [link]);
          expect(hash).toBe(definition(previous, link));
          expect(JSON.parse(canonicalData)).toEqual(JSON.parse(JSON.stringify(data)));
        },
      ),
      { numRuns: 2000 },
    );
  });

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
