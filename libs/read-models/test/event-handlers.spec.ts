import type { RecordedEvent } from '@warranty/event-store';
import type { EntityManager } from 'typeorm';
import { EventHandlers } from '../src';

type Opened = { type: 'Opened'; data: { at: string } };
type Closed = { type: 'Closed'; data: { reason: string } };

const recorded = (type: string, data: object): RecordedEvent => ({
  id: 'e1',
  type,
  streamId: 'door-1',
  revision: 0,
  position: 1n,
  recordedAt: new Date(0),
  data: data as RecordedEvent['data'],
  metadata: {},
});
const manager = {} as EntityManager;

describe('EventHandlers', () => {
  const seen: string[] = [];
  const handlers = new EventHandlers<Opened | Closed>(['door-'])
    .on('Opened', async (event) => void seen.push(`opened at ${event.data.at}`))
    .on('Closed', async (event) => void seen.push(`closed: ${event.data.reason}`));

  beforeEach(() => seen.splice(0));

  it('its handled types are the feed filter', () => {
    expect(handlers.filter).toEqual({
      streamPrefixes: ['door-'],
      eventTypes: ['Opened', 'Closed'],
    });
  });

  it('calls the one handler of the event type with the typed data', async () => {
    await handlers.handle(recorded('Closed', { reason: 'wind' }), manager);
    await handlers.handle(recorded('Opened', { at: 'noon' }), manager);
    expect(seen).toEqual(['closed: wind', 'opened at noon']);
  });

  it('ignores an event of a type it has no handler for', async () => {
    await handlers.handle(recorded('Painted', {}), manager);
    expect(seen).toEqual([]);
  });

  it('with onOtherTypes, takes every type of its streams and hands the unknown ones over', async () => {
    const all = new EventHandlers<Opened>(['door-'])
      .on('Opened', async () => void seen.push('opened'))
      .onOtherTypes(async (event) => void seen.push(`other: ${event.type}`));
    expect(all.filter).toEqual({ streamPrefixes: ['door-'] });
    await all.handle(recorded('Painted', {}), manager);
    await all.handle(recorded('Opened', { at: 'noon' }), manager);
    expect(seen).toEqual(['other: Painted', 'opened']);
  });

  it('refuses a second handler for the same type', () => {
    expect(() => handlers.on('Opened', async () => undefined)).toThrow('Two handlers for Opened');
  });
});
