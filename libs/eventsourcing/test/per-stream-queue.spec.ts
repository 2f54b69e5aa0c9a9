import { PerStreamQueue } from '../src';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PerStreamQueue', () => {
  it('runs the tasks of one key one after another, in arrival order', async () => {
    const queue = new PerStreamQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((name) => queue.run('s', task(name))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs tasks of different keys side by side', async () => {
    const queue = new PerStreamQueue();
    let release!: () => void;
    const blocked = queue.run('s1', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(queue.run('s2', async () => 'other stream')).resolves.toBe('other stream');
    release();
    await blocked;
  });

  it('keeps a failure to its own caller: the next task of the key still runs', async () => {
    const queue = new PerStreamQueue();
    const failed = queue.run('s', async () => {
      throw new Error('lost');
    });
    const next = queue.run('s', async () => 'ran');
    await expect(failed).rejects.toThrow('lost');
    await expect(next).resolves.toBe('ran');
  });
});
