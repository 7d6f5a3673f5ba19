import { ChildProcess } from 'node:child_process';
import { EventStoreDBClient, jsonEvent, NO_STREAM, RecordedEvent, StreamNotFoundError } from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import {
  comparePositions,
  describeEmbedded,
  disposeClient,
  expectStrictlyIncreasing,
  makeTempDir,
  probeEvents,
  readAllEvents,
  readStreamEvents,
  removeDir,
  streamName,
  useEventStore,
} from './harness';
import { captureOutput, fixture, killIfRunning, spawnTypeScript, waitForExit, waitForLine } from './process-helpers';

const WRITERS = 32;
const KILL_AFTER_ACKED_EVENTS = 3_000;

interface Ack {
  stream: string;
  batch: number;
  ids: string[];
}

describeEmbedded('durability (embedded only: kills the server process)', () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;

  afterEach(() => {
    killIfRunning(child);
    if (dataDir) removeDir(dataDir);
  });

  it('keeps every acknowledged append after SIGKILL mid-stream, all-or-nothing, and releases the lock', async () => {
    dataDir = makeTempDir();
    const prefix = streamName('conf-durable');
    const acks: Ack[] = [];
    let ackedEvents = 0;
    let killArmed = false;
    child = spawnTypeScript(fixture('durability-writer.ts'), [dataDir, prefix, String(WRITERS)]);
    const running = child;
    const killWhenDue = () => {
      if (killArmed && ackedEvents >= KILL_AFTER_ACKED_EVENTS && running.exitCode === null) running.kill('SIGKILL');
    };
    const output = captureOutput(running, (line) => {
      const match = /^ack (\S+) (\d+) (\S+)$/.exec(line);
      if (!match) return;
      acks.push({ stream: match[1], batch: Number(match[2]), ids: match[3].split(',') });
      ackedEvents += 3;
      killWhenDue();
    });
    await waitForLine(running, output, /^ready /, 30_000);

    // While the child holds the directory, a second server (another process) must refuse it at once.
    const refusal = await startEmbeddedEventStore({ dataDir, port: 0 }).then(
      async (second) => {
        await second.close();
        return null;
      },
      (error: Error) => error,
    );
    expect(running.exitCode).toBeNull(); // the refusal above happened while the writer still held the directory
    expect(refusal?.message).toMatch(/in use/i);
    killArmed = true;
    killWhenDue();

    const exit = await waitForExit(running, 30_000);
    expect(exit.signal).toBe('SIGKILL');
    expect(ackedEvents).toBeGreaterThanOrEqual(KILL_AFTER_ACKED_EVENTS);

    // The kernel dropped the dead process's lock: the directory opens again.
    const store = await startEmbeddedEventStore({ dataDir, port: 0 });
    const client = EventStoreDBClient.connectionString(store.connectionString);
    try {
      const stored = new Map<string, RecordedEvent[]>();
      for (let w = 0; w < WRITERS; w++) {
        const stream = `${prefix}-${w}`;
        stored.set(stream, await readStreamEvents(client, stream).catch((error: unknown) => {
          if (error instanceof StreamNotFoundError) return [];
          throw error;
        }));
      }

      for (const [stream, events] of stored) {
        // Only whole 3-event appends, contiguous, each batch's three parts together in order.
        expect({ stream, count: events.length % 3 }).toEqual({ stream, count: 0 });
        events.forEach((event, index) => {
          const data = event.data as { batch: number; part: number };
          expect({ stream, index, revision: event.revision, batch: data.batch, part: data.part }).toEqual({
            stream,
            index,
            revision: BigInt(index),
            batch: Math.floor(index / 3),
            part: index % 3,
          });
        });
      }

      for (const ack of acks) {
        const events = stored.get(ack.stream)!;
        const at = events.slice(ack.batch * 3, ack.batch * 3 + 3).map((e) => e.id);
        expect({ ack: `${ack.stream}#${ack.batch}`, ids: at }).toEqual({ ack: `${ack.stream}#${ack.batch}`, ids: ack.ids });
      }

      // Exactly once in $all as well.
      const counts = new Map<string, number>();
      for (const event of await readAllEvents(client)) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
      const notOnce = acks.flatMap((a) => a.ids).filter((id) => counts.get(id) !== 1);
      expect(notOnce).toEqual([]);

      // The directory is fully usable: a new append continues the first writer's stream.
      const first = `${prefix}-0`;
      const next = await client.appendToStream(first, probeEvents(3, 'AfterCrash'), {
        expectedRevision: stored.get(first)!.length === 0 ? NO_STREAM : BigInt(stored.get(first)!.length - 1),
      });
      expect(next.nextExpectedRevision).toBe(BigInt(stored.get(first)!.length + 2));
    } finally {
      await disposeClient(client);
      await store.close();
    }
  }, 90_000);
});

describeEmbedded('restart persistence (embedded only: restarts the server)', () => {
  const store = useEventStore();

  it('reads back what was written before a restart; positions keep increasing after it', async () => {
    const stream = streamName();
    const written = [...probeEvents(3, 'BeforeRestart'), jsonEvent({ type: 'Meta', data: { x: 1 }, metadata: { m: true } })];
    await store.client.appendToStream(stream, written.slice(0, 3), { expectedRevision: NO_STREAM });
    await store.client.appendToStream(stream, written[3], { expectedRevision: 2n });
    await store.client.setStreamMetadata(stream, { maxCount: 50, owner: 'restart' });
    const beforeStream = await readStreamEvents(store.client, stream);
    const beforeAll = await readAllEvents(store.client);

    await store.restart();

    const afterStream = await readStreamEvents(store.client, stream);
    expect(afterStream).toEqual(beforeStream);
    const afterAll = await readAllEvents(store.client);
    expect(afterAll.map((e) => [e.id, e.position])).toEqual(beforeAll.map((e) => [e.id, e.position]));
    expect((await store.client.getStreamMetadata(stream)).metadata).toEqual({ maxCount: 50, owner: 'restart' });

    const next = await store.client.appendToStream(stream, probeEvents(1, 'AfterRestart'), { expectedRevision: 3n });
    expect(next.nextExpectedRevision).toBe(4n);
    expect(comparePositions(next.position!, beforeAll[beforeAll.length - 1].position)).toBeGreaterThan(0);
    const all = await readAllEvents(store.client);
    expectStrictlyIncreasing(all.map((e) => e.position));
    expect(all[all.length - 1].streamId).toBe(stream);
  });

  it('treats a retry of an append acknowledged before the restart as idempotent', async () => {
    const stream = streamName();
    const batch = probeEvents(3, 'RetriedAfterRestart');
    await store.client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    const single = jsonEvent({ type: 'RetriedAny', data: {} });
    await store.client.appendToStream(stream, single, { expectedRevision: 2n });

    await store.restart();

    const retry = await store.client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    expect(retry.nextExpectedRevision).toBe(2n);
    const retrySingle = await store.client.appendToStream(stream, single, { expectedRevision: 2n });
    expect(retrySingle.nextExpectedRevision).toBe(3n);
    const events = await readStreamEvents(store.client, stream);
    expect(events.map((e) => e.id)).toEqual([...batch, single].map((e) => e.id));
    expect((await readAllEvents(store.client)).filter((e) => e.streamId === stream)).toHaveLength(4);
  });
});
