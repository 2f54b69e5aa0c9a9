import fc from 'fast-check';
import { ChainWalk } from '../../src/domain/chain-walk';
import { joinSpans, LogSpan } from '../../src/domain/log-spans';
import { chainedStream } from './chain-links';

type Logged = { streamId: string; link: ReturnType<typeof chainedStream>[number] };

/** Interleaves streams into one log in the order `picks` says, keeping each stream's order. */
function interleave(streams: Logged[][], picks: number[]): Logged[] {
  const queues = streams.map((s) => [...s]);
  const log: Logged[] = [];
  for (const pick of picks) {
    const open = queues.filter((q) => q.length > 0);
    if (open.length === 0) break;
    log.push(open[pick % open.length].shift() as Logged);
  }
  for (const q of queues) log.push(...q);
  return log;
}

const tampering = fc.constantFrom('none', 'data', 'drop', 'unhash', 'type');

describe('verifying the log in slices', () => {
  it('finds the same first broken link per stream as one walk over the whole log', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 8 }), tampering, fc.nat()), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.nat(), { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (specs, picks, cuts) => {
          const streams = specs.map(([length, tamper, at], s) => {
            const links = chainedStream(length, (i) => ({ s, i }));
            const i = at % length;
            if (tamper === 'data') links[i] = { ...links[i], data: { s, i, edited: true } };
            if (tamper === 'type') links[i] = { ...links[i], type: 'Forged' };
            if (tamper === 'unhash')
              links[i] = {
                ...links[i],
                metadata: { correlationId: 'x' } as unknown as { hash: string },
              };
            if (tamper === 'drop' && length > 1) links.splice(i, 1);
            return links.map((link) => ({ streamId: `s-${s}`, link }));
          });
          const log = interleave(streams, picks);
          const whole = new ChainWalk();
          for (const e of log) whole.add(e.streamId, e.link);
          const bounds = [...new Set(cuts.map((c) => c % (log.length + 1)))].sort((a, b) => a - b);
          const slices = [0, ...bounds, log.length]
            .slice(0, -1)
            .map((from, k, starts) => log.slice(from, starts[k + 1] ?? log.length));
          const spans = slices.map((slice) => {
            const span = new LogSpan();
            for (const e of slice) span.add(e.streamId, e.link);
            return span;
          });
          const joined = joinSpans(spans);
          const broken = whole.verdicts().filter((v) => v.status === 'broken');
          expect(joined.events).toBe(log.length);
          expect(joined.streams).toBe(whole.streamCount);
          const byStream = (list: Array<{ streamId: string }>) =>
            [...list].sort((a, b) => a.streamId.localeCompare(b.streamId));
          expect(byStream(joined.broken)).toEqual(byStream(broken));
        },
      ),
      { numRuns: 300 },
    );
  });
});
