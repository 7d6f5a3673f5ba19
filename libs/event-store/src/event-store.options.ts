export interface EventStoreModuleOptions {
  /** An `esdb://` or `esdb+discover://` string; leave undefined to run the embedded store on `dataDir`. */
  connectionString?: string;
  dataDir: string;
}
