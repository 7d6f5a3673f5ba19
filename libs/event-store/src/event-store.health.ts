import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EventStoreDBClient } from '@eventstore/db-client';
import { pingEventStore } from './ping-event-store';
import { EVENT_STORE_CLIENT } from './event-store.tokens';

const DEFAULT_TIMEOUT_MS = 2000;

@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy<const Key extends string>(key: Key, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.health.check(key);
    try {
      await pingEventStore(this.client, timeoutMs);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
