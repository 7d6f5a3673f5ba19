import { ownerOnlyDirectory, ownerOnlyFile } from './storage/private-files';
import { Server, ServerCredentials, UntypedServiceImplementation } from '@grpc/grpc-js';
import { join, resolve } from 'node:path';
import { append, batchAppend } from './grpc/append';
import { deleteStream, tombstoneStream } from './grpc/delete';
import { ServerFeaturesService, streamsServiceDefinition } from './grpc/proto';
import { read } from './grpc/read';
import { getSupportedMethods } from './grpc/server-features';
import { EventLog } from './storage/event-log';
import { WriteQueue } from './write-queue';
import { AccessControl, OPEN_ACCESS } from './security/access';
import { ensureTlsFiles } from './security/tls';
import { Users } from './security/users';
import { effectivePasswords } from './security/recorded-passwords';
import { OpenCalls } from './grpc/open-calls';
import { listenOnControlSocket } from './control-socket';

export interface EmbeddedEventStoreOptions {
  /** Directory holding the SQLite files; created when missing. */
  dataDir: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; loopback by default. */
  host?: string;
  /** Largest append accepted, in bytes of event data and metadata; the real server's default is 1 MiB. */
  maxAppendSize?: number;
  /**
   * Like EventStoreDB's `--insecure`: plain gRPC, no authentication, every call allowed. Off by default:
   * the server speaks TLS with a certificate of its own (`DATA_DIR/tls/ca.crt` to trust) and checks
   * credentials and stream ACLs.
   */
  insecure?: boolean;
  /**
   * Password of the `admin` account (group `$admins`). Given, it is recorded in `DATA_DIR/tls/passwords.json`
   * (0600); not given, the recorded one applies, else `changeit`, the real server's default.
   */
  adminPassword?: string;
  /** Password of the `ops` account (group `$ops`), kept and defaulted the same way. */
  opsPassword?: string;
  /** Let calls without credentials use streams their ACL opens to `$all` (refused by default, as from 23.10). */
  allowAnonymous?: boolean;
}

export interface EmbeddedEventStore {
  /**
   * A string for `EventStoreDBClient.connectionString`: `esdb://admin:PASSWORD@host:port?tls=true&tlsCAFile=...`,
   * or `esdb://host:port?tls=false` when insecure.
   */
  readonly connectionString: string;
  readonly port: number;
  readonly dataDir: string;
  /** The Unix socket that serves online backups, or null when the data directory's path is too long for one. */
  readonly controlSocket: string | null;
  close(): Promise<void>;
}

export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
/** EventStoreDB's default password for its built-in accounts. */
export const DEFAULT_PASSWORD = 'changeit';
const LOG_FILE = 'events.sqlite';

/** The gRPC default is 4 MiB; the client chunks batch appends at 3 MiB, and one event may be close to the limit. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Runs the server on the calling thread; `startEmbeddedEventStore` runs this inside a worker thread. */
export async function runEventStoreServer(options: EmbeddedEventStoreOptions): Promise<EmbeddedEventStore> {
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
  ownerOnlyDirectory(dataDir);
  const tls = options.insecure ? null : await ensureTlsFiles(dataDir, host);
  const log = new EventLog(join(dataDir, LOG_FILE));
  const queue = new WriteQueue(log);
  const passwords = options.insecure
    ? null
    : effectivePasswords(dataDir, { admin: options.adminPassword, ops: options.opsPassword }, { admin: DEFAULT_PASSWORD, ops: DEFAULT_PASSWORD });
  const access = !passwords
    ? OPEN_ACCESS
    : new AccessControl(
        new Users(passwords),
        (stream) => log.aclOf(stream),
        options.allowAnonymous ?? false,
      );

  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  const calls = new OpenCalls();
  const appendContext = { queue, maxAppendSize, calls, access };
  const streams: UntypedServiceImplementation = {
    read: read({ log, queue, access }),
    append: append(appendContext),
    batchAppend: batchAppend(appendContext),
    delete: deleteStream({ queue, access }),
    tombstone: tombstoneStream({ queue, access }),
  };
  server.addService(streamsServiceDefinition as never, streams);
  server.addService(ServerFeaturesService, { getSupportedMethods });

  const credentials = tls
    ? ServerCredentials.createSsl(null, [{ private_key: tls.key, cert_chain: tls.cert }], false)
    : ServerCredentials.createInsecure();
  let port: number;
  try {
    port = await new Promise<number>((done, fail) =>
      server.bindAsync(`${host}:${options.port ?? 0}`, credentials, (error, bound) =>
        error ? fail(error) : done(bound),
      ),
    );
  } catch (error) {
    log.close();
    throw error;
  }

  // Backups of the running store (`npm run backup`) are made on the log's own connection, asked for over a
  // Unix socket in the data directory; see control-socket.ts. Requests run between two write batches.
  let control: Awaited<ReturnType<typeof listenOnControlSocket>>;
  let connectionString = '';
  try {
    // The copy is created owner-only, empty (which VACUUM INTO accepts), like the log itself.
    control = await listenOnControlSocket(dataDir, { backup: (to) => (ownerOnlyFile(to), log.backupTo(to)), connection: () => connectionString });
  } catch (error) {
    server.forceShutdown();
    log.close();
    throw error;
  }

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((done) => (control.server ? control.server.close(() => done()) : done()));
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

  const loopback = host === '0.0.0.0' || host === '::' || host === '127.0.0.1';
  // Over TLS, a name rather than an address: Node warns when a TLS client is given an IP as server name.
  const hostForClients = loopback ? (tls ? 'localhost' : '127.0.0.1') : host;
  const address = `${hostForClients}:${port}`;
  connectionString =
    tls && passwords
      ? `esdb://admin:${encodeURIComponent(passwords.admin)}@${address}?tls=true&tlsCAFile=${encodeURIComponent(tls.caFile)}`
      : `esdb://${address}?tls=false`;
  return { connectionString, port, dataDir, controlSocket: control.server ? control.path : null, close };
}
