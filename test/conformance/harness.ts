import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallCredentials as grpcCallCredentials, ChannelCredentials, credentials as grpcCredentials, Metadata } from '@grpc/grpc-js';
import {
  AllStreamRecordedEvent,
  EventStoreDBClient,
  jsonEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';

/**
 * The conformance suite runs against the embedded store by default. Set EVENTSTORE_CONNECTION_STRING
 * (e.g. `esdb://localhost:2113?tls=false`) to run the same cases against a real EventStoreDB.
 */
export type Target = 'embedded' | 'external';

const externalConnectionString = process.env.EVENTSTORE_CONNECTION_STRING;
export const target: Target = externalConnectionString ? 'external' : 'embedded';

/** For cases that restart, kill or inspect the server process: they cannot run against an external server. */
export const describeEmbedded: jest.Describe = target === 'embedded' ? describe : describe.skip;
export const itEmbedded: jest.It = target === 'embedded' ? it : it.skip;

/** Per-call credentials make the client use the classic Append RPC instead of BatchAppend. */
export const adminCredentials = { username: 'admin', password: 'changeit' };

export const appendPaths = [
  { path: 'BatchAppend', callOptions: {} },
  { path: 'classic Append', callOptions: { credentials: adminCredentials } },
] as const;

export interface StoreHandle {
  readonly client: EventStoreDBClient;
  readonly target: Target;
  readonly connectionString: string;
  /** Embedded only. */
  readonly dataDir: string;
  /** Embedded only. */
  readonly server: EmbeddedEventStore;
  /** Embedded only: closes client and server, starts the server again on the same directory, new client. */
  restart(): Promise<void>;
}

export interface UseEventStoreOptions {
  maxAppendSize?: number;
}

export function makeTempDir(label = 'esdb-conformance'): string {
  return mkdtempSync(join(tmpdir(), `${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** `dispose()` cancels the client's calls but leaves its channel open; close it so nothing lingers. */
export async function disposeClient(client: EventStoreDBClient): Promise<void> {
  await client.dispose();
  const withChannel = client as unknown as { getChannel?: () => Promise<{ close(): void }> };
  try {
    (await withChannel.getChannel?.())?.close();
  } catch {
    // a channel that never connected has nothing to close
  }
}

/**
 * Registers beforeAll/afterAll for one test file: one embedded server on a fresh temp dir (or the external
 * server) and one client. Read the fields inside tests/hooks only.
 */
export function useEventStore(options: UseEventStoreOptions = {}): StoreHandle {
  let client: EventStoreDBClient | undefined;
  let server: EmbeddedEventStore | undefined;
  let dataDir: string | undefined;
  let connectionString: string | undefined;

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not available (target ${target}, or before beforeAll)`);
    return value;
  };

  const startEmbedded = async (): Promise<void> => {
    server = await startEmbeddedEventStore({ dataDir: required(dataDir, 'dataDir'), port: 0, maxAppendSize: options.maxAppendSize });
    connectionString = server.connectionString;
    client = EventStoreDBClient.connectionString(connectionString);
  };

  beforeAll(async () => {
    if (externalConnectionString) {
      connectionString = externalConnectionString;
      client = EventStoreDBClient.connectionString(externalConnectionString);
      return;
    }
    dataDir = makeTempDir();
    await startEmbedded();
  });

  afterAll(async () => {
    if (client) await disposeClient(client);
    if (server) await server.close();
    if (dataDir) removeDir(dataDir);
    client = undefined;
    server = undefined;
  });

  return {
    get client() {
      return required(client, 'client');
    },
    target,
    get connectionString() {
      return required(connectionString, 'connectionString');
    },
    get dataDir() {
      return required(dataDir, 'dataDir');
    },
    get server() {
      return required(server, 'server');
    },
    async restart() {
      if (target !== 'embedded') throw new Error('restart() needs the embedded store');
      await disposeClient(required(client, 'client'));
      await required(server, 'server').close();
      client = undefined;
      server = undefined;
      await startEmbedded();
    },
  };
}

export function streamName(prefix = 'conf'): string {
  return `${prefix}-${randomUUID()}`;
}

export function probeEvents(count: number, type = 'ConformanceProbe', from = 0) {
  return Array.from({ length: count }, (_, i) => jsonEvent({ type, data: { n: from + i } }));
}

export async function readStreamEvents(
  client: EventStoreDBClient,
  stream: string,
  options?: ReadStreamOptions,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const resolved of client.readStream(stream, options)) {
    if (resolved.event) events.push(resolved.event);
  }
  return events;
}

export async function readAllEvents(client: EventStoreDBClient, options?: ReadAllOptions): Promise<AllStreamRecordedEvent[]> {
  const events: AllStreamRecordedEvent[] = [];
  for await (const resolved of client.readAll(options)) {
    if (resolved.event) events.push(resolved.event);
  }
  return events;
}

/** Runs `action` and returns what it threw; fails the test when it did not throw. */
export async function captureError(action: () => Promise<unknown>): Promise<Error> {
  try {
    await action();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`expected an Error, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

/** Orders log positions: commit first, then prepare. Events of one multi-event write may share a commit. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function expectStrictlyIncreasing(positions: Position[]): void {
  for (let i = 1; i < positions.length; i++) {
    if (comparePositions(positions[i - 1], positions[i]) >= 0) {
      throw new Error(
        `positions not strictly increasing at index ${i}: ${fmt(positions[i - 1])} then ${fmt(positions[i])}`,
      );
    }
  }
}

const fmt = (p: Position) => `${p.commit}/${p.prepare}`;

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Host:port and channel credentials for raw @grpc/grpc-js calls, taken from a single-host connection string:
 * TLS trusting its `tlsCAFile` unless `tls=false`, and its user's credentials on every call.
 */
export function rawGrpcTarget(connectionString: string): { address: string; credentials: ChannelCredentials } {
  const match = /^esdb:\/\/(?:([^:@/]+):([^@/]+)@)?([^/?,]+)\/?(\?.*)?$/.exec(connectionString);
  if (!match) throw new Error(`cannot derive a gRPC address from ${connectionString}`);
  const [, username, password, address, query] = match;
  const params = new URLSearchParams((query ?? '').slice(1));
  if (params.get('tls') === 'false') return { address, credentials: grpcCredentials.createInsecure() };
  const caFile = params.get('tlsCAFile');
  const channel = grpcCredentials.createSsl(caFile ? readFileSync(caFile) : null);
  if (!username) return { address, credentials: channel };
  const basic = Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64');
  const perCall = grpcCallCredentials.createFromMetadataGenerator((_params, callback) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Basic ${basic}`);
    callback(null, metadata);
  });
  return { address, credentials: grpcCredentials.combineChannelCredentials(channel, perCall) };
}
