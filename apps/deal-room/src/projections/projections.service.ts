import { ownerOnlyDirectory } from '@deal-room/embedded-eventstore';
import { join } from 'node:path';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { ApplicationError } from '../common/application-error';
import { Actor } from '../kernel';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ReadConsistency } from './http/read-consistency';
import { PROJECTIONS } from './registrations';
import { Sql } from './projection-definition';
import { DEFAULT_BACKOFF } from './runtime/backoff';
import { ProjectionRuntime } from './runtime/projection-runtime';
import { PROJECTIONS_FILE, ProjectionDatabase } from './store/projection-database';

/** Seconds a reader told PROJECTION_BEHIND should wait before asking again. */
const RETRY_AFTER_SECONDS = '1';

/** The projections of this app process: started after boot, stopped before the event store client is closed. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  readonly runtime: ProjectionRuntime;
  private readonly database: ProjectionDatabase;
  private readonly logger = new Logger('Projections');

  constructor(@Inject(EVENT_STORE_CLIENT) client: EventStoreDBClient, @Inject(APP_CONFIG) config: AppConfig) {
    ownerOnlyDirectory(config.dataDir);
    this.database = ProjectionDatabase.open(join(config.dataDir, PROJECTIONS_FILE));
    const logger = { log: (message: string) => this.logger.log(message), warn: (message: string) => this.logger.warn(message) };
    this.runtime = new ProjectionRuntime(this.database, () => client, config.dataDir, PROJECTIONS, { backoff: DEFAULT_BACKOFF, logger });
  }

  /** Read-only access for the reports. better-sqlite3 is synchronous, so one read sees one checkpoint. */
  get sql(): Sql {
    return this.database.sql;
  }

  checkpointOf(name: string): string | null {
    return this.database.checkpoint(name).position?.commit.toString() ?? null;
  }

  /**
   * Waits until `name` has applied `consistency.minPosition`; refuses with 503 rather than answer with older
   * data. To an investor the refusal names no position: positions count the whole store's events (issue 14).
   */
  async ensureFresh(name: string, consistency: ReadConsistency | null, reader: Actor | null = null): Promise<void> {
    if (consistency === null) return;
    const { minPosition, maxWaitMs } = consistency;
    if (await this.runtime.waitForPosition(name, minPosition, maxWaitMs)) return;
    const at = this.checkpointOf(name) ?? 'none';
    const where = reader?.role === 'investor' ? 'your write' : `position ${minPosition}`;
    const now = reader?.role === 'investor' ? '' : ` (it is at ${at})`;
    throw new ApplicationError(
      'PROJECTION_BEHIND',
      503,
      `The ${name} projection has not reached ${where} within ${maxWaitMs} ms${now}. Retry later.`,
      [],
      { 'Retry-After': RETRY_AFTER_SECONDS },
    );
  }

  onApplicationBootstrap(): void {
    this.runtime.start();
  }

  // Before the event store client is disposed: an open subscription would keep dispose() waiting.
  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }

  onApplicationShutdown(): void {
    this.database.close();
  }
}
