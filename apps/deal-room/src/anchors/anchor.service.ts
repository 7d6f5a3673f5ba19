import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventStoreDBClient, FORWARDS, Position, START } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { KeyedLock } from '../event-sourcing/keyed-lock';
import { ANCHOR_TYP, AnchorPayload, ChainedLog, HeadLeaf, merkleRoot, SIGNING_KEY, SigningKey, signStatement, sortLeaves } from '../evidence';
import { AnchorIndex } from './anchor-index';
import { ANCHOR_RECORDED, ANCHOR_STREAM, AnchorData, isAnchoredStream } from './anchor-record';

export const ANCHOR_OPTIONS = Symbol('ANCHOR_OPTIONS');

export interface AnchorOptions {
  /** How often the heads are anchored when something changed; a close anchors at once. */
  readonly intervalMs: number;
  /** How often `$all` is read for new heads. */
  readonly pollMs: number;
}

export interface RecordedAnchor {
  readonly revision: number;
  readonly payload: AnchorPayload;
  readonly statement: string;
}

const ROUND_CLOSED = /^deal-room\.RoundClosed\.v\d+$/;
const READ_BATCH = 500;

/**
 * Anchors the heads of every round (and of the access log): reads `$all` as it grows, keeps each
 * stream's head, and combines them into a signed Merkle root appended to the `anchors` stream, chained
 * like a round. It anchors when a round closes, every `intervalMs` when a head moved, and on request.
 * It starts from the last anchor's heads and position, so a restart reads only what came after it.
 */
@Injectable()
export class AnchorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AnchorService.name);
  private readonly lock = new KeyedLock();
  private readonly log: ChainedLog;
  readonly index: AnchorIndex;
  private heads: Map<string, HeadLeaf> | null = null;
  private through: Position | null = null;
  private dirty = false;
  private closeSeen = false;
  private lastAnchorAt = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
    @Inject(SIGNING_KEY) private readonly key: SigningKey,
    @Inject(ANCHOR_OPTIONS) private readonly options: AnchorOptions,
  ) {
    this.log = new ChainedLog(client, ANCHOR_STREAM);
    this.index = new AnchorIndex(client);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.tick();
    }, this.options.pollMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running.catch(() => undefined);
  }

  /** Anchors now, whether or not a head moved (an operator before handing out an export, a test). */
  anchorNow(): Promise<RecordedAnchor> {
    return this.lock.run('anchor', async () => {
      await this.scan();
      return this.anchor('requested');
    });
  }

  private tick(): Promise<void> {
    return this.lock.run('anchor', async () => {
      if (this.timer === null) return;
      try {
        await this.scan();
        if (this.closeSeen) await this.anchor('close');
        else if (this.dirty && Date.now() - this.lastAnchorAt >= this.options.intervalMs) await this.anchor('periodic');
      } catch (error) {
        // The store may be away for a moment; the next tick tries again from where this one stopped.
        this.logger.warn(`anchoring failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  private async load(): Promise<Map<string, HeadLeaf>> {
    if (this.heads) return this.heads;
    const latest = await this.index.latestAnchor();
    const heads = new Map<string, HeadLeaf>((latest?.data.leaves ?? []).map((leaf) => [leaf.stream, leaf]));
    const through = latest?.data.through;
    this.through = through ? { commit: BigInt(through.commit), prepare: BigInt(through.prepare) } : null;
    this.heads = heads;
    return heads;
  }

  /** Reads `$all` after the last position taken into account; readAll's start position is inclusive. */
  private async scan(): Promise<void> {
    const heads = await this.load();
    for (;;) {
      let read = 0;
      let last: Position | null = null;
      for await (const { event } of this.client.readAll({ fromPosition: this.through ?? START, direction: FORWARDS, maxCount: READ_BATCH })) {
        read += 1;
        if (!event?.position) continue;
        last = event.position;
        if (this.through && event.position.commit === this.through.commit && event.position.prepare === this.through.prepare) continue;
        if (event.type.startsWith('$') || !isAnchoredStream(event.streamId)) continue;
        const hash = (event.metadata as { hash?: unknown } | undefined)?.hash;
        if (typeof hash !== 'string') continue;
        heads.set(event.streamId, { stream: event.streamId, revision: Number(event.revision), hash });
        this.dirty = true;
        if (ROUND_CLOSED.test(event.type)) this.closeSeen = true;
      }
      if (last) this.through = last;
      if (read < READ_BATCH) return;
    }
  }

  private async anchor(reason: AnchorPayload['reason']): Promise<RecordedAnchor> {
    const leaves = sortLeaves([...(await this.load()).values()]);
    const payload: AnchorPayload = { v: 1, root: merkleRoot(leaves), size: leaves.length, anchoredAt: new Date().toISOString(), reason };
    const statement = signStatement(this.key, ANCHOR_TYP, payload);
    const through = this.through ? { commit: String(this.through.commit), prepare: String(this.through.prepare) } : null;
    const data: AnchorData = { statement, leaves, through };
    const written = await this.log.append(ANCHOR_RECORDED, { ...data }, { recordedAt: payload.anchoredAt });
    this.index.noteAppended(written.revision, data);
    this.dirty = false;
    this.closeSeen = false;
    this.lastAnchorAt = Date.now();
    return { revision: Number(written.revision), payload, statement };
  }
}
