import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { EmbeddedEventStore, EmbeddedEventStoreOptions } from './event-store-server';
import { DataDirInUseError } from './storage/schema';
import type { WorkerReply } from './server-worker';

export type { EmbeddedEventStore, EmbeddedEventStoreOptions } from './event-store-server';

/**
 * From TypeScript sources (Jest, ts-node) the worker compiles its own modules on the fly; from the build
 * it loads the compiled file directly.
 */
function spawnWorker(options: EmbeddedEventStoreOptions): Worker {
  const entry = join(__dirname, `server-worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
  if (entry.endsWith('.js')) return new Worker(entry, { workerData: options });
  const bootstrap = `require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } }); require(${JSON.stringify(entry)});`;
  return new Worker(bootstrap, { eval: true, workerData: options });
}

function nextReply(worker: Worker): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: WorkerReply) => done(() => resolve(reply));
    const onError = (error: Error) => done(() => reject(error));
    const onExit = (code: number) => done(() => reject(new Error(`The event store thread exited with code ${code}.`)));
    const done = (settle: () => void) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      settle();
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

/**
 * Starts the embedded EventStoreDB-compatible server on its own thread, so that its fsyncs and encoding
 * never stall the caller's event loop. Resolves once it accepts connections.
 */
export async function startEmbeddedEventStore(options: EmbeddedEventStoreOptions): Promise<EmbeddedEventStore> {
  const worker = spawnWorker(options);
  const started = await nextReply(worker).catch(async (error: Error) => {
    await worker.terminate();
    throw error;
  });
  if (started.kind !== 'ready') {
    await worker.terminate();
    if (started.kind === 'failed' && started.name === 'DataDirInUseError') throw new DataDirInUseError(started.message);
    throw new Error(started.kind === 'failed' ? started.message : 'The event store thread stopped before it was ready.');
  }
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const closed = nextReply(worker).catch(() => undefined);
      worker.postMessage({ kind: 'close' });
      await closed;
      await worker.terminate();
    })());
  return { connectionString: started.connectionString, port: started.port, dataDir: started.dataDir, controlSocket: started.controlSocket, close };
}
