import {
  eventTypeFilter,
  excludeSystemEvents,
  NO_STREAM,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
// The client's own wire decoding, so these tests see what a server's bytes become.
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import {
  comparePositions,
  commitPositionOf,
  exactRevision,
  headOf,
  isSystemEvent,
  readPositionAfter,
  serverFilter,
  toPosition,
  toRecordedEvent,
} from '../src/eventstoredb/eventstoredb-mapping';
import { EventStoreError } from '../src';

const MAX_UINT64 = 2n ** 64n - 1n;

interface Wire {
  stream?: string;
  type?: string;
  revision?: bigint;
  /** The RecordedEvent's own commit/prepare fields; omitted: left unset, as protobuf allows. */
  recordedAt?: bigint;
  /** The ReadEvent's position oneof; omitted: `no_position`. */
  readAt?: bigint;
  data?: string;
  metadata?: string;
}

/** An event as a server sends it, decoded by the client. */
function fromWire(wire: Wire = {}): AllStreamResolvedEvent {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  id.setString('6b9f7c1e-8d52-4a70-9a43-5b1d1c0e2f11');
  recorded.setId(id);
  const stream = new StreamIdentifier();
  stream.setStreamName(Buffer.from(wire.stream ?? 'claim-1'));
  recorded.setStreamIdentifier(stream);
  recorded.setStreamRevision(String(wire.revision ?? 3n));
  if (wire.recordedAt !== undefined) {
    recorded.setCommitPosition(wire.recordedAt.toString());
    recorded.setPreparePosition(wire.recordedAt.toString());
  }
  const metadata = recorded.getMetadataMap();
  metadata.set('type', wire.type ?? 'ClaimFiled');
  metadata.set('content-type', 'application/json');
  metadata.set('created', '638000000000000000');
  recorded.setData(Buffer.from(wire.data ?? '{"claimId":"c-1"}'));
  recorded.setCustomMetadata(Buffer.from(wire.metadata ?? '{"correlationId":"k-1"}'));
  const read = new ReadResp.ReadEvent();
  read.setEvent(recorded);
  if (wire.readAt !== undefined) read.setCommitPosition(wire.readAt.toString());
  else read.setNoPosition(new Empty());
  return convertGrpcEvent(read) as AllStreamResolvedEvent;
}

const mapped = (resolved: AllStreamResolvedEvent) =>
  toRecordedEvent(resolved.event as EsdbRecordedEvent, resolved.commitPosition);

describe('EventStoreDB mapping', () => {
  describe('positions', () => {
    it('maps a bigint to a position with equal commit and prepare, and back', () => {
      expect(toPosition(0n)).toEqual({ commit: 0n, prepare: 0n });
      expect(toPosition(1_234_567_890_123n)).toEqual({
        commit: 1_234_567_890_123n,
        prepare: 1_234_567_890_123n,
      });
      const largest = 2n ** 63n - 1n;
      expect(toPosition(largest).commit).toBe(largest);
      expect(mapped(fromWire({ recordedAt: largest, readAt: largest })).position).toBe(largest);
    });

    it('refuses positions the server cannot hold instead of sending them', () => {
      expect(() => toPosition(-1n)).toThrow(EventStoreError);
      expect(() => toPosition(2n ** 63n)).toThrow(EventStoreError);
    });

    it('starts a read or subscription without a checkpoint at the start of the log', () => {
      expect(readPositionAfter(undefined)).toBe(START);
      expect(readPositionAfter(-1n)).toBe(START);
      expect(readPositionAfter(42n)).toEqual({ commit: 42n, prepare: 42n });
    });

    it('every start the feed can ask for serialises (-1 did not: a fresh minPosition was a 500)', () => {
      const serialised = (commit: bigint) => {
        const position = new ReadReq.Options.Position();
        position.setCommitPosition(commit.toString(10));
        position.setPreparePosition(commit.toString(10));
        return () => position.serializeBinary();
      };
      expect(serialised(-1n)).toThrow("Cannot read properties of null (reading 'lo')");
      for (const checkpoint of [undefined, -1n, 0n, 42n, 2n ** 63n - 1n]) {
        const start = readPositionAfter(checkpoint);
        if (start !== START) expect(serialised((start as { commit: bigint }).commit)).not.toThrow();
      }
    });

    it('orders positions by commit, then prepare', () => {
      expect(comparePositions(toPosition(5n), toPosition(7n))).toBe(-1);
      expect(comparePositions(toPosition(7n), toPosition(5n))).toBe(1);
      expect(comparePositions(toPosition(7n), toPosition(7n))).toBe(0);
      expect(comparePositions({ commit: 7n, prepare: 6n }, { commit: 7n, prepare: 7n })).toBe(-1);
    });
  });

  describe('the 22.6 guard', () => {
    it('takes the position of a $all read or a stream read from 22.6 on', () => {
      expect(mapped(fromWire({ recordedAt: 9_000n, readAt: 9_000n })).position).toBe(9_000n);
      expect(commitPositionOf(fromWire({ recordedAt: 9_000n }).event!)).toBe(9_000n);
    });

    it('fires on a stream read from a server before 22.6 (2^64-1 and no read position)', () => {
      const old = fromWire({ recordedAt: MAX_UINT64 });
      expect(old.event?.position?.commit).toBe(MAX_UINT64);
      expect(() => mapped(old)).toThrow(/22\.6 or later is needed/);
    });

    it('fires when the server left the position unset (the client then reports 0)', () => {
      const unset = fromWire({});
      expect(unset.event?.position?.commit).toBe(0n);
      expect(() => mapped(unset)).toThrow(/22\.6 or later is needed/);
    });

    it('uses the read position when only that one is real', () => {
      expect(mapped(fromWire({ recordedAt: MAX_UINT64, readAt: 777n })).position).toBe(777n);
    });
  });

  describe('events', () => {
    it('maps type, stream, revision, data, metadata and time', () => {
      const event = mapped(
        fromWire({
          stream: 'unit-acme~SN1',
          type: 'UnitRegistered',
          revision: 12n,
          readAt: 50n,
          recordedAt: 50n,
        }),
      );
      expect(event).toEqual({
        id: '6b9f7c1e-8d52-4a70-9a43-5b1d1c0e2f11',
        type: 'UnitRegistered',
        streamId: 'unit-acme~SN1',
        revision: 12,
        position: 50n,
        recordedAt: new Date(Number(638000000000000000n / 10000n)),
        data: { claimId: 'c-1' },
        metadata: { correlationId: 'k-1' },
      });
    });

    it('gives empty objects for metadata or data that is not a JSON object', () => {
      expect(mapped(fromWire({ recordedAt: 5n, metadata: '' })).metadata).toEqual({});
      expect(mapped(fromWire({ recordedAt: 5n, metadata: 'not json' })).metadata).toEqual({});
      expect(mapped(fromWire({ recordedAt: 5n, metadata: '[1,2]' })).metadata).toEqual({});
      expect(mapped(fromWire({ recordedAt: 5n, data: '"text"' })).data).toEqual({});
    });

    it('hides the server’s own events and streams', () => {
      expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })).toBe(
        true,
      );
      expect(isSystemEvent({ streamId: 'claim-1', type: '$metadata' })).toBe(true);
      expect(isSystemEvent({ streamId: '$$claim-1', type: 'x' })).toBe(true);
      expect(isSystemEvent({ streamId: 'claim-1', type: 'ClaimFiled' })).toBe(false);
    });
  });

  describe('server-side filters', () => {
    it('filters on stream name prefixes', () => {
      expect(serverFilter({ streamPrefixes: ['claim-', 'unit-'] })).toEqual(
        streamNameFilter({ prefixes: ['claim-', 'unit-'] }),
      );
    });

    it('filters on event type prefixes when only types are given', () => {
      expect(serverFilter({ eventTypes: ['ClaimFiled'] })).toEqual(
        eventTypeFilter({ prefixes: ['ClaimFiled'] }),
      );
    });

    it('prefers the stream filter when both are given (types are narrowed on the client)', () => {
      expect(serverFilter({ streamPrefixes: ['claim-'], eventTypes: ['ClaimFiled'] })).toEqual(
        streamNameFilter({ prefixes: ['claim-'] }),
      );
    });

    it('excludes system events when there is no filter or an empty one', () => {
      expect(serverFilter()).toEqual(excludeSystemEvents());
      expect(serverFilter({ streamPrefixes: [], eventTypes: [] })).toEqual(excludeSystemEvents());
    });
  });
});

describe('the chain head from an EventStoreDB event', () => {
  it('reads the revision and the hash from the custom metadata', () => {
    const resolved = fromWire({ revision: 7n, readAt: 10n, metadata: '{"hash":"ab12"}' });
    expect(headOf(resolved.event as EsdbRecordedEvent)).toEqual({ revision: 7, hash: 'ab12' });
  });

  it('gives no hash for an event written before the chain', () => {
    expect(headOf(fromWire({ revision: 0n, readAt: 10n }).event as EsdbRecordedEvent)).toEqual({
      revision: 0,
      hash: null,
    });
  });

  it('appends a new stream as NO_STREAM and otherwise at the exact head revision', () => {
    expect(exactRevision(-1)).toBe(NO_STREAM);
    expect(exactRevision(4)).toBe(4n);
  });
});
