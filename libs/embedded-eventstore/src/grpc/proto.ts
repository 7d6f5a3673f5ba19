// The message classes and service definitions that ship inside the official client: serving them means
// the wire format cannot drift from what the client sends and parses.
export * as streams from '@eventstore/db-client/generated/streams_pb';
export * as shared from '@eventstore/db-client/generated/shared_pb';
export * as rpcStatus from '@eventstore/db-client/generated/status_pb';
export * as features from '@eventstore/db-client/generated/serverfeatures_pb';
export { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
export { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
export { Any } from 'google-protobuf/google/protobuf/any_pb';
export { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';

import { StreamsService as GeneratedStreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';

/** The Streams service as generated, except that Read also accepts answers already encoded (events). */
export const streamsServiceDefinition = {
  ...GeneratedStreamsService,
  read: {
    ...GeneratedStreamsService.read,
    responseSerialize: (value: Buffer | { serializeBinary(): Uint8Array }): Buffer =>
      Buffer.isBuffer(value) ? value : Buffer.from(value.serializeBinary()),
  },
};
