import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { ServerFeaturesClient } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { EventStoreDBClient, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { adminCredentials, disposeClient, rawGrpcTarget, readStreamEvents, streamName, useEventStore } from './harness';

describe('ServerFeatures', () => {
  const store = useEventStore();

  const supportedMethods = async (): Promise<SupportedMethods> => {
    const { address, credentials } = rawGrpcTarget(store.connectionString);
    const raw = new ServerFeaturesClient(address, credentials);
    try {
      return await new Promise<SupportedMethods>((resolve, reject) =>
        raw.getSupportedMethods(new Empty(), (error, response) => (error ? reject(error) : resolve(response))),
      );
    } finally {
      raw.close();
    }
  };

  it('advertises batchappend and the other stream methods on event_store.client.streams.streams', async () => {
    const methods = (await supportedMethods()).getMethodsList();
    // The client lowercases `/<service>/<method>` before looking it up, so compare the same way.
    const streamsMethods = methods
      .filter((m) => m.getServiceName().toLowerCase() === 'event_store.client.streams.streams')
      .map((m) => m.getMethodName().toLowerCase());

    expect(streamsMethods).toEqual(expect.arrayContaining(['batchappend', 'append', 'read', 'delete', 'tombstone']));
  });

  it('makes the client take the BatchAppend fast path, and classic Append when credentials are passed per call', async () => {
    // A fresh client, so that its long-lived BatchAppend call is opened inside this test.
    const client = EventStoreDBClient.connectionString(store.connectionString);
    const batchAppend = jest.spyOn(StreamsClient.prototype, 'batchAppend');
    const append = jest.spyOn(StreamsClient.prototype, 'append');
    try {
      const stream = streamName();
      const first = await client.appendToStream(stream, jsonEvent({ type: 'FastPath', data: { n: 0 } }), {
        expectedRevision: NO_STREAM,
      });
      expect(first.nextExpectedRevision).toBe(0n);
      expect(batchAppend).toHaveBeenCalledTimes(1);
      expect(append).not.toHaveBeenCalled();

      const second = await client.appendToStream(stream, jsonEvent({ type: 'SlowPath', data: { n: 1 } }), {
        expectedRevision: 0n,
        credentials: adminCredentials,
      });
      expect(second.nextExpectedRevision).toBe(1n);
      expect(append).toHaveBeenCalledTimes(1);

      expect((await readStreamEvents(client, stream)).map((e) => e.type)).toEqual(['FastPath', 'SlowPath']);
    } finally {
      batchAppend.mockRestore();
      append.mockRestore();
      await disposeClient(client);
    }
  });
});
