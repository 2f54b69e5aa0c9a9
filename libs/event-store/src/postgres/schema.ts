import type { SqlMigration } from '@warranty/postgres';

/**
 * position = (writing transaction id << 20) + index within the append. Every append is its own
 * transaction, so position order equals (transaction id, index) order, and a reader that stops
 * below the oldest transaction still in flight never passes over an event that commits late.
 */
export const POSITION_SHIFT = 20n;
export const MAX_EVENTS_PER_APPEND = 1 << Number(POSITION_SHIFT);
export const NOTIFY_CHANNEL = 'event_store_appended';

export const eventStoreMigrations: SqlMigration[] = [
  {
    version: 1,
    name: 'events table',
    sql: `
      CREATE SCHEMA IF NOT EXISTS event_store;
      CREATE TABLE event_store.events (
        position        bigint      PRIMARY KEY,
        transaction_id  xid8        NOT NULL,
        stream_id       text        NOT NULL,
        revision        bigint      NOT NULL,
        event_id        uuid        NOT NULL UNIQUE,
        type            text        NOT NULL,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT events_stream_revision UNIQUE (stream_id, revision)
      );
      CREATE INDEX events_type_position ON event_store.events (type, position);
    `,
  },
];

/** Highest position a reader may see: everything below the oldest running transaction is final. */
export const VISIBLE_BOUND_SQL = `((pg_snapshot_xmin(pg_current_snapshot())::text::bigint) << ${POSITION_SHIFT})`;
