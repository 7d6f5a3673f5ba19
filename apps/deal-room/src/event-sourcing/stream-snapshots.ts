import { END, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { KeyedAnswer, StreamState } from './stream-state-cache';
import { readSlice } from './stream-reader';

const SNAPSHOT_TYPE = 'deal-room.StreamSnapshot.v1';

/** How a model's folded state is kept between processes: its shape's version, and how often. */
export interface SnapshotPolicy {
  /** Changes whenever the folded state's shape or meaning does: a snapshot of another version is ignored. */
  readonly version: string;
  /** A snapshot every this many events, so a cold read folds at most this many. */
  readonly every: number;
}

interface SnapshotData {
  readonly version: string;
  readonly revision: string;
  readonly headHash: string | null;
  readonly events: number;
  readonly state: unknown;
  readonly keys: [string, unknown][];
}

/** A state as a snapshot holds it: a stream's state at `revision`, whose event there has hash `headHash`. */
export interface Snapshot<S> extends StreamState<S> {
  readonly revision: bigint;
}

export const snapshotStreamOf = (stream: string): string => `snapshot-${stream}`;

/**
 * Folded states written to the store beside their streams, so that the first read of a long stream in a
 * process (after a start or an eviction) reads a snapshot and the events after it instead of the whole
 * stream. A snapshot is only a cache: the reader checks it against the event at its revision (see
 * StreamStates), and one that is missing, of another version or unreadable is ignored. Only the latest
 * is kept ($maxCount 1).
 */
export class StreamSnapshots<S> {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly client: EventStoreDBClient,
    readonly policy: SnapshotPolicy,
  ) {}

  async latest(stream: string): Promise<Snapshot<S> | null> {
    const [stored] = await readSlice(this.client, snapshotStreamOf(stream), { fromRevision: END, maxCount: 1, backwards: true });
    if (!stored || stored.type !== SNAPSHOT_TYPE) return null;
    const data = stored.data as Partial<SnapshotData>;
    if (data.version !== this.policy.version || typeof data.revision !== 'string' || !Array.isArray(data.keys)) return null;
    try {
      return {
        state: fromJsonSafe(data.state) as S,
        revision: BigInt(data.revision),
        headHash: data.headHash ?? null,
        events: data.events ?? 0,
        keys: new Map(data.keys.map(([key, answer]) => [key, fromJsonSafe(answer) as KeyedAnswer])),
      };
    } catch {
      return null;
    }
  }

  /** True when folding from `before` to `after` passed a multiple of `every`. */
  due(before: bigint | null, after: bigint | null): boolean {
    const every = BigInt(this.policy.every);
    const count = (revision: bigint | null) => (revision === null ? 0n : revision + 1n);
    return count(after) / every > count(before) / every;
  }

  /** Writes a snapshot in the background: a request never waits for it, and a failure only costs a longer cold read. */
  write(stream: string, entry: StreamState<S>): void {
    if (entry.revision === null) return;
    const data: SnapshotData = {
      version: this.policy.version,
      revision: entry.revision.toString(),
      headHash: entry.headHash,
      events: entry.events,
      state: toJsonSafe(entry.state),
      keys: [...entry.keys].map(([key, answer]) => [key, toJsonSafe(answer)]),
    };
    const written = this.append(snapshotStreamOf(stream), data)
      .catch(() => undefined)
      .finally(() => this.pending.delete(written));
    this.pending.add(written);
  }

  /** Resolves once every snapshot being written is written (or has failed). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async append(snapshotStream: string, data: SnapshotData): Promise<void> {
    const result = await this.client.appendToStream(snapshotStream, jsonEvent({ type: SNAPSHOT_TYPE, data: { ...data } }));
    if (result.nextExpectedRevision === 0n) await this.client.setStreamMetadata(snapshotStream, { maxCount: 1 });
  }
}

const BIGINT = '$bigint';

/** JSON with bigints tagged; anything JSON cannot hold exactly (a Map, a Date, a class) is refused. */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return { [BIGINT]: value.toString() };
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('A snapshot cannot hold a non-finite number.');
    if (typeof value === 'function' || typeof value === 'symbol') throw new TypeError(`A snapshot cannot hold a ${typeof value}.`);
    return value;
  }
  if (Array.isArray(value)) return value.map(toJsonSafe);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw new TypeError('A snapshot holds plain objects, arrays and scalars only.');
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonSafe(item)]));
}

export function fromJsonSafe(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromJsonSafe);
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0][0] === BIGINT && typeof entries[0][1] === 'string') return BigInt(entries[0][1]);
  return Object.fromEntries(entries.map(([key, item]) => [key, fromJsonSafe(item)]));
}
