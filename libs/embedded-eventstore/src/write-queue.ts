import { EventLog } from './storage/event-log';
import { WriteOutcome } from './storage/types';

interface PendingWrite {
  write: (log: EventLog) => WriteOutcome;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: every write that arrives while the event loop is busy joins the next transaction, so
 * concurrent writers share one fsync. Each write is still atomic on its own (a savepoint), and none is
 * acknowledged before the transaction holding it is durable.
 */
export class WriteQueue {
  private pending: PendingWrite[] = [];
  private scheduled = false;
  private closed = false;
  private head: number;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly log: EventLog) {
    this.head = log.headPosition();
  }

  /** The position of the last durable event in `$all`. */
  get headPosition(): number {
    return this.head;
  }

  submit(write: (log: EventLog) => WriteOutcome): Promise<WriteOutcome> {
    if (this.closed) return Promise.reject(new Error('The event store is shutting down.'));
    return new Promise((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves once the head moves past `position`, or at once if it already has. */
  waitBeyond(position: number): { promise: Promise<void>; cancel: () => void } {
    if (this.head > position || this.closed) return { promise: Promise.resolve(), cancel: () => undefined };
    let wake: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => {
      wake = resolve;
      this.waiters.add(resolve);
    });
    return { promise, cancel: () => (this.waiters.delete(wake), wake()) };
  }

  /** Flushes what is queued, then refuses new writes and wakes every waiter. */
  close(): void {
    this.flush();
    this.closed = true;
    this.wakeAll();
  }

  private flush(): void {
    this.scheduled = false;
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
    results.forEach((result, index) => {
      const item = batch[index];
      if (result.outcome) item.resolve(result.outcome);
      else item.reject(result.error);
    });
    const head = this.log.headPosition();
    if (head > this.head) {
      this.head = head;
      this.wakeAll();
    }
  }

  private wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}
