import { Server, ServerCredentials, UntypedServiceImplementation } from '@grpc/grpc-js';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { append, batchAppend } from './grpc/append';
import { deleteStream, tombstoneStream } from './grpc/delete';
import { ServerFeaturesService, streamsServiceDefinition } from './grpc/proto';
import { read } from './grpc/read';
import { getSupportedMethods } from './grpc/server-features';
import { EventLog } from './storage/event-log';
import { WriteQueue } from './write-queue';
import { OpenCalls } from './grpc/open-calls';

export interface EmbeddedEventStoreOptions {
  /** Directory holding the SQLite files; created when missing. */
  dataDir: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; loopback by default. */
  host?: string;
  /** Largest append accepted, in bytes of event data and metadata; the real server's default is 1 MiB. */
  maxAppendSize?: number;
}

export interface EmbeddedEventStore {
  /** An `esdb://host:port?tls=false` string for `EventStoreDBClient.connectionString`. */
  readonly connectionString: string;
  readonly port: number;
  readonly dataDir: string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
const LOG_FILE = 'events.sqlite';

/** The gRPC default is 4 MiB; the client chunks batch appends at 3 MiB, and one event may be close to the limit. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Runs the server on the calling thread; `startEmbeddedEventStore` runs this inside a worker thread. */
export async function runEventStoreServer(options: EmbeddedEventStoreOptions): Promise<EmbeddedEventStore> {
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
  mkdirSync(dataDir, { recursive: true });
  const log = new EventLog(join(dataDir, LOG_FILE));
  const queue = new WriteQueue(log);

  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  const calls = new OpenCalls();
  const appendContext = { queue, maxAppendSize, calls };
  const streams: UntypedServiceImplementation = {
    read: read({ log, queue }),
    append: append(appendContext),
    batchAppend: batchAppend(appendContext),
    delete: deleteStream(queue),
    tombstone: tombstoneStream(queue),
  };
  server.addService(streamsServiceDefinition as never, streams);
  server.addService(ServerFeaturesService, { getSupportedMethods });

  let port: number;
  try {
    port = await new Promise<number>((done, fail) =>
      server.bindAsync(`${host}:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, bound) =>
        error ? fail(error) : done(bound),
      ),
    );
  } catch (error) {
    log.close();
    throw error;
  }

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Writes already queued are committed and answered; then every append call still open is ended with
      // the status EventStoreDB's clients expect from a stopping server, and subscriptions with UNAVAILABLE.
      await queue.close();
      calls.stopAll();
      await new Promise<void>((done) => {
        // Calls get a moment to finish; then the rest (a client's idle BatchAppend call) is cut.
        const force = setTimeout(() => server.forceShutdown(), 1000);
        server.tryShutdown(() => {
          clearTimeout(force);
          done();
        });
      });
      log.close();
    })());

  const hostForClients = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return { connectionString: `esdb://${hostForClients}:${port}?tls=false`, port, dataDir, close };
}
