import { parentPort, workerData } from 'node:worker_threads';
import { EmbeddedEventStoreOptions, runEventStoreServer } from './event-store-server';

export type WorkerReply =
  | { kind: 'ready'; connectionString: string; port: number; dataDir: string; controlSocket: string | null }
  | { kind: 'failed'; name: string; message: string }
  | { kind: 'closed' };

/** The thread body: start the server, report, and close it when the parent asks. */
async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const reply = (message: WorkerReply) => port.postMessage(message);
  try {
    const store = await runEventStoreServer(workerData as EmbeddedEventStoreOptions);
    port.on('message', (message: { kind: string }) => {
      if (message.kind === 'close') store.close().then(() => reply({ kind: 'closed' }));
    });
    reply({ kind: 'ready', connectionString: store.connectionString, port: store.port, dataDir: store.dataDir, controlSocket: store.controlSocket });
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    reply({ kind: 'failed', name, message });
  }
}

if (parentPort) void main(parentPort);
