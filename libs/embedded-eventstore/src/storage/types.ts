export type ExpectedRevision =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'exact'; revision: number };

export interface ProposedEvent {
  /** Canonical lower-case UUID string. */
  id: string;
  type: string;
  contentType: string;
  data: Buffer;
  metadata: Buffer;
}

export interface StoredEvent {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  contentType: string;
  data: Buffer;
  metadata: Buffer;
  /** .NET ticks (100 ns) since the Unix epoch, as the real server reports `created`. */
  created: number;
}

export type CurrentRevision = number | 'no_stream';

export type WriteOutcome =
  | { kind: 'success'; currentRevision: CurrentRevision; position: number | null }
  | { kind: 'wrong_expected_version'; current: CurrentRevision; expected: ExpectedRevision }
  | { kind: 'stream_deleted' };

/** A tombstone's revision is long.MaxValue on the wire; it does not fit a JS number, so it is stored as -1. */
export const TOMBSTONE_STORED_REVISION = -1;
/** `$tb` of a soft-deleted stream is long.MaxValue; anything this large means "deleted". */
export const SOFT_DELETED_TRUNCATE_BEFORE = Number.MAX_SAFE_INTEGER;

export const metastreamOf = (stream: string): string => `$$${stream}`;
