/**
 * Preloaded (`node -r`) into an app started as a child process by a test: writes one JSON line to stdout
 * when the HTTP server has closed, when the event store client has been disposed, and when the embedded
 * store's thread has exited. It only listens and wraps; it changes nothing the app does. stdout is a pipe
 * to the test, and writes to a pipe are synchronous on Linux, so the lines keep the order of the events,
 * among the app's own log lines too.
 */
import http from 'node:http';
import workerThreads from 'node:worker_threads';
import { EventStoreDBClient } from '@eventstore/db-client';

const probe = (event: string) => process.stdout.write(`${JSON.stringify({ probe: event })}\n`);

if (workerThreads.isMainThread) {
  const listen = http.Server.prototype.listen;
  http.Server.prototype.listen = function (this: http.Server, ...args: unknown[]) {
    this.once('close', () => probe('http-server-closed'));
    return (listen as (...args: unknown[]) => http.Server).apply(this, args);
  } as typeof listen;

  // The client's dispose is an own property set by its constructor, so it is wrapped on each client made.
  const connect = EventStoreDBClient.connectionString;
  EventStoreDBClient.connectionString = function (this: typeof EventStoreDBClient, ...args: Parameters<typeof connect>) {
    const client = connect.apply(this, args);
    const dispose = client.dispose;
    client.dispose = async () => {
      await dispose();
      probe('event-store-client-disposed');
    };
    return client;
  } as typeof connect;

  // The embedded store runs on a worker thread given its data directory.
  const { Worker } = workerThreads;
  (workerThreads as { Worker: typeof Worker }).Worker = class ProbedWorker extends Worker {
    constructor(...args: ConstructorParameters<typeof Worker>) {
      super(...args);
      const data = args[1]?.workerData as { dataDir?: string } | undefined;
      if (data?.dataDir) this.once('exit', () => probe('embedded-store-thread-exited'));
    }
  };
}
