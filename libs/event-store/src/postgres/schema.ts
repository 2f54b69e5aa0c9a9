import type { SqlMigration } from '@warranty/postgres';

/**
 * position = (writing transaction id << 20) + index within the transaction. Each transaction is
 * one INSERT (of one append, or of several appends to distinct streams written together), so
 * position order equals (transaction id, index) order, and a reader that stops below the oldest
 * transaction still in flight never passes over an event that commits late.
 */
export const POSITION_SHIFT = 20n;
export const MAX_EVENTS_PER_APPEND = 1 << Number(POSITION_SHIFT);
export const NOTIFY_CHANNEL = 'event_store_appended';
/** The role the adapter's pool writes as: it may read and insert events, never change them. */
export const WRITER_ROLE = 'event_store_writer';
/** Recorded by the one-time pass that chains events written before the hash chain existed. */
export const LEGACY_CHAINING_VERSION = 2;

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
  // Version 2 is the legacy chaining pass (legacy-chaining.ts): it must run before updates are refused.
  {
    version: 3,
    name: 'append-only events: trigger and writer role',
    sql: `
      CREATE FUNCTION event_store.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'event_store.events is append-only: % refused', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$;
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON event_store.events
        FOR EACH ROW EXECUTE FUNCTION event_store.refuse_change();
      CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON event_store.events
        FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change();
      -- Roles are shared by every database of the server, which may be migrating at the same time.
      DO $$ BEGIN
        CREATE ROLE ${WRITER_ROLE} NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;
      DO $$ BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('GRANT ${WRITER_ROLE} TO %I', current_user);
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;
      GRANT USAGE ON SCHEMA event_store TO ${WRITER_ROLE};
      GRANT SELECT, INSERT ON event_store.events TO ${WRITER_ROLE};
    `,
  },
];

/** Highest position a reader may see: everything below the oldest running transaction is final. */
export const VISIBLE_BOUND_SQL = `((pg_snapshot_xmin(pg_current_snapshot())::text::bigint) << ${POSITION_SHIFT})`;
