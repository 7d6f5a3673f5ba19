/**
 * A model of EventStoreDB's documented stream semantics, small enough to read in one sitting: expected
 * revisions and idempotent retries (the index writer's commit checks), soft delete as `$tb = long.MaxValue`
 * and its undelete, tombstones, `$maxCount` / `$tb` on reads, and `$all` as the log of every write
 * (metadata and tombstones included, nothing scavenged). `$maxAge` is left out: it depends on the clock.
 */

export type Expected = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'exact'; revision: number };

export type Outcome =
  | { kind: 'ok'; revision: number }
  | { kind: 'wrong_expected_version'; actual: number }
  | { kind: 'stream_deleted' }
  | { kind: 'not_found' };

export interface ModelEvent {
  id: string;
  revision: number;
}

/** `$tb` of a soft-deleted stream: long.MaxValue on the wire. */
export const DELETED = Number.MAX_SAFE_INTEGER;

interface StreamState {
  events: ModelEvent[];
  tombstoned: boolean;
  truncateBefore?: number;
  maxCount?: number;
  /** Revision of the last event in `$$stream`, -1 when it has none. */
  metaRevision: number;
}

export interface LogEntry {
  stream: string;
  /** The event id for data events; the type for the system events the server writes itself. */
  what: string;
}

export class EsdbModel {
  private readonly streams = new Map<string, StreamState>();
  /** `$all`, in order: what the run wrote, and what the server wrote for it. */
  readonly log: LogEntry[] = [];

  private state(stream: string): StreamState {
    let state = this.streams.get(stream);
    if (!state) {
      state = { events: [], tombstoned: false, metaRevision: -1 };
      this.streams.set(stream, state);
    }
    return state;
  }

  private last(state: StreamState): number {
    return state.events.length === 0 ? -1 : state.events[state.events.length - 1].revision;
  }

  private softDeleted(state: StreamState): boolean {
    return state.truncateBefore === DELETED;
  }

  private writeMetadata(stream: string, state: StreamState, metadata: { maxCount?: number; truncateBefore?: number }): void {
    state.maxCount = metadata.maxCount;
    state.truncateBefore = metadata.truncateBefore;
    state.metaRevision += 1;
    this.log.push({ stream: `$$${stream}`, what: '$metadata' });
  }

  append(stream: string, expected: Expected, ids: string[]): Outcome {
    const state = this.state(stream);
    if (state.tombstoned) return { kind: 'stream_deleted' };
    const last = this.last(state);
    let check = expected;
    if (expected.kind === 'stream_exists') {
      if (this.softDeleted(state)) return { kind: 'stream_deleted' };
      if (last < 0 && state.metaRevision < 0) return { kind: 'wrong_expected_version', actual: -1 };
      check = { kind: 'any' };
    }
    // Idempotency: the same ids already at the place the append would take.
    if (last >= 0) {
      let first: number | undefined;
      if (check.kind === 'exact' || check.kind === 'no_stream') {
        const from = check.kind === 'exact' ? check.revision + 1 : 0;
        if (from <= last) first = from;
      } else {
        first = state.events.find((event) => event.id === ids[0])?.revision;
      }
      if (first !== undefined) {
        const start = first;
        const same = ids.every((id, i) => state.events.find((event) => event.revision === start + i)?.id === id);
        if (same) return { kind: 'ok', revision: first + ids.length - 1 };
        if (check.kind === 'any') return { kind: 'wrong_expected_version', actual: last };
      }
    }
    const visible = last >= 0 && !this.softDeleted(state);
    const accepted =
      check.kind === 'any' || (check.kind === 'no_stream' && !visible) || (check.kind === 'exact' && check.revision === last);
    if (!accepted) return { kind: 'wrong_expected_version', actual: last };

    ids.forEach((id, i) => {
      state.events.push({ id, revision: last + 1 + i });
      this.log.push({ stream, what: id });
    });
    if (this.softDeleted(state)) this.writeMetadata(stream, state, { maxCount: undefined, truncateBefore: last + 1 });
    return { kind: 'ok', revision: last + ids.length };
  }

  setMetadata(stream: string, metadata: { maxCount?: number; truncateBefore?: number }): Outcome {
    const state = this.state(stream);
    if (state.tombstoned) return { kind: 'stream_deleted' };
    const kept = this.softDeleted(state) ? { ...metadata, truncateBefore: this.last(state) + 1 } : metadata;
    this.writeMetadata(stream, state, kept);
    return { kind: 'ok', revision: state.metaRevision };
  }

  metadata(stream: string): { kind: 'ok'; maxCount?: number; truncateBefore?: number } | { kind: 'stream_deleted' } {
    const state = this.state(stream);
    if (state.tombstoned) return { kind: 'stream_deleted' };
    return { kind: 'ok', maxCount: state.maxCount, truncateBefore: state.truncateBefore };
  }

  softDelete(stream: string): Outcome {
    const state = this.state(stream);
    if (state.tombstoned) return { kind: 'stream_deleted' };
    const last = this.last(state);
    if (last < 0 && state.metaRevision < 0) return { kind: 'wrong_expected_version', actual: -1 };
    this.writeMetadata(stream, state, { truncateBefore: DELETED });
    return { kind: 'ok', revision: last };
  }

  tombstone(stream: string): Outcome {
    const state = this.state(stream);
    if (state.tombstoned) return { kind: 'stream_deleted' };
    state.tombstoned = true;
    this.log.push({ stream, what: '$streamDeleted' });
    return { kind: 'ok', revision: this.last(state) };
  }

  /** What a read shows: forwards from `from`, or backwards from the end, at most `count` events. */
  read(stream: string, direction: 'forwards' | 'backwards', from: number, count: number): ModelEvent[] | { kind: 'stream_deleted' | 'not_found' } {
    const state = this.state(stream);
    if (state.tombstoned) return { kind: 'stream_deleted' };
    const last = this.last(state);
    if (last < 0 || this.softDeleted(state)) return { kind: 'not_found' };
    const lowest = Math.max(state.truncateBefore ?? 0, state.maxCount !== undefined ? last - state.maxCount + 1 : 0, 0);
    const visible = state.events.filter((event) => event.revision >= lowest);
    if (direction === 'forwards') return visible.filter((event) => event.revision >= from).slice(0, count);
    return visible.reverse().slice(0, count);
  }

  /** Revisions of the stream's events, for choosing expected revisions near the truth. */
  lastRevision(stream: string): number {
    return this.last(this.state(stream));
  }

  writtenIds(stream: string): string[] {
    return this.state(stream).events.map((event) => event.id);
  }
}
