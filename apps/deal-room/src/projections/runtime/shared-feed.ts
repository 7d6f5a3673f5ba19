import { EventStoreDBClient } from '@eventstore/db-client';
import { ProjectionDefinition } from '../projection-definition';
import { HandlerFailure, ProjectionDatabase } from '../store/projection-database';
import { isCovered, LogPosition } from '../store/log-position';
import { BackoffOptions, backoffDelay } from './backoff';
import { CheckpointWaiters } from './checkpoint-waiters';
import { BATCH_SIZE, DecodedBatch, decodeBatch, describeFailure, FeedItem, RoundEventFeed, subscribeToRoundEvents } from './round-event-feed';

export type RunnerState = 'catching-up' | 'live' | 'failed' | 'stopped';

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface RunnerOptions {
  readonly backoff: BackoffOptions;
  readonly logger: RunnerLogger;
  /** Most events applied in one transaction (default BATCH_SIZE). */
  readonly batchSize?: number;
}

/** One projection on the shared feed, with its own checkpoint, state and read-your-writes waiters. */
export class FeedMember {
  readonly waiters: CheckpointWaiters;
  state: RunnerState = 'stopped';
  error: string | null = null;
  /** Off the feed while a rebuild swaps its tables. */
  paused = false;
  attempt = 0;
  /** When a failed projection is tried again (epoch ms); until then the feed goes on without it. */
  retryAt = 0;

  constructor(
    readonly definition: ProjectionDefinition,
    database: ProjectionDatabase,
  ) {
    this.waiters = new CheckpointWaiters(() => database.checkpoint(definition.name).position?.commit ?? null);
  }
}

/**
 * One catch-up subscription for every projection: each event is decoded once, and a batch of them is
 * applied to every projection in one transaction, each projection's checkpoint moving in that same
 * transaction (a savepoint each), so that a crash keeps or loses the whole batch. Each checkpoint stays
 * its own: the feed starts from the earliest, and a projection skips what it already has.
 *
 * A projection whose handler refuses an event keeps what came before it in the batch, reports
 * `failed` and leaves the feed; after its backoff the feed starts again from its checkpoint, and the
 * others skip what they have. A store that fails fails them all, and all retry after one backoff. A
 * projection resumed after a rebuild rejoins the same way. Only stop() ends it.
 */
export class SharedFeed {
  private readonly members = new Map<string, FeedMember>();
  private readonly batchSize: number;
  private loop: Promise<void> | null = null;
  /** The projections the current subscription feeds. */
  private onFeed: FeedMember[] = [];
  private feed: RoundEventFeed | null = null;
  private stopping = false;
  private restarting = false;
  private wake: (() => void) | null = null;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    definitions: readonly ProjectionDefinition[],
    private readonly database: ProjectionDatabase,
    private readonly connect: () => EventStoreDBClient,
    private readonly options: RunnerOptions,
  ) {
    for (const definition of definitions) {
      if (this.members.has(definition.name)) throw new Error(`two projections are named ${definition.name}`);
      this.members.set(definition.name, new FeedMember(definition, database));
    }
    this.batchSize = options.batchSize ?? BATCH_SIZE;
  }

  get names(): string[] {
    return [...this.members.keys()];
  }

  member(name: string): FeedMember | undefined {
    return this.members.get(name);
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    for (const member of this.members.values()) if (!member.paused) member.state = 'catching-up';
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.wake?.();
    await this.feed?.close();
    await this.loop;
    this.loop = null;
    for (const member of this.members.values()) member.state = 'stopped';
  }

  /** Batches are applied synchronously, so the checkpoint holds still from here until resume(). */
  pause(name: string): void {
    const member = this.required(name);
    member.paused = true;
    member.state = 'stopped';
  }

  resume(name: string): void {
    const member = this.required(name);
    member.paused = false;
    member.state = 'catching-up';
    member.attempt = 0;
    member.retryAt = 0;
    this.restart();
  }

  private required(name: string): FeedMember {
    const member = this.members.get(name);
    if (!member) throw new Error(`no projection named ${name}`);
    return member;
  }

  /** Subscribes again, from the earliest checkpoint of the projections then due. */
  private restart(): void {
    this.restarting = true;
    this.wake?.();
    void this.feed?.close();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const now = Date.now();
      const due = [...this.members.values()].filter((member) => !member.paused && member.retryAt <= now);
      this.restarting = false;
      if (due.length === 0) {
        await this.sleep();
        continue;
      }
      try {
        await this.follow(due);
        if (this.stopping || this.restarting || this.onFeed.length === 0) continue;
        throw new Error('the subscription ended');
      } catch (error) {
        if (this.stopping || this.restarting) continue;
        this.failAll(this.onFeed, error instanceof Error ? error.message : String(error));
      }
    }
  }

  /** Leaves in `onFeed` the projections still on it when it ended: none when each failed or was paused. */
  private async follow(due: FeedMember[]): Promise<void> {
    this.onFeed = due;
    const feed = subscribeToRoundEvents(this.connect(), this.earliestCheckpoint(due));
    this.feed = feed;
    const active = () => (this.onFeed = this.onFeed.filter((member) => !member.paused));
    try {
      for (let batch = await feed.nextBatch(this.batchSize); batch; batch = await feed.nextBatch(this.batchSize)) {
        if (this.stopping || this.restarting) break;
        if (active().length === 0) break;
        const decoded = decodeBatch(batch);
        const refused = this.apply(this.onFeed, batch, decoded);
        for (const [member, error] of refused) this.fail(member, error.message);
        this.onFeed = this.onFeed.filter((member) => !refused.has(member));
        this.progressed(this.onFeed, decoded);
        // The rest of this batch was not decoded: whoever is past the bad event gets it from a new subscription.
        if (decoded.failure && this.onFeed.length > 0) this.restarting = true;
        if (this.onFeed.length === 0 || this.restarting) break;
      }
      active();
    } finally {
      this.feed = null;
      await feed.close();
    }
  }

  /** One transaction for the batch; returns the projections that refused an event, and why. */
  private apply(active: readonly FeedMember[], batch: readonly FeedItem[], { items, failure }: DecodedBatch): Map<FeedMember, Error> {
    const refused = new Map<FeedMember, Error>();
    const advanced = new Set<FeedMember>();
    this.database.transaction(() => {
      for (const member of active) {
        try {
          if (this.database.applyBatch(member.definition, items)) advanced.add(member);
        } catch (error) {
          if (!(error instanceof HandlerFailure)) throw error;
          const item = batch[error.index];
          refused.set(member, item.kind === 'event' ? describeFailure(item, error.cause) : error);
          // What came before the refused event is applied, as it would have been one event at a time.
          if (this.database.applyBatch(member.definition, items.slice(0, error.index))) advanced.add(member);
        }
      }
    });
    if (failure) {
      for (const member of active) {
        if (!refused.has(member) && !isCovered(failure.position, this.database.checkpoint(member.definition.name).position)) {
          refused.set(member, failure.error);
        }
      }
    }
    for (const member of advanced) member.waiters.notify();
    return refused;
  }

  private progressed(active: readonly FeedMember[], { items, caughtUp }: DecodedBatch): void {
    const applied = items.some((item) => 'event' in item);
    for (const member of active) {
      member.attempt = 0;
      if (caughtUp) {
        if (member.state !== 'live') this.options.logger.log(`Projection ${member.definition.name} is live`);
        member.state = 'live';
        member.error = null;
      } else if (applied && member.state === 'failed') {
        member.state = 'catching-up';
        member.error = null;
      }
    }
  }

  private earliestCheckpoint(members: readonly FeedMember[]): LogPosition | null {
    let earliest: LogPosition | null = null;
    for (const member of members) {
      const position = this.database.checkpoint(member.definition.name).position;
      if (position === null) return null;
      if (earliest === null || isCovered(position, earliest)) earliest = position;
    }
    return earliest;
  }

  private fail(member: FeedMember, message: string): void {
    this.failAll([member], message);
  }

  /** One delay for all of them: after a store outage they rejoin together, on one subscription. */
  private failAll(members: readonly FeedMember[], message: string): void {
    if (members.length === 0) return;
    const attempt = Math.max(...members.map((member) => member.attempt));
    const delay = backoffDelay(attempt, this.options.backoff);
    for (const member of members) {
      member.attempt = attempt + 1;
      member.error = message;
      member.state = 'failed';
      member.retryAt = Date.now() + delay;
      this.options.logger.warn(`Projection ${member.definition.name} failed (${message}); retrying in ${delay} ms`);
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const now = Date.now();
    const waiting = [...this.members.values()].filter((member) => !member.paused && member.retryAt > now);
    if (waiting.length === 0 || this.stopping) return;
    const next = Math.min(...waiting.map((member) => member.retryAt));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.restart();
      this.scheduleRetry();
    }, next - now);
  }

  private sleep(): Promise<void> {
    if (this.stopping || this.restarting) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    }).then(() => {
      this.wake = null;
    });
  }
}
