import type { RecordedEvent } from '@warranty/event-store';
import { eventsAsOf } from '../src/queries/events-as-of';

const event = (
  streamId: string,
  revision: number,
  position: number,
  occurredAt: string | null,
  recordedAt = '2026-06-15T10:00:00.000Z',
): RecordedEvent => ({
  id: `${streamId}/${revision}`,
  type: 'Something',
  streamId,
  revision,
  position: BigInt(position),
  recordedAt: new Date(recordedAt),
  data: {},
  metadata: occurredAt === null ? {} : { occurredAt },
});

const ids = (events: RecordedEvent[]) => events.map((e) => e.id);

describe('eventsAsOf', () => {
  it('keeps each stream up to the instant, inclusive, merged in global order', () => {
    const claim = [
      event('claim-1', 0, 1, '2026-06-15T10:00:00.000Z'),
      event('claim-1', 1, 4, '2026-06-17T10:00:00.000Z'),
      event('claim-1', 2, 9, '2026-06-20T10:00:00.000Z'),
    ];
    const rma = [
      event('rma-1', 0, 3, '2026-06-16T10:00:00.000Z'),
      event('rma-1', 1, 7, '2026-06-19T10:00:00.000Z'),
    ];
    expect(ids(eventsAsOf([claim, rma], new Date('2026-06-17T10:00:00.000Z')))).toEqual([
      'claim-1/0',
      'rma-1/0',
      'claim-1/1',
    ]);
    expect(eventsAsOf([claim, rma], new Date('2026-06-15T09:59:59.999Z'))).toEqual([]);
  });

  it('stops a stream at its first later event, so its revisions stay contiguous', () => {
    const skewed = [
      event('claim-1', 0, 1, '2026-06-15T10:00:00.000Z'),
      event('claim-1', 1, 2, '2026-06-18T10:00:00.000Z'),
      event('claim-1', 2, 3, '2026-06-16T10:00:00.000Z'),
    ];
    expect(ids(eventsAsOf([skewed], new Date('2026-06-17T00:00:00.000Z')))).toEqual(['claim-1/0']);
  });

  it('counts an event without a domain time at the instant it was stored', () => {
    const legacy = [event('claim-1', 0, 1, null, '2026-06-15T10:00:00.000Z')];
    expect(eventsAsOf([legacy], new Date('2026-06-15T09:00:00.000Z'))).toEqual([]);
    expect(ids(eventsAsOf([legacy], new Date('2026-06-15T10:00:00.000Z')))).toEqual(['claim-1/0']);
  });
});
