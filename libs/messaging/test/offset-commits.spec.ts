import type { Consumer } from 'kafkajs';
import { OffsetCommits } from '../src/kafka-feed/offset-commits';

describe('offset commits sent together', () => {
  it('commits again after one commit failed (a rebalance refuses it), instead of never again', async () => {
    const sent: string[] = [];
    let refuse = true;
    const consumer = {
      commitOffsets: async (offsets: Array<{ offset: string }>) => {
        if (refuse) {
          refuse = false;
          throw new Error('The group is rebalancing, so a rejoin is needed');
        }
        sent.push(...offsets.map((o) => o.offset));
      },
    } as unknown as Consumer;
    const commits = new OffsetCommits(1_000);

    commits.add(consumer, 'claims', 0, '5');
    await expect(commits.flush()).rejects.toThrow(/rebalancing/);
    commits.add(consumer, 'claims', 0, '9');
    await commits.flush();

    expect(sent).toEqual(['9']);
  });
});
