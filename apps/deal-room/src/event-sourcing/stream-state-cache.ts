import { CommandAnswer } from './event-metadata';

/** A command answered under an idempotency key, as recorded on the stream it wrote to. */
export interface KeyedAnswer {
  readonly fingerprint: string;
  readonly answer: CommandAnswer;
  /** Null only for a request that wrote nothing on a stream that did not exist. */
  readonly revision: bigint | null;
  /** The revision as the key's owner counted it then (StateModel.revisionSeenBy): its ETag on a replay. */
  readonly seenRevision: bigint | null;
  readonly position: bigint | null;
}

/** A stream folded up to `revision`, with what the write path needs of its history. */
export interface StreamState<S> {
  readonly state: S;
  /** The revision of the last event folded; null when the stream had no events. */
  readonly revision: bigint | null;
  /** The `hash` of the last event (the head of the tamper-evident chain); null if it has none. */
  readonly headHash: string | null;
  /**
   * Answers under idempotency keys, by `sub` and key. One map per stream, passed on from each state to the
   * next and only ever added to: copying it per command would make a write cost what the stream holds.
   */
  readonly keys: Map<string, KeyedAnswer>;
  /** Events folded into this state since the stream began: what its memory is estimated from. */
  readonly events: number;
}

export const keyOf = (sub: string, key: string): string => `${sub}\u0000${key}`;

// A rough size, cheap to keep: what a folded event and a key answer cost in memory, on average, for the
// states this app keeps (a round's investors, terms and commitments). Exactness does not matter; a bound does.
const BYTES_PER_ENTRY = 1024;
const BYTES_PER_EVENT = 512;
const BYTES_PER_KEY = 384;

const sizeOf = (entry: StreamState<unknown>) => BYTES_PER_ENTRY + entry.events * BYTES_PER_EVENT + entry.keys.size * BYTES_PER_KEY;

/**
 * Folded states by stream, least recently used dropped first once their estimated size passes
 * `maxBytes`. An entry is only ever a state at a known revision: readers bring it up to date from the
 * events after that revision, and writers append with that revision expected, so a stale entry costs a
 * retry, never a wrong answer (see CommandExecutor).
 */
export class StreamStateCache<S> {
  // Each entry's size as counted when it was put in: its key map grows in place afterwards.
  private readonly entries = new Map<string, { readonly entry: StreamState<S>; readonly size: number }>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  get(stream: string): StreamState<S> | undefined {
    const kept = this.entries.get(stream);
    if (kept === undefined) return undefined;
    // Map keeps insertion order: moving the entry to the end keeps the least recently used first.
    this.entries.delete(stream);
    this.entries.set(stream, kept);
    return kept.entry;
  }

  set(stream: string, entry: StreamState<S>): void {
    const previous = this.entries.get(stream);
    if (previous !== undefined) {
      // Never step back: a slower reader must not overwrite a newer state that a writer put in meanwhile.
      const kept = previous.entry.revision;
      if (kept !== null && (entry.revision === null || entry.revision < kept)) return;
      this.bytes -= previous.size;
      this.entries.delete(stream);
    }
    const size = sizeOf(entry);
    if (size > this.maxBytes) return;
    this.entries.set(stream, { entry, size });
    this.bytes += size;
    for (const [oldest, evicted] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= evicted.size;
    }
  }

  /** For metrics and tests: how many streams are kept and their estimated size. */
  get usage(): { readonly streams: number; readonly bytes: number } {
    return { streams: this.entries.size, bytes: this.bytes };
  }
}
