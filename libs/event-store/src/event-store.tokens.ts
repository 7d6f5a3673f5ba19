/** The one `EventStoreDBClient` the app talks to. */
export const EVENT_STORE_CLIENT = Symbol('EVENT_STORE_CLIENT');

/** The in-process store started when no connection string is configured; `null` otherwise. */
export const EMBEDDED_EVENT_STORE = Symbol('EMBEDDED_EVENT_STORE');
