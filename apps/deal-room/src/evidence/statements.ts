/**
 * What a receipt says: this event, at this place in this stream, was acknowledged at this time. An
 * investor's write gets a v2 receipt, which names the event by its hash alone: its revision and commit
 * position would tell the investor how many events the round and the store took between two of its
 * writes (issue 14). The hash covers everything before it, so the event's place is still fixed by it.
 */
export type ReceiptPayload = ReceiptPayloadV1 | ReceiptPayloadV2;

export interface ReceiptPayloadV2 {
  readonly v: 2;
  readonly stream: string;
  readonly hash: string;
  readonly recordedAt: string;
}

export interface ReceiptPayloadV1 {
  readonly v: 1;
  readonly stream: string;
  readonly revision: number;
  /** The event's hash (its metadata `hash`), which covers everything before it in the stream. */
  readonly hash: string;
  /** Its commit position in the store, null when the store did not say. */
  readonly position: number | null;
  readonly recordedAt: string;
}

/** What an anchor says: at this time, the heads of these streams combined into this Merkle root. */
export interface AnchorPayload {
  readonly v: 1;
  readonly root: string;
  /** The number of heads (Merkle leaves). */
  readonly size: number;
  readonly anchoredAt: string;
  /** `close` when a round's closing brought it about, `periodic` or `requested` otherwise. */
  readonly reason: string;
}

export const RECEIPT_TYP = 'deal-room-receipt+jws';
export const ANCHOR_TYP = 'deal-room-anchor+jws';
