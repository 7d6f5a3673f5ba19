export interface EventStoreModuleOptions {
  /** An `esdb://` or `esdb+discover://` string; leave undefined to run the embedded store on `dataDir`. */
  connectionString?: string;
  dataDir: string;
  /** The embedded store's largest append in bytes (EVENTSTORE_MAX_APPEND_SIZE); its default is 1 MiB. */
  maxAppendSize?: number;
}
