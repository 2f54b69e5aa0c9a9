import { LRUCache } from 'lru-cache';
import type { StreamHead } from '../chain';

/**
 * The last known head (revision and hash) of recently used streams, bounded, least recent dropped.
 * It may lag behind other writers: the unique (stream_id, revision) constraint then refuses the
 * append it leads to, and the writer re-reads the head. It is never ahead of the database.
 */
export class StreamHeads {
  private readonly heads: LRUCache<string, StreamHead>;

  constructor(capacity: number) {
    this.heads = new LRUCache({ max: capacity });
  }

  get(streamId: string): StreamHead | undefined {
    return this.heads.get(streamId);
  }

  /** Keeps the newer of the known and the given head; a read may finish after a later append. */
  remember(streamId: string, head: StreamHead): void {
    const known = this.heads.get(streamId);
    if (known && known.revision > head.revision) return;
    this.heads.set(streamId, head);
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }
}
