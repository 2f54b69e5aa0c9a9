import { StreamHeads } from '../src/postgres/stream-heads';

const head = (revision: number) => ({ revision, hash: `h${revision}` });

describe('StreamHeads', () => {
  it('keeps the newer of the known and the given head', () => {
    const heads = new StreamHeads(10);
    heads.remember('s', head(3));
    heads.remember('s', head(2));
    expect(heads.get('s')).toEqual(head(3));
    heads.remember('s', head(4));
    expect(heads.get('s')).toEqual(head(4));
  });

  it('holds at most its capacity, dropping the stream used least recently', () => {
    const heads = new StreamHeads(3);
    for (const id of ['a', 'b', 'c']) heads.remember(id, head(0));
    heads.get('a');
    heads.remember('d', head(0));
    expect(['a', 'b', 'c', 'd'].map((id) => heads.get(id) !== undefined)).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });
});
