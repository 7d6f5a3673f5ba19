import { closeSync, fdatasync, openSync } from 'node:fs';
import { EventLog } from './storage/event-log';
import { WriteOutcome } from './storage/types';

/** A write submitted after the store began to stop; the gRPC layer answers it as the server going away. */
export class StoreClosedError extends Error {
  constructor() {
    super('The event store is shutting down.');
    this.name = 'StoreClosedError';
  }
}

interface PendingWrite {
  write: (log: EventLog) => WriteOutcome;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

interface CommittedWrite {
  outcome?: WriteOutcome;
  error?: unknown;
  item: PendingWrite;
}

/**
 * Group commit. Writes that arrive while the event loop is busy share one SQLite transaction; each stays
 * atomic on its own (a savepoint). Commits go to the WAL without an fsync; one `fdatasync` of the WAL runs
 * on libuv's thread pool and covers every commit made before it started, while new commits pile up for
 * the next one. Nothing is acknowledged, or shown to readers, before the fsync that covers it.
 */
export class WriteQueue {
  private pending: PendingWrite[] = [];
  private unsynced: CommittedWrite[] = [];
  private committedHead: number;
  private durableHead: number;
  private flushScheduled = false;
  private syncing: Promise<void> | null = null;
  private closed = false;
  private failure: Error | null = null;
  private readonly walFd: number;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly log: EventLog) {
    this.committedHead = this.durableHead = log.headPosition();
    this.walFd = openSync(log.walFile, 'a');
  }

  /** The position of the last durable event in `$all`; readers see nothing beyond it. */
  get headPosition(): number {
    return this.durableHead;
  }

  submit(write: (log: EventLog) => WriteOutcome): Promise<WriteOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new StoreClosedError());
    return new Promise((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves once the durable head moves past `position`, at once if it already has. */
  waitBeyond(position: number): { promise: Promise<void>; cancel: () => void } {
    if (this.durableHead > position || this.closed) return { promise: Promise.resolve(), cancel: () => undefined };
    let wake: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => {
      wake = resolve;
      this.waiters.add(resolve);
    });
    return { promise, cancel: () => (this.waiters.delete(wake), wake()) };
  }

  /** Commits and syncs what is queued, then refuses new writes and wakes every waiter. */
  async close(): Promise<void> {
    this.flush();
    while (this.syncing) await this.syncing;
    this.closed = true;
    closeSync(this.walFd);
    this.wakeAll();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let results: Array<{ outcome?: WriteOutcome; error?: unknown }>;
    try {
      results = this.log.transaction(() =>
        batch.map((item) => {
          try {
            return { outcome: item.write(this.log) };
          } catch (error) {
            return { error };
          }
        }),
      );
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    results.forEach((result, index) => this.unsynced.push({ ...result, item: batch[index] }));
    this.committedHead = this.log.headPosition();
    if (!this.syncing) this.syncing = this.sync();
  }

  private async sync(): Promise<void> {
    while (this.unsynced.length > 0) {
      const covered = this.unsynced;
      const head = this.committedHead;
      this.unsynced = [];
      const error = await new Promise<NodeJS.ErrnoException | null>((done) => fdatasync(this.walFd, done));
      if (error) {
        // After a failed fsync nobody can say what is on disk: refuse everything from now on.
        this.failure = new Error(`The event store could not sync its log to disk: ${error.message}`);
        for (const { item } of covered) item.reject(this.failure);
        continue;
      }
      for (const { outcome, error: writeError, item } of covered) {
        if (outcome) item.resolve(outcome);
        else item.reject(writeError);
      }
      if (head > this.durableHead) {
        this.durableHead = head;
        this.wakeAll();
      }
    }
    this.syncing = null;
  }

  private wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}
