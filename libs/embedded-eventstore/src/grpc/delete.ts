import { sendUnaryData, ServerUnaryCall, status } from '@grpc/grpc-js';
import { accessFailure, BadRequestError, invalidArgument, streamDeleted, wrongExpectedVersionTrailers } from './errors';
import { Access } from '../security/access';
import { shared, streams } from './proto';
import { streamNameOf, uint64 } from './wire';
import { EventLog } from '../storage/event-log';
import { ExpectedRevision, WriteOutcome } from '../storage/types';
import { WriteQueue } from '../write-queue';

interface DeleteOptions {
  getStreamIdentifier(): shared.StreamIdentifier | undefined;
  hasRevision(): boolean;
  getRevision(): string;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

export interface DeleteContext {
  queue: WriteQueue;
  access: Access;
}

interface PositionMessage {
  setCommitPosition(value: string): unknown;
  setPreparePosition(value: string): unknown;
}

function expectedOf(options: DeleteOptions): ExpectedRevision {
  if (options.hasRevision()) return { kind: 'exact', revision: uint64(options.getRevision(), 'Expected revision') };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

/** Soft delete and tombstone share everything but the write and the message classes. */
function deletion<Req extends { getOptions(): DeleteOptions | undefined }, Resp>(
  { queue, access }: DeleteContext,
  write: (log: EventLog, stream: string, expected: ExpectedRevision) => WriteOutcome,
  respond: (position: number | null) => Resp,
) {
  return (call: ServerUnaryCall<Req, Resp>, callback: sendUnaryData<Resp>) => {
    let stream: string;
    let expected: ExpectedRevision;
    try {
      const options = call.request.getOptions();
      if (!options) throw new BadRequestError('A delete needs options.');
      stream = streamNameOf(options.getStreamIdentifier());
      expected = expectedOf(options);
    } catch (error) {
      return callback(invalidArgument((error as Error).message));
    }
    const allowed = access.check(call.metadata, stream, '$d');
    if (allowed.kind !== 'granted') return callback(accessFailure(allowed.kind));
    queue
      .submit((log) => write(log, stream, expected))
      .then((outcome) => {
        if (outcome.kind === 'stream_deleted') return callback(streamDeleted(stream));
        if (outcome.kind === 'wrong_expected_version') return callback(wrongExpectedVersionTrailers(stream, outcome.expected, outcome.current));
        callback(null, respond(outcome.position));
      })
      .catch((error: Error) => callback({ code: status.INTERNAL, details: error.message }));
  };
}

function withPosition<P extends PositionMessage>(position: P, value: number): P {
  position.setCommitPosition(String(value));
  position.setPreparePosition(String(value));
  return position;
}

export const deleteStream = (context: DeleteContext) =>
  deletion<streams.DeleteReq, streams.DeleteResp>(
    context,
    (log, stream, expected) => log.softDelete(stream, expected),
    (position) => {
      const response = new streams.DeleteResp();
      if (position === null) response.setNoPosition(new shared.Empty());
      else response.setPosition(withPosition(new streams.DeleteResp.Position(), position));
      return response;
    },
  );

export const tombstoneStream = (context: DeleteContext) =>
  deletion<streams.TombstoneReq, streams.TombstoneResp>(
    context,
    (log, stream, expected) => log.tombstone(stream, expected),
    (position) => {
      const response = new streams.TombstoneResp();
      if (position === null) response.setNoPosition(new shared.Empty());
      else response.setPosition(withPosition(new streams.TombstoneResp.Position(), position));
      return response;
    },
  );
