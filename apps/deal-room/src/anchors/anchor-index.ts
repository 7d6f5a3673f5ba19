import { EventStoreDBClient } from '@eventstore/db-client';
import { readSlice, storedEvents } from '../event-sourcing/stream-reader';
import { HeadLeaf, inclusionProof, InclusionProof } from '../evidence';
import { ANCHOR_STREAM, AnchorData, anchorDataOf } from './anchor-record';

/** A signed anchor holding a head of one stream, with the proof that it does: what an export carries. */
export interface AnchorClaim {
  readonly kind: 'anchor';
  readonly statement: string;
  readonly leaf: HeadLeaf;
  readonly proof: InclusionProof;
}

interface AnchoredHead {
  readonly anchorRevision: bigint;
  readonly revision: number;
  readonly hash: string;
}

/**
 * Which heads of each stream were anchored, read from the anchors stream and kept up to date by reading
 * what was appended since (by this instance or another). A stream's entry lists each distinct head once,
 * in the first anchor that held it, so an export carries every state of the round that was ever anchored.
 */
export class AnchorIndex {
  private next = 0n;
  private readonly heads = new Map<string, AnchoredHead[]>();
  private latest: { revision: bigint; data: AnchorData } | null = null;

  constructor(private readonly client: EventStoreDBClient) {}

  async catchUp(): Promise<void> {
    for await (const event of storedEvents(this.client, ANCHOR_STREAM, { fromRevision: this.next })) {
      this.next = event.revision + 1n;
      const data = anchorDataOf(event.data);
      if (!data) continue;
      this.latest = { revision: event.revision, data };
      for (const leaf of data.leaves) this.note(event.revision, leaf);
    }
  }

  /** Records an anchor this instance just appended, without reading it back. */
  noteAppended(revision: bigint, data: AnchorData): void {
    if (revision !== this.next) return;
    this.next = revision + 1n;
    this.latest = { revision, data };
    for (const leaf of data.leaves) this.note(revision, leaf);
  }

  async latestAnchor(): Promise<{ revision: bigint; data: AnchorData } | null> {
    await this.catchUp();
    return this.latest;
  }

  /** Every distinct anchored head of the stream, oldest first, each with its anchor and inclusion proof. */
  async claimsFor(stream: string): Promise<AnchorClaim[]> {
    await this.catchUp();
    const claims: AnchorClaim[] = [];
    for (const head of this.heads.get(stream) ?? []) {
      const [event] = await readSlice(this.client, ANCHOR_STREAM, { fromRevision: head.anchorRevision, maxCount: 1 });
      const data = event ? anchorDataOf(event.data) : null;
      if (!data) continue;
      const index = data.leaves.findIndex((leaf) => leaf.stream === stream);
      if (index < 0) continue;
      claims.push({ kind: 'anchor', statement: data.statement, leaf: data.leaves[index], proof: inclusionProof(data.leaves, index) });
    }
    return claims;
  }

  private note(anchorRevision: bigint, leaf: HeadLeaf): void {
    const list = this.heads.get(leaf.stream) ?? [];
    const last = list[list.length - 1];
    if (last && last.revision === leaf.revision && last.hash === leaf.hash) return;
    list.push({ anchorRevision, revision: leaf.revision, hash: leaf.hash });
    this.heads.set(leaf.stream, list);
  }
}
