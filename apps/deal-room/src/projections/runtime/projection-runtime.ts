import { EventStoreDBClient } from '@eventstore/db-client';
import { ProjectionDefinition } from '../projection-definition';
import { ProjectionDatabase } from '../store/projection-database';
import { LogPosition } from '../store/log-position';
import { DEFAULT_BACKOFF } from './backoff';
import { readHeadPosition } from './head-position';
import { FeedMember, RunnerOptions, RunnerState, SharedFeed } from './shared-feed';
import { rebuildProjection } from './rebuild';

export type ProjectionState = RunnerState | 'rebuilding';

export interface RebuildStatus {
  readonly state: 'running' | 'done' | 'failed';
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** How far the replay has got (commit position). */
  readonly position: string | null;
  readonly error: string | null;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly state: ProjectionState;
  /** Commit position the read model is at; null before its first event. */
  readonly checkpoint: string | null;
  /** Commit position of the last event in `$all`; null when the store is empty or unreachable. */
  readonly headPosition: string | null;
  /** Positions of `$all` between the checkpoint and the head (events, on the embedded store). */
  readonly lag: number | null;
  readonly error: string | null;
  /** When the last event applied was recorded. */
  readonly lastEventAt: string | null;
  readonly eventsApplied: number;
  readonly rebuild: RebuildStatus | null;
}

interface Rebuild {
  status: RebuildStatus;
  done: Promise<void>;
  readonly abort: AbortController;
}

/** The shared feed of every projection, their status, rebuilds and read-your-writes waits, over one database. */
export class ProjectionRuntime {
  private readonly feed: SharedFeed;
  private readonly rebuilds = new Map<string, Rebuild>();

  constructor(
    private readonly database: ProjectionDatabase,
    private readonly connect: () => EventStoreDBClient,
    private readonly dataDir: string,
    definitions: readonly ProjectionDefinition[],
    private readonly options: RunnerOptions = { backoff: DEFAULT_BACKOFF, logger: console },
  ) {
    this.feed = new SharedFeed(definitions, database, connect, options);
  }

  get names(): string[] {
    return this.feed.names;
  }

  has(name: string): boolean {
    return this.feed.member(name) !== undefined;
  }

  start(): void {
    for (const name of this.names) this.database.ensure(this.runner(name).definition);
    this.feed.start();
  }

  async stop(): Promise<void> {
    for (const rebuild of this.rebuilds.values()) rebuild.abort.abort();
    await Promise.all([...this.rebuilds.values()].map((rebuild) => rebuild.done));
    await this.feed.stop();
    for (const name of this.names) this.runner(name).waiters.releaseAll();
  }

  /** True once the projection's checkpoint is at or past `minPosition`, false if `timeoutMs` passed first. */
  waitForPosition(name: string, minPosition: bigint, timeoutMs: number): Promise<boolean> {
    return this.runner(name).waiters.waitFor(minPosition, timeoutMs);
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await readHeadPosition(this.connect()).catch(() => undefined);
    return this.names.map((name) => this.statusOf(name, head));
  }

  statusOf(name: string, head?: LogPosition | null): ProjectionStatus {
    const runner = this.runner(name);
    const checkpoint = this.database.checkpoint(name);
    const rebuild = this.rebuilds.get(name)?.status ?? null;
    const at = checkpoint.position?.commit ?? -1n;
    const lag = head === undefined ? null : head === null || head.commit <= at ? 0 : Number(head.commit - at);
    return {
      name,
      state: rebuild?.state === 'running' ? 'rebuilding' : runner.state,
      checkpoint: checkpoint.position?.commit.toString() ?? null,
      headPosition: head ? head.commit.toString() : null,
      lag,
      error: runner.error ?? (rebuild?.state === 'failed' ? `rebuild failed: ${rebuild.error}` : null),
      lastEventAt: checkpoint.lastEventAt,
      eventsApplied: checkpoint.eventsApplied,
      rebuild,
    };
  }

  /** Starts a rebuild in the background (or joins the one running); `done` settles when it ends. */
  rebuild(name: string): { status: ProjectionStatus; done: Promise<void> } {
    const running = this.rebuilds.get(name);
    if (running?.status.state === 'running') return { status: this.statusOf(name), done: running.done };

    const runner = this.runner(name);
    const abort = new AbortController();
    const status: RebuildStatus = { state: 'running', startedAt: new Date().toISOString(), finishedAt: null, position: null, error: null };
    const rebuild: Rebuild = { status, abort, done: Promise.resolve() };
    const update = (change: Partial<RebuildStatus>) => (rebuild.status = { ...rebuild.status, ...change });
    this.rebuilds.set(name, rebuild);
    const finished = (error: string | null) =>
      update({ state: error === null ? 'done' : 'failed', finishedAt: new Date().toISOString(), error });

    rebuild.done = rebuildProjection({
      definition: runner.definition,
      live: this.database,
      client: this.connect(),
      dataDir: this.dataDir,
      pauseLive: async () => this.feed.pause(name),
      // After a shutdown began, the projection stays off the feed.
      resumeLive: () => (abort.signal.aborted ? undefined : this.feed.resume(name)),
      onProgress: (position) => update({ position: position?.commit.toString() ?? null }),
      signal: abort.signal,
    }).then(
      () => {
        finished(null);
        runner.waiters.notify();
        this.options.logger.log(`Projection ${name} rebuilt`);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        finished(message);
        this.options.logger.warn(`Rebuilding projection ${name} failed: ${message}`);
      },
    );
    return { status: this.statusOf(name), done: rebuild.done };
  }

  private runner(name: string): FeedMember {
    const runner = this.feed.member(name);
    if (!runner) throw new Error(`no projection named ${name}`);
    return runner;
  }
}
