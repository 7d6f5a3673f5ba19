import { sendUnaryData, ServerDuplexStream, ServerReadableStream, status } from '@grpc/grpc-js';
import {
  accessFailure,
  BadRequestError,
  batchAccessDenied,
  batchBadRequest,
  batchMaximumAppendSizeExceeded,
  batchStreamDeleted,
  batchTimeout,
  batchWrongExpectedVersion,
  invalidArgument,
  maximumAppendSizeExceeded,
  streamDeleted,
} from './errors';
import { ProtobufEmpty, shared, streams } from './proto';
import { proposedEventOf, sizeOf, streamIdentifier, streamNameOf, stringUuid, uint64, uuidOf } from './wire';
import { ExpectedRevision, ProposedEvent, WriteOutcome } from '../storage/types';
import { StoreClosedError, WriteQueue } from '../write-queue';
import { OpenCalls } from './open-calls';
import { Access } from '../security/access';

export interface AppendContext {
  queue: WriteQueue;
  maxAppendSize: number;
  calls: OpenCalls;
  access: Access;
}

/** Thrown inside a queued write whose deadline passed while it waited: nothing is written. */
class DeadlinePassedError extends Error {}

/** Writes the append unless its deadline has passed by the time its turn comes. */
function submitAppend(context: AppendContext, pending: PendingAppend, deadline: number): Promise<WriteOutcome> {
  if (Date.now() > deadline) return Promise.reject(new DeadlinePassedError());
  return context.queue.submit((log) => {
    if (Date.now() > deadline) throw new DeadlinePassedError();
    return log.append(pending.stream, pending.expected, pending.events);
  });
}

function deadlineOfCall(call: { getDeadline(): Date | number }): number {
  const deadline = call.getDeadline();
  const millis = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(millis) ? millis : Infinity;
}

function deadlineOfBatch(options: streams.BatchAppendReq.Options): number {
  const timestamp = options.getDeadline();
  if (!timestamp) return Infinity;
  return timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1e6);
}

/** Collects one append's events, refusing it as soon as it grows past the size limit. */
class PendingAppend {
  readonly events: ProposedEvent[] = [];
  private size = 0;
  oversized = false;

  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    private readonly limit: number,
    readonly deadline = Infinity,
  ) {}

  add(event: ProposedEvent): void {
    this.size += sizeOf(event);
    if (this.size > this.limit) this.oversized = true;
    else this.events.push(event);
  }
}

function expectedOfAppend(options: streams.AppendReq.Options): ExpectedRevision {
  const Case = streams.AppendReq.Options.ExpectedStreamRevisionCase;
  switch (options.getExpectedStreamRevisionCase()) {
    case Case.REVISION:
      return { kind: 'exact', revision: uint64(options.getRevision(), 'Expected revision') };
    case Case.NO_STREAM:
      return { kind: 'no_stream' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    default:
      return { kind: 'any' };
  }
}

function expectedOfBatch(options: streams.BatchAppendReq.Options): ExpectedRevision {
  const Case = streams.BatchAppendReq.Options.ExpectedStreamPositionCase;
  switch (options.getExpectedStreamPositionCase()) {
    case Case.STREAM_POSITION:
      return { kind: 'exact', revision: uint64(options.getStreamPosition(), 'Expected revision') };
    case Case.NO_STREAM:
      return { kind: 'no_stream' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    default:
      return { kind: 'any' };
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Classic Append: options first, then one message per event, answered once the client half-closes. A call
 * the client cancelled, or whose deadline passed before its turn to write, writes nothing; a stop answers
 * a call still in progress with UNAVAILABLE.
 */
export function append(context: AppendContext) {
  return (call: ServerReadableStream<streams.AppendReq, streams.AppendResp>, callback: sendUnaryData<streams.AppendResp>) => {
    let pending: PendingAppend | null = null;
    let failure: string | null = null;
    let answered = false;
    let cancelled = false;
    const answer: typeof callback = (error, response) => {
      if (answered) return;
      answered = true;
      forget();
      callback(error, response);
    };
    const forget = context.calls.track(() => answer({ code: status.UNAVAILABLE, details: 'The server is shutting down.' }));
    call.on('data', (request: streams.AppendReq) => {
      if (failure) return;
      try {
        const options = request.getOptions();
        if (options) {
          pending = new PendingAppend(streamNameOf(options.getStreamIdentifier()), expectedOfAppend(options), context.maxAppendSize);
        } else if (pending) {
          const message = request.getProposedMessage();
          if (message) pending.add(proposedEventOf(message));
        } else {
          failure = 'The first append message must carry the options.';
        }
      } catch (error) {
        failure = describe(error);
      }
    });
    call.on('error', () => undefined);
    call.on('cancelled', () => {
      cancelled = true;
      forget();
    });
    call.on('end', () => {
      if (cancelled || answered) return;
      if (failure || !pending) return answer(invalidArgument(failure ?? 'The append carried no options.'));
      if (pending.oversized) return answer(maximumAppendSizeExceeded(context.maxAppendSize));
      const { stream } = pending;
      const allowed = context.access.check(call.metadata, stream, '$w');
      if (allowed.kind !== 'granted') return answer(accessFailure(allowed.kind));
      submitAppend(context, pending, deadlineOfCall(call))
        .then((outcome) => {
          if (outcome.kind === 'stream_deleted') return answer(streamDeleted(stream));
          answer(null, appendResponseOf(outcome));
        })
        .catch((error) => {
          if (error instanceof DeadlinePassedError) return answer({ code: status.DEADLINE_EXCEEDED, details: 'Deadline Exceeded' });
          if (error instanceof StoreClosedError) return answer({ code: status.UNAVAILABLE, details: error.message });
          answer({ code: status.INTERNAL, details: describe(error) });
        });
    });
  };
}

function appendResponseOf(outcome: Exclude<WriteOutcome, { kind: 'stream_deleted' }>): streams.AppendResp {
  const response = new streams.AppendResp();
  if (outcome.kind === 'wrong_expected_version') {
    const wrong = new streams.AppendResp.WrongExpectedVersion();
    if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new shared.Empty());
    else wrong.setCurrentRevision(String(outcome.current));
    const expected = outcome.expected;
    if (expected.kind === 'exact') wrong.setExpectedRevision(String(expected.revision));
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new shared.Empty());
    else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new shared.Empty());
    else wrong.setExpectedAny(new shared.Empty());
    response.setWrongExpectedVersion(wrong);
    return response;
  }
  const success = new streams.AppendResp.Success();
  if (outcome.currentRevision === 'no_stream') success.setNoStream(new shared.Empty());
  else success.setCurrentRevision(String(outcome.currentRevision));
  if (outcome.position === null) success.setNoPosition(new shared.Empty());
  else {
    const position = new streams.AppendResp.Position();
    position.setCommitPosition(String(outcome.position));
    position.setPreparePosition(String(outcome.position));
    success.setPosition(position);
  }
  response.setSuccess(success);
  return response;
}

/**
 * BatchAppend: one long-lived call per client carries many appends, each chunked and keyed by a
 * correlation id, each answered on its own as soon as its transaction is durable.
 */
export function batchAppend(context: AppendContext) {
  return (call: ServerDuplexStream<streams.BatchAppendReq, streams.BatchAppendResp>) => {
    const inFlight = new Map<string, PendingAppend>();
    const failed = new Map<string, string>();
    let open = true;
    const reply = (response: streams.BatchAppendResp) => {
      if (open && !call.destroyed) call.write(response);
    };
    const cancel = () => {
      if (!open) return;
      open = false;
      forget();
      call.emit('error', { code: status.CANCELLED, details: 'The server is shutting down.' });
    };
    const forget = context.calls.track(cancel);
    call.on('data', (request: streams.BatchAppendReq) => {
      let correlationId: string;
      try {
        correlationId = uuidOf(request.getCorrelationId());
      } catch {
        return; // Without a correlation id there is nobody to answer; the real server drops it too.
      }
      const base = new streams.BatchAppendResp();
      base.setCorrelationId(stringUuid(correlationId));
      try {
        const options = request.getOptions();
        if (options) {
          const stream = streamNameOf(options.getStreamIdentifier());
          inFlight.set(correlationId, new PendingAppend(stream, expectedOfBatch(options), context.maxAppendSize, deadlineOfBatch(options)));
        }
        const pending = inFlight.get(correlationId);
        if (!pending && !failed.has(correlationId)) throw new BadRequestError('The first chunk of a batch append must carry the options.');
        if (pending && !failed.has(correlationId)) {
          base.setStreamIdentifier(streamIdentifier(pending.stream));
          for (const message of request.getProposedMessagesList()) pending.add(proposedEventOf(message));
        }
      } catch (error) {
        inFlight.delete(correlationId);
        failed.set(correlationId, describe(error));
      }
      if (!request.getIsFinal()) return;

      const failure = failed.get(correlationId);
      const pending = inFlight.get(correlationId);
      failed.delete(correlationId);
      inFlight.delete(correlationId);
      if (!base.hasStreamIdentifier()) base.setStreamIdentifier(streamIdentifier(pending?.stream ?? ''));
      if (failure !== undefined || !pending) {
        base.setError(batchBadRequest(failure ?? 'Unknown batch append.'));
        return reply(base);
      }
      if (pending.oversized) {
        base.setError(batchMaximumAppendSizeExceeded(context.maxAppendSize));
        return reply(base);
      }
      const allowed = context.access.check(call.metadata, pending.stream, '$w');
      if (allowed.kind === 'unauthenticated') {
        // The call's credentials are wrong for every append it carries: end it as the real server does.
        open = false;
        forget();
        return call.emit('error', accessFailure('unauthenticated'));
      }
      if (allowed.kind === 'denied') {
        base.setError(batchAccessDenied());
        return reply(base);
      }
      submitAppend(context, pending, pending.deadline)
        .then((outcome) => reply(batchResponseOf(base, pending, outcome)))
        .catch((error) => {
          if (error instanceof StoreClosedError) return cancel();
          base.setError(error instanceof DeadlinePassedError ? batchTimeout() : batchBadRequest(`The append could not be written: ${describe(error)}`));
          reply(base);
        });
    });
    call.on('error', () => undefined);
    call.on('cancelled', () => {
      open = false;
      forget();
    });
    call.on('end', () => {
      open = false;
      forget();
      call.end();
    });
  };
}

function batchResponseOf(response: streams.BatchAppendResp, pending: PendingAppend, outcome: WriteOutcome): streams.BatchAppendResp {
  if (outcome.kind === 'stream_deleted') {
    response.setError(batchStreamDeleted(pending.stream));
    return response;
  }
  if (outcome.kind === 'wrong_expected_version') {
    response.setError(batchWrongExpectedVersion(outcome.expected, outcome.current));
    return response;
  }
  const success = new streams.BatchAppendResp.Success();
  if (outcome.currentRevision === 'no_stream') success.setNoStream(new ProtobufEmpty());
  else success.setCurrentRevision(String(outcome.currentRevision));
  if (outcome.position === null) success.setNoPosition(new ProtobufEmpty());
  else {
    const position = new shared.AllStreamPosition();
    position.setCommitPosition(String(outcome.position));
    position.setPreparePosition(String(outcome.position));
    success.setPosition(position);
  }
  response.setSuccess(success);
  return response;
}

