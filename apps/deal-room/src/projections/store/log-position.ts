/**
 * A place in `$all`. Both parts are kept: on EventStoreDB the events of one append can share a commit
 * position and differ only in their prepare position (on the embedded store the two are equal).
 */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** True when `position` is already covered by `checkpoint` (at or before it). */
export const isCovered = (position: LogPosition, checkpoint: LogPosition | null): boolean =>
  checkpoint !== null && comparePositions(position, checkpoint) <= 0;

export function laterOf(a: LogPosition | null, b: LogPosition | null): LogPosition | null {
  if (a === null) return b;
  if (b === null) return a;
  return comparePositions(a, b) >= 0 ? a : b;
}
