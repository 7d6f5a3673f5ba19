import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { EmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { EMBEDDED_EVENT_STORE, EVENT_STORE_CLIENT } from './event-store.tokens';

// Runs after Nest has closed the HTTP server, so no request is still using the client.
@Injectable()
export class EventStoreShutdown implements OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreShutdown.name);

  constructor(
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
    @Inject(EMBEDDED_EVENT_STORE) private readonly embedded: EmbeddedEventStore | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.client.dispose();
    } finally {
      await this.embedded?.close();
    }
    this.logger.log(this.embedded ? 'Closed the event store client and the embedded store' : 'Closed the event store client');
  }
}
