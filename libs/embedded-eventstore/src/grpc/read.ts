import { ServerWritableStream, status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { accessFailure, BadRequestError, CallError, streamDeleted } from './errors';
import { Access } from '../security/access';
import { eventFilterOf, EventFilter } from './filter';
import { streams } from './proto';
import { encodeReadEvent } from './read-event-encoder';
import { streamIdentifier, streamNameOf, uint64 } from './wire';
import { EventLog } from '../storage/event-log';
import { StoredEvent, TOMBSTONE_STORED_REVISION } from '../storage/types';
import { WriteQueue } from '../write-queue';

export interface ReadContext {
  log: EventLog;
  queue: WriteQueue;
  access: Access;
}

/** How one read encodes its events: with `resolveLinkTos`, a `$>` link carries the event it points to. */
type Encode = (event: StoredEvent) => Buffer;

const LINK_DATA = /^(\d+)@(.+)$/s;

function encoderFor(context: ReadContext, resolveLinks: boolean): Encode {
  if (!resolveLinks) return (event) => encodeReadEvent(event);
  return (event) => {
    if (event.type !== '$>') return encodeReadEvent(event);
    return encodeReadEvent(resolveLink(context, event), event);
  };
}

/** The event a link points to, or null when it is gone (deleted, truncated or never written), as on the real server. */
function resolveLink(context: ReadContext, link: StoredEvent): StoredEvent | null {
  const match = LINK_DATA.exec(link.data.toString('utf8'));
  if (!match) return null;
  const [, revisionText, stream] = match;
  const revision = Number(revisionText);
  if (!Number.isSafeInteger(revision)) return null;
  const readable = context.log.readability(stream);
  if (readable.kind !== 'ok' || revision < readable.minRevision) return null;
  const target = context.log.eventAt(stream, revision, context.queue.headPosition);
  return target && target.created >= readable.minCreated ? target : null;
}

const PAGE = 512;
type Direction = 'forwards' | 'backwards';
/** Events go out pre-encoded; the other answers as message objects (see `streamsServiceDefinition`). */
type Call = ServerWritableStream<streams.ReadReq, streams.ReadResp | Buffer>;

/** Writes with the call's backpressure, so a slow reader holds the server back instead of its memory. */
class Sink {
  cancelled = false;
  private wake: (() => void) | null = null;
  private readonly cancelListeners = new Set<() => void>();

  constructor(private readonly call: Call) {
    const stop = () => {
      this.cancelled = true;
      this.wake?.();
      for (const listener of this.cancelListeners) listener();
    };
    call.on('cancelled', stop);
    call.on('close', stop);
    call.on('error', stop);
  }

  async send(response: streams.ReadResp | Buffer): Promise<void> {
    if (this.cancelled) return;
    if (this.call.write(response)) return;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      this.call.once('drain', resolve);
    });
    this.wake = null;
  }

  /** Calls `listener` if the call is cancelled; returns the function that unregisters it. */
  onCancel(listener: () => void): () => void {
    if (this.cancelled) listener();
    this.cancelListeners.add(listener);
    return () => this.cancelListeners.delete(listener);
  }

  end(): void {
    if (!this.cancelled) this.call.end();
  }

  fail(error: CallError): void {
    if (!this.cancelled) this.call.emit('error', error);
  }
}

const yieldToWriters = () => new Promise<void>((resolve) => setImmediate(resolve));

export function read(context: ReadContext) {
  return (call: Call) => {
    const sink = new Sink(call);
    serve(context, call, sink).catch((error: unknown) => {
      if (error instanceof BadRequestError) sink.fail({ code: status.INVALID_ARGUMENT, details: error.message });
      else sink.fail({ code: status.INTERNAL, details: error instanceof Error ? error.message : String(error) });
    });
  };
}

async function serve(context: ReadContext, call: Call, sink: Sink): Promise<void> {
  const options = call.request.getOptions();
  if (!options) throw new BadRequestError('A read needs options.');
  const direction: Direction = options.getReadDirection() === streams.ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
  const subscription = options.getCountOptionCase() === streams.ReadReq.Options.CountOptionCase.SUBSCRIPTION;
  const count = options.hasCount() ? uint64(options.getCount(), 'Count') : Number.MAX_SAFE_INTEGER;
  const filter = eventFilterOf(options.getFilter());
  const encode = encoderFor(context, options.getResolveLinks());

  const streamOptions = options.getStream();
  if (streamOptions) {
    const stream = streamNameOf(streamOptions.getStreamIdentifier());
    const allowed = context.access.check(call.metadata, stream, '$r');
    if (allowed.kind !== 'granted') return sink.fail(accessFailure(allowed.kind));
    const Case = streams.ReadReq.Options.StreamOptions.RevisionOptionCase;
    const from = (() => {
      switch (streamOptions.getRevisionOptionCase()) {
        case Case.REVISION:
          return uint64(streamOptions.getRevision(), 'Revision');
        case Case.END:
          return direction === 'forwards' || subscription ? context.log.lastRevision(stream) + 1 : Number.MAX_SAFE_INTEGER;
        default:
          return subscription ? -1 : 0;
      }
    })();
    if (subscription) return subscribeToStream(context, sink, encode, stream, streamOptions.getRevisionOptionCase() === Case.REVISION ? from + 1 : Math.max(from, 0));
    return readStream(context, sink, encode, stream, from, direction, count);
  }

  const allOptions = options.getAll();
  if (!allOptions) throw new BadRequestError('A read needs a stream or $all.');
  const allowed = context.access.check(call.metadata, '$all', '$r');
  if (allowed.kind !== 'granted') return sink.fail(accessFailure(allowed.kind));
  const Case = streams.ReadReq.Options.AllOptions.AllOptionCase;
  let position: number;
  switch (allOptions.getAllOptionCase()) {
    case Case.POSITION:
      position = uint64(allOptions.getPosition()!.getCommitPosition(), 'Commit position');
      if (subscription) position += 1;
      break;
    case Case.END:
      position = direction === 'forwards' || subscription ? context.queue.headPosition + 1 : Number.MAX_SAFE_INTEGER;
      break;
    default:
      position = direction === 'forwards' || subscription ? 0 : -1;
  }
  if (subscription) return subscribeToAll(context, sink, encode, position, filter);
  return readAll(context, sink, encode, position, direction, count, filter);
}

async function sendNotFound(sink: Sink, stream: string): Promise<void> {
  const response = new streams.ReadResp();
  const notFound = new streams.ReadResp.StreamNotFound();
  notFound.setStreamIdentifier(streamIdentifier(stream));
  response.setStreamNotFound(notFound);
  await sink.send(response);
}

/** The first revision a read may show: past `$tb` and `$maxCount`, and past what `$maxAge` has expired. */
function firstVisible(context: ReadContext, stream: string, readable: { minRevision: number; minCreated: number }): number {
  if (readable.minCreated <= 0) return readable.minRevision;
  return context.log.firstRevisionCreatedSince(stream, readable.minRevision, readable.minCreated);
}

async function readStream(context: ReadContext, sink: Sink, encode: Encode, stream: string, from: number, direction: Direction, count: number): Promise<void> {
  const readable = context.log.readability(stream);
  if (readable.kind === 'deleted') return sink.fail(streamDeleted(stream));
  if (readable.kind === 'not_found') {
    await sendNotFound(sink, stream);
    return sink.end();
  }
  const lowest = firstVisible(context, stream, readable);
  let remaining = count;
  let next = direction === 'forwards' ? Math.max(from, lowest) : from;
  while (remaining > 0 && next >= lowest && !sink.cancelled) {
    const limit = Math.min(PAGE, remaining);
    const page = context.log.readStream(stream, next, direction, limit, context.queue.headPosition);
    for (const event of page) {
      if (event.revision < lowest) return sink.end();
      if (event.created < readable.minCreated) continue;
      await sink.send(encode(event));
      remaining -= 1;
    }
    if (page.length < limit) break;
    next = page[page.length - 1].revision + (direction === 'forwards' ? 1 : -1);
    await yieldToWriters();
  }
  sink.end();
}

async function readAll(context: ReadContext, sink: Sink, encode: Encode, from: number, direction: Direction, count: number, filter: EventFilter | null): Promise<void> {
  let remaining = count;
  let next = from;
  while (remaining > 0 && !sink.cancelled) {
    const page = context.log.readAll(next, direction, PAGE, context.queue.headPosition);
    for (const event of page) {
      if (remaining === 0) break;
      if (filter && !filter.matches(event)) continue;
      await sink.send(encode(event));
      remaining -= 1;
    }
    if (page.length < PAGE) break;
    next = page[page.length - 1].position + (direction === 'forwards' ? 1 : 0);
    await yieldToWriters();
  }
  sink.end();
}

async function confirm(sink: Sink): Promise<void> {
  const response = new streams.ReadResp();
  const confirmation = new streams.ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(randomUUID());
  response.setConfirmation(confirmation);
  await sink.send(response);
}

async function caughtUp(sink: Sink): Promise<void> {
  const response = new streams.ReadResp();
  response.setCaughtUp(new streams.ReadResp.CaughtUp());
  await sink.send(response);
}

/**
 * Every subscriber pulls from storage at its own pace and is only woken by commits, so the switch from
 * catch-up to live can neither miss nor repeat an event, and nothing queues up in memory for it.
 */
async function follow(
  context: ReadContext,
  sink: Sink,
  readPage: (head: number) => StoredEvent[],
  deliver: (page: StoredEvent[]) => Promise<void>,
  onIdle: () => Promise<void>,
  finished: () => boolean = () => false,
): Promise<void> {
  await confirm(sink);
  let live = false;
  while (!sink.cancelled) {
    const head = context.queue.headPosition;
    const page = readPage(head);
    await deliver(page);
    if (finished()) return;
    if (page.length === PAGE) {
      await yieldToWriters();
      continue;
    }
    await onIdle();
    if (!live) {
      live = true;
      await caughtUp(sink);
    }
    const wait = context.queue.waitBeyond(head);
    const unregister = sink.onCancel(wait.cancel);
    await wait.promise;
    unregister();
    if (sink.cancelled) return;
    if (context.queue.headPosition <= head) return sink.fail({ code: status.UNAVAILABLE, details: 'The server is shutting down.' });
  }
}

/**
 * A catch-up subscription to a stream shows what a read would: nothing before `$tb` or beyond `$maxCount`
 * and `$maxAge`, nothing of a soft-deleted stream; a tombstoned stream fails it with stream-deleted, and a
 * live one gets the `$streamDeleted` event first, as from the real server.
 */
async function subscribeToStream(context: ReadContext, sink: Sink, encode: Encode, stream: string, fromRevision: number): Promise<void> {
  if (context.log.readability(stream).kind === 'deleted') return sink.fail(streamDeleted(stream));
  let next = fromRevision;
  let deleted = false;
  await follow(
    context,
    sink,
    (head) => {
      const readable = context.log.readability(stream);
      if (readable.kind === 'not_found') return [];
      if (readable.kind === 'ok') next = Math.max(next, firstVisible(context, stream, readable));
      const page = context.log.readStream(stream, next, 'forwards', PAGE, head);
      if (readable.kind === 'deleted' && page.length < PAGE) {
        const tombstone = context.log.eventAt(stream, TOMBSTONE_STORED_REVISION, head);
        if (tombstone) {
          deleted = true;
          return [...page, tombstone];
        }
      }
      const minCreated = readable.kind === 'ok' ? readable.minCreated : 0;
      return minCreated > 0 ? page.filter((event) => event.created >= minCreated) : page;
    },
    async (page) => {
      for (const event of page) await sink.send(encode(event));
      const last = page.filter((event) => event.revision !== TOMBSTONE_STORED_REVISION).pop();
      if (last) next = last.revision + 1;
    },
    async () => undefined,
    () => deleted,
  );
  if (deleted) sink.fail(streamDeleted(stream));
}

function subscribeToAll(context: ReadContext, sink: Sink, encode: Encode, fromPosition: number, filter: EventFilter | null): Promise<void> {
  let next = fromPosition;
  let scannedSinceCheckpoint = 0;
  let lastScanned = fromPosition - 1;
  let caughtUpCheckpointSent = false;
  const checkpoint = async () => {
    scannedSinceCheckpoint = 0;
    const response = new streams.ReadResp();
    const point = new streams.ReadResp.Checkpoint();
    point.setCommitPosition(String(lastScanned));
    point.setPreparePosition(String(lastScanned));
    response.setCheckpoint(point);
    await sink.send(response);
  };
  return follow(
    context,
    sink,
    (head) => context.log.readAll(next, 'forwards', PAGE, head),
    async (page) => {
      for (const event of page) {
        lastScanned = event.position;
        if (!filter || filter.matches(event)) await sink.send(encode(event));
        scannedSinceCheckpoint += 1;
        if (filter && scannedSinceCheckpoint >= filter.checkpointInterval) await checkpoint();
      }
      if (page.length > 0) next = page[page.length - 1].position + 1;
    },
    // As the real server: one checkpoint when catch-up ends, then one per interval of scanned events.
    async () => {
      if (!filter || caughtUpCheckpointSent || scannedSinceCheckpoint === 0) return;
      caughtUpCheckpointSent = true;
      await checkpoint();
    },
  );
}
