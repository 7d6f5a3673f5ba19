import { randomUUID } from 'node:crypto';
import {
  AppendExpectedRevision,
  jsonEvent,
  JSONEventType,
  EventData,
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  Position,
} from '@eventstore/db-client';
import { adminCredentials, readAllEvents, readStreamEvents, StoreHandle, target, useEventStore } from './harness';
import { DELETED, EsdbModel, Expected, Outcome } from './model/esdb-model';

/**
 * A seeded random walk over a few streams, every answer checked against a model of EventStoreDB's
 * documented behaviour (`model/esdb-model.ts`): appends with every kind of expected revision, retries and
 * partial retries, reads both ways, metadata, soft deletes and tombstones, then `$all` as a whole. The
 * second run restarts the embedded server half-way and checks that nothing was lost or changed.
 *
 *   CONFORMANCE_MODEL_OPS=20000 npx jest test/conformance/model     # a longer walk
 *   CONFORMANCE_MODEL_SEED=1234 npx jest test/conformance/model     # replay a failing seed
 */
const OPERATIONS = Number(process.env.CONFORMANCE_MODEL_OPS ?? 1_200);
const SEED = Number(process.env.CONFORMANCE_MODEL_SEED ?? Math.floor(Math.random() * 2 ** 31));
const STREAMS_AT_ONCE = 4;
const TRACE = process.env.CONFORMANCE_MODEL_TRACE === '1';

/** mulberry32: small, seedable, good enough to choose operations. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Actual = { kind: 'ok'; revision: bigint } | { kind: 'error'; error: Error };

function toClientExpected(expected: Expected): AppendExpectedRevision {
  switch (expected.kind) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'exact':
      return BigInt(expected.revision);
  }
}

/** Compares what the server answered with what the model says, naming the step when they differ. */
function expectOutcome(step: string, actual: Actual, expected: Outcome): void {
  const describe = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  if (TRACE) console.log(`${step} -> ${describe(expected)}`);
  const fail = () => {
    const got = actual.kind === 'ok' ? actual : { error: actual.error.constructor.name, message: actual.error.message };
    throw new Error(`${step}: the model expects ${describe(expected)}, the server answered ${describe(got)}`);
  };
  if (expected.kind === 'ok') {
    if (actual.kind !== 'ok' || actual.revision !== BigInt(expected.revision)) fail();
    return;
  }
  if (actual.kind === 'ok') return fail();
  const error = actual.error;
  if (expected.kind === 'stream_deleted' && !(error instanceof StreamDeletedError)) fail();
  if (expected.kind === 'not_found' && !(error instanceof StreamNotFoundError)) fail();
  if (expected.kind === 'wrong_expected_version') {
    if (!(error instanceof WrongExpectedVersionError)) return fail();
    const actualVersion = error.actualVersion === 'no_stream' ? -1n : error.actualVersion;
    if (actualVersion !== BigInt(expected.actual)) fail();
  }
}

async function attempt(action: () => Promise<{ nextExpectedRevision: bigint }>): Promise<Actual> {
  try {
    return { kind: 'ok', revision: (await action()).nextExpectedRevision };
  } catch (error) {
    if (error instanceof Error) return { kind: 'error', error };
    throw error;
  }
}

async function walk(store: StoreHandle, seed: number, operations: number, restartAt: number | null): Promise<void> {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const prefix = `model${seed}-${randomUUID().slice(0, 8)}-`;
  const model = new EsdbModel();
  const pool = Array.from({ length: STREAMS_AT_ONCE }, (_, i) => `${prefix}${i}`);
  let fresh = STREAMS_AT_ONCE;
  const batches = new Map<string, Array<{ events: EventData[]; expected: Expected }>>();
  const start: Position = (await store.client.appendToStream(`${prefix}start`, jsonEvent({ type: 'Start', data: {} }))).position!;

  const newEvents = (count: number): EventData<JSONEventType>[] =>
    Array.from({ length: count }, () => jsonEvent({ type: 'Modelled', data: { n: Math.floor(next() * 1000) } }));

  const chooseExpected = (stream: string): Expected => {
    const last = model.lastRevision(stream);
    const roll = next();
    if (roll < 0.3) return { kind: 'any' };
    if (roll < 0.45) return { kind: 'no_stream' };
    if (roll < 0.6) return { kind: 'stream_exists' };
    if (roll < 0.9 && last >= 0) return { kind: 'exact', revision: last };
    return { kind: 'exact', revision: Math.max(0, last + pick([-1, 1, 2])) };
  };

  const checkAll = async (when: string) => {
    const events = await readAllEvents(store.client, { fromPosition: start });
    const seen = events.filter((event) => event.streamId.startsWith(prefix) || event.streamId.startsWith(`$$${prefix}`)).filter((event) => event.streamId !== `${prefix}start`).map((event) => ({
      stream: event.streamId,
      what: event.type === 'Modelled' ? event.id : event.type,
    }));
    expect({ when, seed, all: seen }).toEqual({ when, seed, all: model.log });
  };

  for (let step = 0; step < operations; step++) {
    if (step === restartAt) {
      await checkAll(`before the restart at step ${step}`);
      await store.restart();
    }
    const stream = pick(pool);
    const roll = next();
    const label = `seed ${seed}, step ${step}, ${stream}`;
    const viaClassic = next() < 0.3 ? { credentials: adminCredentials } : {};

    if (roll < 0.4) {
      const earlier = batches.get(stream) ?? [];
      let events: EventData[];
      let expected: Expected;
      let kind = 'append';
      const retryRoll = next();
      if (earlier.length > 0 && retryRoll < 0.2) {
        const batch = pick(earlier);
        ({ events } = batch);
        expected = next() < 0.5 ? batch.expected : { kind: 'any' };
        kind = 'retry';
      } else if (earlier.length > 0 && retryRoll < 0.3) {
        const batch = pick(earlier);
        events = [batch.events[0], ...newEvents(1)];
        expected = { kind: 'any' };
        kind = 'partial retry';
      } else {
        events = newEvents(1 + Math.floor(next() * 3));
        expected = chooseExpected(stream);
      }
      const outcome = model.append(stream, expected, events.map((event) => event.id));
      const actual = await attempt(() => store.client.appendToStream(stream, events, { ...viaClassic, expectedRevision: toClientExpected(expected) }));
      expectOutcome(`${label}: ${kind} of ${events.length} with ${JSON.stringify(expected)}`, actual, outcome);
      if (kind === 'append' && outcome.kind === 'ok') batches.set(stream, [...earlier, { events, expected }]);
    } else if (roll < 0.7) {
      const direction = next() < 0.6 ? 'forwards' : 'backwards';
      const from = Math.floor(next() * (model.lastRevision(stream) + 2));
      const count = 1 + Math.floor(next() * 8);
      const expected = model.read(stream, direction, from, count);
      const options = direction === 'forwards' ? { fromRevision: BigInt(from), maxCount: count } : { direction: 'backwards' as const, fromRevision: 'end' as const, maxCount: count };
      const actual = await readStreamEvents(store.client, stream, options).then(
        (events) => events.map((event) => ({ id: event.id, revision: Number(event.revision) })),
        (error: Error) => ({ error: error.constructor.name }),
      );
      const wanted = Array.isArray(expected) ? expected : { error: expected.kind === 'stream_deleted' ? 'StreamDeletedError' : 'StreamNotFoundError' };
      expect({ step: `${label}: read ${direction} from ${from} count ${count}`, result: actual }).toEqual({
        step: `${label}: read ${direction} from ${from} count ${count}`,
        result: wanted,
      });
    } else if (roll < 0.8) {
      const last = model.lastRevision(stream);
      const metadata = {
        ...(next() < 0.5 ? { maxCount: 1 + Math.floor(next() * 5) } : {}),
        ...(next() < 0.4 ? { truncateBefore: Math.floor(next() * (last + 2)) } : {}),
      };
      const outcome = model.setMetadata(stream, metadata);
      const actual = await attempt(() => store.client.setStreamMetadata(stream, metadata));
      expectOutcome(`${label}: set metadata ${JSON.stringify(metadata)}`, actual, outcome);
    } else if (roll < 0.9) {
      const expected = model.metadata(stream);
      const actual = await store.client.getStreamMetadata(stream).then(
        ({ metadata }) => ({ maxCount: metadata?.maxCount, truncateBefore: metadata?.truncateBefore }),
        (error: Error) => ({ error: error.constructor.name }),
      );
      const wanted =
        expected.kind === 'stream_deleted'
          ? { error: 'StreamDeletedError' }
          : { maxCount: expected.maxCount, truncateBefore: expected.truncateBefore === DELETED ? 2 ** 63 /* the client reads the tombstone's Int64.MaxValue into a number, which rounds to 2^63 */ : expected.truncateBefore };
      expect({ step: `${label}: get metadata`, result: actual }).toEqual({ step: `${label}: get metadata`, result: wanted });
    } else if (roll < 0.985) {
      const outcome = model.softDelete(stream);
      const actual = await attempt(async () => {
        await store.client.deleteStream(stream);
        return { nextExpectedRevision: BigInt(outcome.kind === 'ok' ? outcome.revision : -99) };
      });
      expectOutcome(`${label}: soft delete`, actual, outcome);
    } else {
      const outcome = model.tombstone(stream);
      const actual = await attempt(async () => {
        await store.client.tombstoneStream(stream);
        return { nextExpectedRevision: BigInt(outcome.kind === 'ok' ? outcome.revision : -99) };
      });
      expectOutcome(`${label}: tombstone`, actual, outcome);
      pool[pool.indexOf(stream)] = `${prefix}${fresh++}`;
    }
  }
  await checkAll('at the end');
}

describe(`a seeded random walk checked against a model of EventStoreDB (seed ${SEED}, ${OPERATIONS} operations)`, () => {
  const store = useEventStore();

  it('matches the model', async () => {
    await walk(store, SEED, OPERATIONS, null);
  }, 300_000);

  (target === 'embedded' ? it : it.skip)('matches the model across a restart of the server half-way (embedded only)', async () => {
    await walk(store, SEED + 1, OPERATIONS, Math.floor(OPERATIONS / 2));
  }, 300_000);
});
