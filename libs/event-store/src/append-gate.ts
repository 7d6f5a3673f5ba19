import type { EventStoreDBClient } from '@eventstore/db-client';

/**
 * Appends under way at once on one client: below the batch-append stream's buffer of 16 messages, with
 * room for an append of more than 3 MiB, which takes two. Measured on the commitments load (64
 * connections, 50 rounds): 8 cost ~7 % of the throughput against no limit; 14 is within the noise of it.
 */
export const APPENDS_UNDER_WAY = 14;

/**
 * Lets at most `limit` appends of a client be under way at once, the rest waiting their turn here, and
 * tells when none is under way, so that the client is not closed under a write.
 *
 * Why it exists: `@eventstore/db-client` 6.x sends every append over one batch-append stream. When that
 * stream's buffer is full, further appends queue inside the client, and if the stream then fails (the
 * client closed at shutdown, the connection to the store lost) the client rejects the queued writes in a
 * promise that nobody awaits: the process dies of an unhandled rejection. Below the buffer's size no
 * write ever queues there. Fixed in the successor package (KurrentDB-Client-NodeJS); see
 * test/conformance/append-gate.e2e-spec.ts, which fails when the client no longer needs this.
 */
export class AppendGate {
  private underWay = 0;
  private readonly turns: Array<() => void> = [];
  private readonly idle: Array<() => void> = [];

  constructor(private readonly limit = APPENDS_UNDER_WAY) {}

  /** Routes this client's appends through the gate (on this instance only). */
  install(client: EventStoreDBClient): EventStoreDBClient {
    const append = client.appendToStream.bind(client);
    client.appendToStream = ((...args: Parameters<EventStoreDBClient['appendToStream']>) =>
      this.run(() => append(...args))) as EventStoreDBClient['appendToStream'];
    return client;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.underWay < this.limit) this.underWay += 1;
    // A finished append hands its place to the next in line, so underWay stays counted.
    else await new Promise<void>((turn) => this.turns.push(turn));
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Appends under way and waiting. */
  get pending(): number {
    return this.underWay + this.turns.length;
  }

  /**
   * Resolves true once nothing is under way or waiting, and still nothing a turn of the event loop later,
   * or false after `timeoutMs`: a command's next append (its event, after the append that claimed its
   * key) starts in the callbacks of the one before, not at once.
   */
  async drained(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.pending === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.pending === 0) return true;
      }
      if (!(await this.idleWithin(deadline - Date.now()))) return false;
    }
  }

  /** True once nothing is under way, false after `ms`. */
  private idleWithin(ms: number): Promise<boolean> {
    if (this.pending === 0) return Promise.resolve(true);
    if (ms <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idle.splice(this.idle.indexOf(done), 1);
        resolve(false);
      }, ms);
      this.idle.push(done);
    });
  }

  private release(): void {
    const next = this.turns.shift();
    if (next) return next();
    this.underWay -= 1;
    if (this.underWay === 0) for (const done of this.idle.splice(0)) done();
  }
}
