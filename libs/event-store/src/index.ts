export { EventStoreModule } from './event-store.module';
export type { EventStoreModuleOptions } from './event-store.options';
export { EMBEDDED_EVENT_STORE, EVENT_STORE_CLIENT } from './event-store.tokens';
export { EventStoreHealthIndicator } from './event-store.health';
export { readHeadPosition } from './ping-event-store';
export { AppendGate, APPENDS_UNDER_WAY } from './append-gate';
