export { startEmbeddedEventStore } from './embedded-server';
export type { EmbeddedEventStore, EmbeddedEventStoreOptions } from './embedded-server';
export { DEFAULT_MAX_APPEND_SIZE } from './event-store-server';
export { DataDirInUseError } from './storage/schema';
