export interface EmbeddedEventStoreOptions {
  /** Directory holding the SQLite files; created when missing. */
  dataDir: string;
  /** TCP port on the loopback interface; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /** Largest append accepted, in bytes of event data and metadata; the real server's default is 1 MiB. */
  maxAppendSize?: number;
}

export interface EmbeddedEventStore {
  /** An `esdb://host:port?tls=false` string for `EventStoreDBClient.connectionString`. */
  readonly connectionString: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startEmbeddedEventStore(_options: EmbeddedEventStoreOptions): Promise<EmbeddedEventStore> {
  throw new Error('not implemented yet');
}
