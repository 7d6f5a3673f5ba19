import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { RoundEvent, serialize } from '../../../apps/deal-room/src/rounds/domain';
import { PROJECTIONS } from '../../../apps/deal-room/src/projections/registrations';
import { ProjectionRuntime, ProjectionStatus } from '../../../apps/deal-room/src/projections/runtime/projection-runtime';
import { PROJECTIONS_FILE, ProjectionDatabase } from '../../../apps/deal-room/src/projections/store/projection-database';

/**
 * An embedded store and the projection runtime over it, without the app: the store can be closed and
 * started again (on another port), and the runtime restarted on the same projections database.
 */
export class RuntimeHarness {
  readonly dir = mkdtempSync(join(tmpdir(), 'deal-room-projections-'));
  store: EmbeddedEventStore | null = null;
  private client: EventStoreDBClient | null = null;
  private clientFor = '';
  database: ProjectionDatabase | null = null;
  runtime: ProjectionRuntime | null = null;
  /** What the runtime warned about, in order: each failure, and the retry it schedules, is one warning. */
  readonly warnings: string[] = [];

  get storeDir(): string {
    return join(this.dir, 'store');
  }

  async startStore(port?: number): Promise<void> {
    this.store = await startEmbeddedEventStore({ dataDir: this.storeDir, port });
  }

  async stopStore(): Promise<void> {
    await this.store?.close();
    this.store = null;
  }

  /** A client for the store as it is now; a store restarted on another port gets a new client. */
  currentClient = (): EventStoreDBClient => {
    if (!this.store) throw new Error('the store is not running');
    if (!this.client || this.clientFor !== this.store.connectionString) {
      const stale = this.client;
      void stale?.dispose().catch(() => undefined);
      this.client = EventStoreDBClient.connectionString(this.store.connectionString);
      this.clientFor = this.store.connectionString;
    }
    return this.client;
  };

  startRuntime(): ProjectionRuntime {
    this.database = ProjectionDatabase.open(join(this.dir, PROJECTIONS_FILE));
    this.runtime = new ProjectionRuntime(this.database, this.currentClient, this.dir, PROJECTIONS, {
      backoff: { initialMs: 20, maxMs: 200 },
      logger: { log: () => undefined, warn: (message) => void this.warnings.push(message) },
    });
    this.runtime.start();
    return this.runtime;
  }

  async stopRuntime(): Promise<void> {
    await this.runtime?.stop();
    this.database?.close();
    this.runtime = null;
    this.database = null;
  }

  /** Appends domain events as the app would (wire names, money as decimal strings); returns the last position. */
  async append(roundId: string, events: readonly RoundEvent[]): Promise<bigint> {
    const result = await this.currentClient().appendToStream(
      `round-${roundId}`,
      events.map((event) => jsonEvent({ ...serialize(event), metadata: { actor: { sub: 'test', role: 'deal-lead', investorId: null }, recordedAt: new Date().toISOString() } })),
    );
    return result.position!.commit;
  }

  async appendRaw(stream: string, type: string, data: Record<string, unknown>): Promise<bigint> {
    const result = await this.currentClient().appendToStream(stream, jsonEvent({ type, data }));
    return result.position!.commit;
  }

  rows<Row>(sql: string): Row[] {
    return Array.from(this.database!.sql.all<Row>(sql), (row) => ({ ...row }) as Row);
  }

  async statusOf(name: string): Promise<ProjectionStatus> {
    const all = await this.runtime!.status();
    return all.find((status) => status.name === name)!;
  }

  async close(): Promise<void> {
    await this.stopRuntime();
    await this.client?.dispose();
    await this.stopStore();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls a condition (for tests only: the runtime itself never polls). */
export async function eventually<T>(probe: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
