import { Metadata, status, StatusObject } from '@grpc/grpc-js';
import { Any, ProtobufEmpty, rpcStatus, shared } from './proto';
import { CurrentRevision, ExpectedRevision } from '../storage/types';

/**
 * The real server reports failures of unary and streaming calls as a gRPC status plus trailers; the client
 * switches on the `exception` trailer. These builders give each failure exactly those trailers.
 */
export type CallError = Partial<StatusObject> & { code: status; details: string };

function withTrailers(code: status, details: string, trailers: Record<string, string>): CallError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return { code, details, metadata };
}

export const streamDeleted = (stream: string): CallError =>
  withTrailers(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': stream,
  });

export const maximumAppendSizeExceeded = (limit: number): CallError =>
  withTrailers(status.INVALID_ARGUMENT, `Maximum Append Size of ${limit} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(limit),
  });

export const wrongExpectedVersionTrailers = (stream: string, expected: ExpectedRevision, current: CurrentRevision): CallError =>
  withTrailers(
    status.FAILED_PRECONDITION,
    `Append failed due to WrongExpectedVersion. Stream: ${stream}, Expected version: ${describeExpected(expected)}, Actual version: ${current === 'no_stream' ? -1 : current}`,
    {
      exception: 'wrong-expected-version',
      'stream-name': stream,
      'expected-version': String(legacyExpected(expected)),
      // The real server sends -1 for a stream with no events; without the trailer the client would say no_stream.
      'actual-version': String(current === 'no_stream' ? -1 : current),
    },
  );

export const accessDenied = (): CallError =>
  withTrailers(status.PERMISSION_DENIED, 'Access denied.', { exception: 'access-denied' });

export const unauthenticated = (): CallError => ({ code: status.UNAUTHENTICATED, details: 'Bad username or password.' });

/** The answer to a failed access check, as a call error. */
export const accessFailure = (kind: 'unauthenticated' | 'denied'): CallError => (kind === 'unauthenticated' ? unauthenticated() : accessDenied());

export const invalidArgument = (details: string): CallError => ({ code: status.INVALID_ARGUMENT, details });

export class BadRequestError extends Error {}

function legacyExpected(expected: ExpectedRevision): number {
  switch (expected.kind) {
    case 'any':
      return -2;
    case 'no_stream':
      return -1;
    case 'stream_exists':
      return -4;
    case 'exact':
      return expected.revision;
  }
}

function describeExpected(expected: ExpectedRevision): string {
  return expected.kind === 'exact' ? String(expected.revision) : expected.kind;
}

/** BatchAppend answers carry a google.rpc.Status whose details the client unpacks by type name. */
export function batchStatus(code: status, message: string, details: { serializeBinary(): Uint8Array }, typeName: string): rpcStatus.Status {
  const any = new Any();
  any.pack(details.serializeBinary(), typeName);
  const result = new rpcStatus.Status();
  result.setCode(code as number);
  result.setMessage(message);
  result.setDetails(any);
  return result;
}

export function batchWrongExpectedVersion(expected: ExpectedRevision, current: CurrentRevision): rpcStatus.Status {
  const details = new shared.WrongExpectedVersion();
  if (current === 'no_stream') details.setCurrentNoStream(new ProtobufEmpty());
  else details.setCurrentStreamRevision(String(current));
  switch (expected.kind) {
    case 'any':
      details.setExpectedAny(new ProtobufEmpty());
      break;
    case 'no_stream':
      details.setExpectedNoStream(new ProtobufEmpty());
      break;
    case 'stream_exists':
      details.setExpectedStreamExists(new ProtobufEmpty());
      break;
    case 'exact':
      details.setExpectedStreamPosition(String(expected.revision));
      break;
  }
  return batchStatus(status.FAILED_PRECONDITION, 'Wrong expected version', details, 'event_store.client.WrongExpectedVersion');
}

export function batchStreamDeleted(stream: string): rpcStatus.Status {
  const details = new shared.StreamDeleted();
  const identifier = new shared.StreamIdentifier();
  identifier.setStreamName(Buffer.from(stream, 'utf8'));
  details.setStreamIdentifier(identifier);
  return batchStatus(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, details, 'event_store.client.StreamDeleted');
}

export function batchMaximumAppendSizeExceeded(limit: number): rpcStatus.Status {
  const details = new shared.MaximumAppendSizeExceeded();
  details.setMaxappendsize(limit);
  return batchStatus(status.INVALID_ARGUMENT, `Maximum Append Size of ${limit} Exceeded.`, details, 'event_store.client.MaximumAppendSizeExceeded');
}

export function batchAccessDenied(): rpcStatus.Status {
  return batchStatus(status.PERMISSION_DENIED, 'Access denied.', new shared.AccessDenied(), 'event_store.client.AccessDenied');
}

export function batchTimeout(): rpcStatus.Status {
  return batchStatus(status.DEADLINE_EXCEEDED, 'Deadline Exceeded', new shared.Timeout(), 'event_store.client.Timeout');
}

export function batchBadRequest(message: string): rpcStatus.Status {
  const details = new shared.BadRequest();
  details.setMessage(message);
  return batchStatus(status.INVALID_ARGUMENT, message, details, 'event_store.client.BadRequest');
}
