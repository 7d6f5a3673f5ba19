import { Metadata, ServiceError, status as GrpcStatus } from '@grpc/grpc-js';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp } from '@eventstore/db-client/generated/streams_pb';
import {
  binaryEvent,
  EventStoreDBClient,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  StreamNotFoundError,
} from '@eventstore/db-client';
import {
  appendPaths,
  captureError,
  describeEmbedded,
  probeEvents,
  rawGrpcTarget,
  readStreamEvents,
  streamName,
  target,
  useEventStore,
} from './harness';

const MiB = 1024 * 1024;

describe('limits and bad input', () => {
  const store = useEventStore();

  const expectStillServing = async (client: EventStoreDBClient = store.client) => {
    const stream = streamName();
    const result = await client.appendToStream(stream, probeEvents(2), { expectedRevision: NO_STREAM });
    expect(result.nextExpectedRevision).toBe(1n);
    expect(await readStreamEvents(client, stream)).toHaveLength(2);
  };

  const expectNothingWritten = async (stream: string) => {
    expect(await captureError(() => readStreamEvents(store.client, stream))).toBeInstanceOf(StreamNotFoundError);
  };

  describe.each(appendPaths)('maximum append size (1 MiB by default) through $path', ({ callOptions }) => {
    it('rejects one 1.1 MiB event with MaxAppendSizeExceededError and writes nothing', async () => {
      const stream = streamName();
      const big = jsonEvent({ type: 'TooBig', data: { blob: 'x'.repeat(Math.ceil(1.1 * MiB)) } });
      const error = await captureError(() =>
        store.client.appendToStream(stream, big, { ...callOptions, expectedRevision: NO_STREAM }),
      );
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect((error as MaxAppendSizeExceededError).maxAppendSize).toBe(MiB);
      await expectNothingWritten(stream);
      await expectStillServing();
    });

    it('rejects many small events that add up to more than 1 MiB, atomically', async () => {
      const stream = streamName();
      const events = Array.from({ length: 12 }, (_, i) =>
        binaryEvent({ type: 'Chunk', data: Buffer.alloc(100 * 1024, i) }),
      );
      const error = await captureError(() =>
        store.client.appendToStream(stream, events, { ...callOptions, expectedRevision: NO_STREAM }),
      );
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      await expectNothingWritten(stream);
      await expectStillServing();
    });

    it('accepts an append comfortably under the limit (0.9 MiB)', async () => {
      const stream = streamName();
      const blob = 'y'.repeat(Math.floor(0.9 * MiB));
      await store.client.appendToStream(stream, jsonEvent({ type: 'Large', data: { blob } }), {
        ...callOptions,
        expectedRevision: NO_STREAM,
      });
      const [event] = await readStreamEvents(store.client, stream);
      expect((event.data as { blob: string }).blob).toBe(blob);
    });
  });

  describe('an empty stream name', () => {
    it.each(appendPaths)('is rejected through $path with an error that says what is wrong', async ({ callOptions }) => {
      const error = await captureError(() => store.client.appendToStream('', probeEvents(1), callOptions));
      expect(error.message.length).toBeGreaterThan(0);
      // Real EventStoreDB answers with a generic handler exception here; the embedded store should name the problem.
      expect(error.message).toMatch(target === 'embedded' ? /stream/i : /\S/);
      await expectStillServing();
    });
  });

  describe('an event id that is not a UUID', () => {
    // The client does not validate ids: jsonEvent({ id }) copies the string into UUID.string unchecked, so the
    // server is the only line of defence.
    it.each(appendPaths)('is rejected through $path, writes nothing, and the client keeps working', async ({ callOptions }) => {
      const stream = streamName();
      const event = jsonEvent({ id: 'not-a-uuid', type: 'BadId', data: {} });
      const error = await captureError(() =>
        store.client.appendToStream(stream, [jsonEvent({ type: 'GoodId', data: {} }), event], {
          ...callOptions,
          expectedRevision: NO_STREAM,
        }),
      );
      expect(error.message.length).toBeGreaterThan(0);
      await expectNothingWritten(stream);
      // The same client (and its long-lived BatchAppend call) still works.
      await expectStillServing();
    });

    it('is answered on a raw classic Append with an INVALID_ARGUMENT-style status', async () => {
      const { address, credentials } = rawGrpcTarget(store.connectionString);
      const raw = new StreamsClient(address, credentials);
      const stream = streamName();
      try {
        const outcome = await new Promise<{ error: ServiceError | null; response?: AppendResp }>((resolve) => {
          const call = raw.append(new Metadata(), (error, response) => resolve({ error, response }));
          const options = new AppendReq.Options()
            .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8')))
            .setNoStream(new Empty());
          call.write(new AppendReq().setOptions(options));
          const message = new AppendReq.ProposedMessage().setId(new UUID().setString('not-a-uuid'));
          message.getMetadataMap().set('type', 'BadId').set('content-type', 'application/json');
          message.setData(Buffer.from('{}')).setCustomMetadata(new Uint8Array());
          call.write(new AppendReq().setProposedMessage(message));
          call.end();
        });

        expect(outcome.response?.hasSuccess()).not.toBe(true);
        expect(outcome.error).not.toBeNull();
        // Real EventStoreDB fails to parse the Guid inside the handler (status UNKNOWN); the embedded store is
        // expected to say precisely INVALID_ARGUMENT.
        const accepted = target === 'embedded' ? [GrpcStatus.INVALID_ARGUMENT] : [GrpcStatus.INVALID_ARGUMENT, GrpcStatus.UNKNOWN, GrpcStatus.INTERNAL];
        expect(accepted).toContain(outcome.error!.code);
        await expectNothingWritten(stream);
      } finally {
        raw.close();
      }
      await expectStillServing();
    });
  });
});

describeEmbedded('a configured maxAppendSize (embedded only: set when starting the store)', () => {
  const store = useEventStore({ maxAppendSize: 4096 });

  it('is enforced and reported back to the client', async () => {
    const stream = streamName();
    const error = await captureError(() =>
      store.client.appendToStream(stream, binaryEvent({ type: 'Over', data: Buffer.alloc(8192) }), { expectedRevision: NO_STREAM }),
    );
    expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
    expect((error as MaxAppendSizeExceededError).maxAppendSize).toBe(4096);

    const small = await store.client.appendToStream(stream, binaryEvent({ type: 'Under', data: Buffer.alloc(1024) }), {
      expectedRevision: NO_STREAM,
    });
    expect(small.nextExpectedRevision).toBe(0n);
  });
});
