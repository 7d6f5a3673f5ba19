import { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { features, shared } from './proto';

const STREAMS = 'event_store.client.streams.Streams';
const SUPPORTED: Array<[service: string, method: string]> = [
  [STREAMS, 'Read'],
  [STREAMS, 'Append'],
  [STREAMS, 'BatchAppend'],
  [STREAMS, 'Delete'],
  [STREAMS, 'Tombstone'],
  ['event_store.client.server_features.ServerFeatures', 'GetSupportedMethods'],
];

/** The version string says what answered; the client only reads the method list. */
export const EMBEDDED_SERVER_VERSION = '24.10.0-deal-room-embedded';

export function getSupportedMethods(_call: ServerUnaryCall<shared.Empty, features.SupportedMethods>, callback: sendUnaryData<features.SupportedMethods>) {
  const methods = new features.SupportedMethods();
  methods.setEventStoreServerVersion(EMBEDDED_SERVER_VERSION);
  for (const [service, method] of SUPPORTED) {
    const supported = new features.SupportedMethod();
    supported.setServiceName(service);
    supported.setMethodName(method);
    methods.addMethods(supported);
  }
  callback(null, methods);
}
