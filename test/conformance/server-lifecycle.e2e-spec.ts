import { ChildProcess, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { AccessDeniedError, binaryEvent, EventStoreDBClient, MaxAppendSizeExceededError, NO_STREAM } from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import {
  captureError,
  describeEmbedded,
  disposeClient,
  makeTempDir,
  probeEvents,
  readStreamEvents,
  removeDir,
  streamName,
  waitFor,
} from './harness';
import { captureOutput, killIfRunning, processGroupGone, repoRoot, waitForExit, waitForLine } from './process-helpers';

describeEmbedded('one server per data directory (embedded only)', () => {
  const dirs: string[] = [];
  const stores: EmbeddedEventStore[] = [];
  const clients: EventStoreDBClient[] = [];

  afterAll(async () => {
    for (const client of clients) await disposeClient(client);
    for (const store of stores) await store.close();
    for (const dir of dirs) removeDir(dir);
  });

  const tempDir = () => {
    const dir = realpathSync(makeTempDir());
    dirs.push(dir);
    return dir;
  };
  const start = async (dataDir: string) => {
    const store = await startEmbeddedEventStore({ dataDir, port: 0 });
    stores.push(store);
    const client = EventStoreDBClient.connectionString(store.connectionString);
    clients.push(client);
    return { store, client };
  };

  it('refuses a second server on the same directory quickly, naming it, while the first keeps working', async () => {
    const reference = Date.now();
    await start(tempDir()); // how long a successful start takes right now, on this machine
    const normalStartMs = Date.now() - reference;

    const dataDir = tempDir();
    const first = await start(dataDir);
    const stream = streamName();
    await first.client.appendToStream(stream, probeEvents(1), { expectedRevision: NO_STREAM });

    const attempt = Date.now();
    const error = await captureError(() => start(dataDir));
    const refusalMs = Date.now() - attempt;

    expect(error.message).toMatch(/in use/i);
    expect(error.message).toContain(dataDir);
    // "At once": no lock wait or retry loop, so no slower than a successful start (plus scheduling slack).
    expect(refusalMs).toBeLessThan(Math.max(normalStartMs, 1_000) + 1_000);

    await first.client.appendToStream(stream, probeEvents(1, 'AfterRefusal', 1), { expectedRevision: 0n });
    expect(await readStreamEvents(first.client, stream)).toHaveLength(2);
  });

  it('releases the directory on close: a new server opens it and sees the data', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const stream = streamName();
    await first.client.appendToStream(stream, probeEvents(2), { expectedRevision: NO_STREAM });
    await disposeClient(first.client);
    await first.store.close();

    const second = await start(dataDir);
    expect((await readStreamEvents(second.client, stream)).map((e) => e.revision)).toEqual([0n, 1n]);
  });
});

describeEmbedded('standalone CLI (embedded only: spawns the server)', () => {
  let child: ChildProcess | undefined;
  const dirs: string[] = [];

  afterEach(() => killIfRunning(child, true));
  afterAll(() => dirs.forEach(removeDir));

  const viaNpm = (dataDir: string) => ({
    command: 'npm',
    args: ['run', '--silent', 'eventstore', '--', '--data-dir', dataDir, '--port', '0'],
  });
  const viaTsNode = (dataDir: string, extra: string[] = []) => ({
    command: process.execPath,
    args: [
      require.resolve('ts-node/dist/bin.js'),
      '-r',
      'tsconfig-paths/register',
      '--transpile-only',
      'libs/embedded-eventstore/src/cli.ts',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      ...extra,
    ],
  });

  /**
   * Starts the CLI in its own process group, waits for the connection string, appends and reads through a client,
   * lets `stop` signal it, and returns how the spawned process ended and whether its whole group is gone.
   */
  const serveAndStop = async (
    launch: (dataDir: string) => { command: string; args: string[] },
    stop: (child: ChildProcess) => void,
    use: (connectionString: string, stderr: () => string) => Promise<void> = useAsAdmin,
    env: NodeJS.ProcessEnv = process.env,
  ) => {
    const dataDir = makeTempDir();
    dirs.push(dataDir);
    const { command, args } = launch(dataDir);
    child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
    const running = child;
    const output = captureOutput(running);
    const line = await waitForLine(running, output, /esdb:\/\/\S+/, 30_000);
    const connectionString = /esdb:\/\/\S+/.exec(line)![0];
    await use(connectionString, output.stderr);

    stop(running);
    const exit = await waitForExit(running, 15_000);
    await waitFor(() => processGroupGone(running.pid!), 5_000, 'every process of the CLI to exit').catch(() => undefined);
    return { exit: { code: exit.code, signal: exit.signal }, groupGone: processGroupGone(running.pid!), dataDir };
  };

  /** The CLI generates the admin password and prints it, in its connection string, over TLS. */
  async function useAsAdmin(connectionString: string, stderr: () => string): Promise<void> {
    const [, password] = /^esdb:\/\/admin:([^@]+)@localhost:[1-9]\d*\?tls=true&tlsCAFile=\S+$/.exec(connectionString) ?? [];
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // stderr is a pipe of its own: what was written to it before the connection string may arrive after it.
    await waitFor(() => stderr().includes(`Generated password of admin: ${password}`), 5_000, 'the generated password on stderr');
    const client = EventStoreDBClient.connectionString(connectionString);
    try {
      const stream = streamName('conf-cli');
      await client.appendToStream(stream, probeEvents(2, 'ViaCli'), { expectedRevision: NO_STREAM });
      expect(await readStreamEvents(client, stream)).toHaveLength(2);
    } finally {
      await disposeClient(client);
    }
  }

  it('takes the passwords and the max append size from EventStoreDB\'s variables, and refuses the default password', async () => {
    const env = {
      ...process.env,
      EVENTSTORE_DEFAULT_ADMIN_PASSWORD: 'admin-secret',
      EVENTSTORE_DEFAULT_OPS_PASSWORD: 'ops-secret',
      EVENTSTORE_MAX_APPEND_SIZE: '4096',
    };
    const { exit } = await serveAndStop(viaTsNode, (c) => c.kill('SIGTERM'), async (connectionString, stderr) => {
      expect(connectionString).toMatch(/^esdb:\/\/admin:admin-secret@/);
      expect(stderr()).not.toContain('Generated password');
      const asOps = EventStoreDBClient.connectionString(connectionString.replace('admin:admin-secret@', 'ops:ops-secret@'));
      const asDefault = EventStoreDBClient.connectionString(connectionString.replace('admin:admin-secret@', 'admin:changeit@'));
      try {
        const stream = streamName('conf-cli');
        await asOps.appendToStream(stream, binaryEvent({ type: 'Small', data: Buffer.alloc(1024) }));
        const tooBig = await captureError(() => asOps.appendToStream(stream, binaryEvent({ type: 'Big', data: Buffer.alloc(8192) })));
        expect((tooBig as MaxAppendSizeExceededError).maxAppendSize).toBe(4096);
        expect(await captureError(() => asDefault.appendToStream(stream, probeEvents(1)))).toBeInstanceOf(AccessDeniedError);
      } finally {
        await disposeClient(asOps);
        await disposeClient(asDefault);
      }
    }, env);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 45_000);

  it('--max-append-size and --insecure on the command line', async () => {
    const launch = (dataDir: string) => viaTsNode(dataDir, ['--insecure', '--max-append-size', '2048']);
    const { exit } = await serveAndStop(launch, (c) => c.kill('SIGTERM'), async (connectionString) => {
      expect(connectionString).toMatch(/^esdb:\/\/127\.0\.0\.1:[1-9]\d*\?tls=false$/);
      const client = EventStoreDBClient.connectionString(connectionString);
      try {
        const error = await captureError(() => client.appendToStream(streamName(), binaryEvent({ type: 'Big', data: Buffer.alloc(4096) })));
        expect((error as MaxAppendSizeExceededError).maxAppendSize).toBe(2048);
      } finally {
        await disposeClient(client);
      }
    });
    expect(exit).toEqual({ code: 0, signal: null });
  }, 45_000);

  it('run directly with ts-node, it serves clients and exits 0 on SIGTERM', async () => {
    const { exit, groupGone } = await serveAndStop(viaTsNode, (c) => c.kill('SIGTERM'));
    expect(exit).toEqual({ code: 0, signal: null });
    expect(groupGone).toBe(true);
  }, 45_000);

  it('run directly with ts-node, it exits 0 on SIGINT', async () => {
    const { exit, groupGone } = await serveAndStop(viaTsNode, (c) => c.kill('SIGINT'));
    expect(exit).toEqual({ code: 0, signal: null });
    expect(groupGone).toBe(true);
  }, 45_000);

  it('`npm run eventstore -- --data-dir DIR --port 0` stops completely on Ctrl-C (SIGINT to the group)', async () => {
    const { exit, groupGone, dataDir } = await serveAndStop(viaNpm, (c) => process.kill(-c.pid!, 'SIGINT'));
    // How npm itself reports a Ctrl-C'd script is npm's and sh's business (npm re-raises SIGINT when `sh -c`
    // died of it); what matters is that nothing is left running and the directory was released.
    expect([JSON.stringify({ code: 0, signal: null }), JSON.stringify({ code: null, signal: 'SIGINT' })]).toContain(
      JSON.stringify(exit),
    );
    expect(groupGone).toBe(true);
    const reopened = await startEmbeddedEventStore({ dataDir, port: 0 });
    await reopened.close();
  }, 45_000);

  it('`npm run eventstore` exits 0 on SIGTERM sent to the npm process, as a supervisor would, leaving nothing behind', async () => {
    const { exit, groupGone } = await serveAndStop(viaNpm, (c) => c.kill('SIGTERM'));
    expect({ exit, groupGone }).toEqual({ exit: { code: 0, signal: null }, groupGone: true });
  }, 45_000);
});
