import { statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AccessDeniedError,
  EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  StreamNotFoundError,
} from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import {
  captureError,
  describeEmbedded,
  disposeClient,
  makeTempDir,
  probeEvents,
  readAllEvents,
  readStreamEvents,
  removeDir,
  streamName,
  useEventStore,
} from './harness';

/** The same server as `connectionString`, as another user (or anonymous with null). */
export function connectionAs(connectionString: string, user: { username: string; password: string } | null): string {
  const bare = connectionString.replace(/^esdb:\/\/[^@/]*@/, 'esdb://');
  if (!user) return bare;
  return bare.replace(/^esdb:\/\//, `esdb://${encodeURIComponent(user.username)}:${encodeURIComponent(user.password)}@`);
}

const insecureTarget = /[?&]tls=false\b/i.test(process.env.EVENTSTORE_CONNECTION_STRING ?? '');
/** Credentials travel only over TLS (the client drops them on an insecure channel): skip against an insecure server. */
const describeSecure: jest.Describe = insecureTarget ? describe.skip : describe;

const admin = { username: 'admin', password: 'changeit' };
const ops = { username: 'ops', password: 'changeit' };
const stranger = { username: 'AzureDiamond', password: 'hunter2' };

describeSecure('credentials and stream ACLs (EventStoreDB defaults: admin/changeit, ops/changeit)', () => {
  const store = useEventStore();
  const clients: EventStoreDBClient[] = [];
  const clientAs = (user: { username: string; password: string } | null) => {
    const client = EventStoreDBClient.connectionString(connectionAs(store.connectionString, user));
    clients.push(client);
    return client;
  };
  afterAll(async () => {
    for (const client of clients) await disposeClient(client);
  });

  const expectDenied = async (action: () => Promise<unknown>) => expect(await captureError(action)).toBeInstanceOf(AccessDeniedError);

  describe('authentication', () => {
    it('wrong credentials in the connection string are refused for reads, $all and appends', async () => {
      const client = clientAs(stranger);
      const stream = streamName();
      await expectDenied(() => client.appendToStream(stream, probeEvents(1)));
      await expectDenied(() => readStreamEvents(client, stream));
      await expectDenied(() => readAllEvents(client, { maxCount: 10 }));
      expect(await captureError(() => readStreamEvents(store.client, stream))).toBeInstanceOf(StreamNotFoundError);
    });

    it('per-call credentials override the default ones, both ways', async () => {
      await expectDenied(() => readAllEvents(clientAs(admin), { maxCount: 10, credentials: stranger }));
      expect(await readAllEvents(clientAs(stranger), { maxCount: 10, credentials: admin })).toBeDefined();
      const stream = streamName();
      await expectDenied(() => clientAs(admin).appendToStream(stream, probeEvents(1), { credentials: stranger }));
      await clientAs(stranger).appendToStream(stream, probeEvents(1), { credentials: admin });
    });

    it('a call without credentials is refused', async () => {
      const anonymous = clientAs(null);
      await expectDenied(() => anonymous.appendToStream(streamName(), probeEvents(1)));
      await expectDenied(() => readAllEvents(anonymous, { maxCount: 1 }));
    });
  });

  describe('stream ACLs ($acl in stream metadata)', () => {
    it.each([
      ['BatchAppend (default credentials)', (stream: string) => clientAs(ops).appendToStream(stream, probeEvents(1))],
      ['classic Append (per-call credentials)', (stream: string) => store.client.appendToStream(stream, probeEvents(1), { credentials: ops })],
    ])('a write the ACL does not allow fails with AccessDeniedError through %s', async (_path, write) => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(1), { expectedRevision: NO_STREAM });
      await store.client.setStreamMetadata(stream, { acl: { writeRoles: ['some_user'] } });
      await expectDenied(() => write(stream));
      // Others' rights are untouched: ops still reads, and $admins may do anything.
      expect(await readStreamEvents(clientAs(ops), stream)).toHaveLength(1);
      await clientAs(admin).appendToStream(stream, probeEvents(1), { expectedRevision: 0n });
    });

    it('read, delete and metadata rights are each checked, by user name or group', async () => {
      const stream = streamName();
      await store.client.appendToStream(stream, probeEvents(2), { expectedRevision: NO_STREAM });
      await store.client.setStreamMetadata(stream, {
        acl: { readRoles: ['$admins'], deleteRoles: ['nobody'], metaReadRoles: ['$admins'], writeRoles: ['ops'] },
      });
      const asOps = clientAs(ops);
      await expectDenied(() => readStreamEvents(asOps, stream));
      await expectDenied(() => asOps.getStreamMetadata(stream));
      await expectDenied(() => asOps.deleteStream(stream));
      await expectDenied(() => asOps.tombstoneStream(stream));
      await asOps.appendToStream(stream, jsonEvent({ type: 'ByOps', data: {} }), { expectedRevision: 1n });
      // Default metaWriteRoles on a user stream: everyone. Ops opens reads to itself.
      await asOps.setStreamMetadata(stream, { acl: { readRoles: ['ops'] } });
      expect(await readStreamEvents(asOps, stream)).toHaveLength(3);
    });

    it('system streams ($-prefixed) are for $admins by default', async () => {
      const stream = `$conformance-${streamName()}`;
      await expectDenied(() => clientAs(ops).appendToStream(stream, probeEvents(1)));
      await clientAs(admin).appendToStream(stream, probeEvents(1));
      await expectDenied(() => readStreamEvents(clientAs(ops), stream));
    });
  });
});

describeEmbedded('how the embedded store is secured (embedded only: starts servers)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));
  const dataDir = () => {
    const dir = makeTempDir();
    dirs.push(dir);
    return dir;
  };

  it('speaks TLS with its own CA and puts the admin password it was given in its connection string', async () => {
    const server = await startEmbeddedEventStore({ dataDir: dataDir(), port: 0, adminPassword: 'p:@ss w/ord' });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const wrong = EventStoreDBClient.connectionString(connectionAs(server.connectionString, admin));
    try {
      expect(server.connectionString).toMatch(/^esdb:\/\/admin:[^@]+@localhost:\d+\?tls=true&tlsCAFile=\S+ca\.crt$/);
      await client.appendToStream(streamName(), probeEvents(1), { expectedRevision: NO_STREAM });
      expect(await captureError(() => readAllEvents(wrong, { maxCount: 1 }))).toBeInstanceOf(AccessDeniedError);
    } finally {
      await disposeClient(client);
      await disposeClient(wrong);
      await server.close();
    }
  });

  it('keeps its certificate across restarts, so a client made before a restart still connects', async () => {
    const dir = dataDir();
    const first = await startEmbeddedEventStore({ dataDir: dir, port: 0 });
    const port = first.port;
    const client = EventStoreDBClient.connectionString(first.connectionString);
    try {
      await client.appendToStream('kept', probeEvents(1), { expectedRevision: NO_STREAM });
      await first.close();
      const second = await startEmbeddedEventStore({ dataDir: dir, port });
      try {
        expect(await readStreamEvents(client, 'kept')).toHaveLength(1);
      } finally {
        await disposeClient(client);
        await second.close();
      }
    } finally {
      await first.close();
    }
  });

  it('insecure, like EventStoreDB --insecure, needs no credentials and allows everything', async () => {
    const server = await startEmbeddedEventStore({ dataDir: dataDir(), port: 0, insecure: true });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      expect(server.connectionString).toMatch(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);
      await client.appendToStream(`$system-${streamName()}`, probeEvents(1));
      expect(await readAllEvents(client, { maxCount: 1 })).toHaveLength(1);
    } finally {
      await disposeClient(client);
      await server.close();
    }
  });

  it('with allowAnonymous, a call without credentials may use a user stream but not $all', async () => {
    const server = await startEmbeddedEventStore({ dataDir: dataDir(), port: 0, allowAnonymous: true });
    const anonymous = EventStoreDBClient.connectionString(connectionAs(server.connectionString, null));
    try {
      const stream = streamName();
      await anonymous.appendToStream(stream, probeEvents(1), { expectedRevision: NO_STREAM });
      expect(await readStreamEvents(anonymous, stream)).toHaveLength(1);
      expect(await captureError(() => readAllEvents(anonymous, { maxCount: 1 }))).toBeInstanceOf(AccessDeniedError);
    } finally {
      await disposeClient(anonymous);
      await server.close();
    }
  });
});

describeEmbedded('passwords kept with the data (embedded only: restarts servers)', () => {
  const dir = makeTempDir();
  afterAll(() => removeDir(dir));

  it('a store started again without passwords keeps those it was last given; with none ever given, changeit', async () => {
    const fresh = makeTempDir();
    const defaults = await startEmbeddedEventStore({ dataDir: fresh, port: 0 });
    await defaults.close();
    removeDir(fresh);
    expect(defaults.connectionString).toMatch(/^esdb:\/\/admin:changeit@/);

    const first = await startEmbeddedEventStore({ dataDir: dir, port: 0, adminPassword: 'first-secret', opsPassword: 'ops-secret' });
    await first.close();
    const again = await startEmbeddedEventStore({ dataDir: dir, port: 0 });
    const asOps = EventStoreDBClient.connectionString(connectionAs(again.connectionString, { username: 'ops', password: 'ops-secret' }));
    const asDefault = EventStoreDBClient.connectionString(connectionAs(again.connectionString, admin));
    try {
      expect(again.connectionString).toMatch(/^esdb:\/\/admin:first-secret@/);
      await asOps.appendToStream(streamName(), probeEvents(1));
      expect(await captureError(() => asDefault.appendToStream(streamName(), probeEvents(1)))).toBeInstanceOf(AccessDeniedError);
    } finally {
      await disposeClient(asOps);
      await disposeClient(asDefault);
      await again.close();
    }
    expect(statSync(join(dir, 'tls', 'passwords.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'tls', 'node.key')).mode & 0o777).toBe(0o600);
  });
});
