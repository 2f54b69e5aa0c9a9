import type { EventFilter, RecordedEvent } from '@warranty/event-store';
import type { EntityManager } from 'typeorm';

interface TypedEvent {
  type: string;
  data: object;
}

/** A recorded event whose data is typed by its event type. */
export type Delivered<E extends TypedEvent> = Omit<RecordedEvent, 'type' | 'data'> & {
  type: E['type'];
  data: E['data'];
};

export type EventHandler<E extends TypedEvent> = (
  event: Delivered<E>,
  manager: EntityManager,
) => Promise<void>;

/**
 * One handler per event type (as Emmett's canHandle or Eventuous' On<T>), so a projection needs no
 * switch and no casts. The handled types are the feed filter: a type with no handler never arrives,
 * unless the projection takes the others too (onOtherTypes), as a per-stream revision guard must.
 */
export class EventHandlers<E extends TypedEvent> {
  private readonly handlers = new Map<string, EventHandler<E>>();
  private others?: (event: RecordedEvent, manager: EntityManager) => Promise<void>;

  constructor(private readonly streamPrefixes: string[]) {}

  on<T extends E['type']>(type: T, handler: EventHandler<Extract<E, { type: T }>>): this {
    if (this.handlers.has(type)) throw new Error(`Two handlers for ${type}`);
    this.handlers.set(type, handler as unknown as EventHandler<E>);
    return this;
  }

  /** Every other event of these streams, say a type added later; the filter then keeps all types. */
  onOtherTypes(handler: (event: RecordedEvent, manager: EntityManager) => Promise<void>): this {
    this.others = handler;
    return this;
  }

  get filter(): EventFilter {
    if (this.others) return { streamPrefixes: this.streamPrefixes };
    return { streamPrefixes: this.streamPrefixes, eventTypes: [...this.handlers.keys()] };
  }

  /** Without onOtherTypes, other types are no-ops: a feed may deliver more than the filter asks for. */
  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const handler = this.handlers.get(event.type);
    if (handler) await handler(event as unknown as Delivered<E>, manager);
    else await this.others?.(event, manager);
  }
}
