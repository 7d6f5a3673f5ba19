import { DynamicModule, Module, Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventStoreDBClient } from '@eventstore/db-client';
import {
  EmbeddedEventStore,
  EmbeddedEventStoreOptions,
  generatePassword,
  startEmbeddedEventStore,
} from '@deal-room/embedded-eventstore';
import { AppendGate } from './append-gate';
import { EventStoreHealthIndicator } from './event-store.health';
import { EventStoreModuleOptions } from './event-store.options';
import { EventStoreShutdown } from './event-store.shutdown';
import { EMBEDDED_EVENT_STORE, EVENT_STORE_CLIENT } from './event-store.tokens';

@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    const connectionProviders: Provider[] = [
      {
        provide: EMBEDDED_EVENT_STORE,
        useFactory: async (): Promise<EmbeddedEventStore | null> =>
          options.connectionString === undefined ? startEmbeddedEventStore(embeddedOptions(options)) : null,
      },
      { provide: AppendGate, useFactory: () => new AppendGate() },
      {
        provide: EVENT_STORE_CLIENT,
        inject: [EMBEDDED_EVENT_STORE, AppendGate],
        useFactory: (embedded: EmbeddedEventStore | null, gate: AppendGate): EventStoreDBClient =>
          gate.install(EventStoreDBClient.connectionString(embedded ? embedded.connectionString : externalConnectionString(options))),
      },
    ];
    return {
      module: EventStoreModule,
      global: true,
      imports: [TerminusModule],
      providers: [...connectionProviders, EventStoreShutdown, EventStoreHealthIndicator],
      exports: [EVENT_STORE_CLIENT, EMBEDDED_EVENT_STORE, EventStoreHealthIndicator],
    };
  }
}

/**
 * The app's own embedded store is for the app alone: it speaks TLS and its accounts get random passwords
 * at every start, which only the app's connection string carries, so no other local process can use it.
 */
export function embeddedOptions({ dataDir, maxAppendSize }: EventStoreModuleOptions): EmbeddedEventStoreOptions {
  return { dataDir, maxAppendSize, adminPassword: generatePassword(), opsPassword: generatePassword() };
}

function externalConnectionString({ connectionString }: EventStoreModuleOptions): string {
  if (connectionString === undefined) throw new Error('no embedded event store and no connection string');
  return connectionString;
}
