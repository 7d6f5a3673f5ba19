import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { EmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { AppendGate } from './append-gate';
import { EMBEDDED_EVENT_STORE, EVENT_STORE_CLIENT } from './event-store.tokens';

/**
 * How long the appends still under way when the HTTP server has closed may take. Their callers may be
 * gone (a client that hung up does not stop its command), but a command cut off in its append answers
 * nobody and leaves its outcome for the retry to find out.
 */
export const APPENDS_GRACE_MS = 5_000;

// Runs after Nest has closed the HTTP server, so no new request will use the client.
@Injectable()
export class EventStoreShutdown implements OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreShutdown.name);

  constructor(
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
    @Inject(EMBEDDED_EVENT_STORE) private readonly embedded: EmbeddedEventStore | null,
    private readonly appends: AppendGate,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    const pending = this.appends.pending;
    if (!(await this.appends.drained(APPENDS_GRACE_MS))) {
      this.logger.warn(`${this.appends.pending} of ${pending} appends still under way after ${APPENDS_GRACE_MS} ms; closing the client under them`);
    }
    try {
      await this.client.dispose();
    } finally {
      await this.embedded?.close();
    }
    this.logger.log(this.embedded ? 'Closed the event store client and the embedded store' : 'Closed the event store client');
  }
}
