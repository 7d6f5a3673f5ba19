import { EventStoreDBClient } from '@eventstore/db-client';
import { ProjectionDefinition } from '../projection-definition';
import { ProjectionDatabase } from '../store/projection-database';
import { BackoffOptions, backoffDelay } from './backoff';
import { CheckpointWaiters } from './checkpoint-waiters';
import { decodeRecorded, FeedItem, subscribeToRoundEvents, RoundEventFeed } from './round-event-feed';

export type RunnerState = 'catching-up' | 'live' | 'failed' | 'stopped';

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface RunnerOptions {
  readonly backoff: BackoffOptions;
  readonly logger: RunnerLogger;
}

/**
 * Keeps one projection following the store: subscribe from the stored checkpoint, apply each event in
 * its own transaction, and on any error (store gone, subscription ended, a handler refusing an event)
 * report `failed` and subscribe again after a backoff, from the checkpoint, which never moved past
 * an event that was not applied. It never gives up on its own; only stop() ends it.
 */
export class ProjectionRunner {
  readonly waiters: CheckpointWaiters;
  private currentState: RunnerState = 'stopped';
  private lastError: string | null = null;
  private loop: Promise<void> | null = null;
  private feed: RoundEventFeed | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    readonly definition: ProjectionDefinition,
    private readonly database: ProjectionDatabase,
    private readonly connect: () => EventStoreDBClient,
    private readonly options: RunnerOptions,
  ) {
    this.waiters = new CheckpointWaiters(() => this.database.checkpoint(definition.name).position?.commit ?? null);
  }

  get state(): RunnerState {
    return this.currentState;
  }

  get error(): string | null {
    return this.lastError;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.currentState = 'catching-up';
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.feed?.close();
    await this.loop;
    this.loop = null;
    this.currentState = 'stopped';
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopping) {
      try {
        await this.follow(() => (attempt = 0));
        if (this.stopping) break;
        throw new Error('the subscription ended');
      } catch (error) {
        if (this.stopping) break;
        const delay = backoffDelay(attempt, this.options.backoff);
        attempt += 1;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.currentState = 'failed';
        this.options.logger.warn(`Projection ${this.definition.name} failed (${this.lastError}); retrying in ${delay} ms`);
        await this.sleep(delay);
      }
    }
  }

  private async follow(progressed: () => void): Promise<void> {
    const feed = subscribeToRoundEvents(this.connect(), this.database.checkpoint(this.definition.name).position);
    this.feed = feed;
    try {
      for await (const item of feed) {
        if (this.stopping) break;
        this.handle(item);
        progressed();
      }
    } finally {
      this.feed = null;
      await feed.close();
    }
  }

  private handle(item: FeedItem): void {
    const name = this.definition.name;
    if (item.kind === 'caught-up') {
      if (this.currentState !== 'live') this.options.logger.log(`Projection ${name} is live`);
      this.recovered('live');
      return;
    }
    if (item.kind === 'checkpoint') {
      if (this.database.advance(name, item.position)) this.waiters.notify();
      return;
    }
    try {
      if (this.database.apply(this.definition, decodeRecorded(item.recorded, item.position))) this.waiters.notify();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`event ${item.recorded.type} at position ${item.position.commit} (${item.recorded.streamId}): ${reason}`);
    }
    if (this.currentState === 'failed') this.recovered('catching-up');
  }

  private recovered(state: RunnerState): void {
    this.currentState = state;
    this.lastError = null;
  }

  // stop() may come between a failure and this sleep; it must not then wait out the whole delay.
  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = null;
    });
  }
}
