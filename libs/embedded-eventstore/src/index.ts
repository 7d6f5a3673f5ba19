export { startEmbeddedEventStore } from './embedded-server';
export type { EmbeddedEventStore, EmbeddedEventStoreOptions } from './embedded-server';
export { DEFAULT_MAX_APPEND_SIZE, DEFAULT_PASSWORD } from './event-store-server';
export { generatePassword } from './security/users';
export { DataDirInUseError } from './storage/schema';
export { ownerOnlyDirectory, ownerOnlyFile } from './storage/private-files';
export { askControlSocket, controlSocketPath, runningStoreConnection } from './control-socket';
export type { ControlAnswer, ControlRequest } from './control-socket';
