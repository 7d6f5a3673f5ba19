import { HeadLeaf } from '../evidence';

export const ANCHOR_STREAM = 'anchors';
export const ANCHOR_RECORDED = 'deal-room.AnchorRecorded.v1';

/** An anchor as stored: the signed statement, every head it combines (sorted by stream), and how far `$all` was read. */
export interface AnchorData {
  readonly statement: string;
  readonly leaves: readonly HeadLeaf[];
  /** The commit and prepare position of the last event of `$all` taken into account, as decimal strings. */
  readonly through: { readonly commit: string; readonly prepare: string } | null;
}

/** The stored data, if it has an anchor's shape; a mangled anchor is ignored (and fails its stream's chain). */
export function anchorDataOf(data: unknown): AnchorData | null {
  const value = data as Partial<AnchorData> | null;
  if (typeof value !== 'object' || value === null || typeof value.statement !== 'string' || !Array.isArray(value.leaves)) return null;
  const leaves = value.leaves.filter((leaf): leaf is HeadLeaf => typeof leaf?.stream === 'string' && Number.isSafeInteger(leaf.revision) && typeof leaf.hash === 'string');
  const through = value.through && typeof value.through.commit === 'string' && typeof value.through.prepare === 'string' ? value.through : null;
  return { statement: value.statement, leaves, through };
}

/** Which streams' heads are anchored: the rounds and the access log. */
export const isAnchoredStream = (stream: string): boolean => stream.startsWith('round-') || stream === 'access-log';
