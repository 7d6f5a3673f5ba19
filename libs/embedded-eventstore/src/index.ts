export { startEmbeddedEventStore } from './embedded-server';
export type { EmbeddedEventStore, EmbeddedEventStoreOptions } from './embedded-server';
