import type { StreamHead } from '../chain';

/**
 * The last known head (revision and hash) of recently used streams, bounded, oldest dropped first.
 * It may lag behind other writers: the unique (stream_id, revision) constraint then refuses the
 * append it leads to, and the writer re-reads the head. It is never ahead of the database.
 */
export class StreamHeads {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): StreamHead | undefined {
    return this.heads.get(streamId);
  }

  /** Keeps the newer of the known and the given head; a read may finish after a later append. */
  remember(streamId: string, head: StreamHead): void {
    const known = this.heads.get(streamId);
    if (known && known.revision > head.revision) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) {
      this.heads.delete(this.heads.keys().next().value as string);
    }
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }
}
