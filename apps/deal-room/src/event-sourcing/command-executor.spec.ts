import { EventStoreDBClient } from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CommandExecutor, WriteModel } from './command-executor';
import { idempotencyStreamOf } from './idempotency-index';
import { EventCodec } from './event-codec';
import { CommandEnvelope } from './event-metadata';
import { GENESIS_HASH, verifyChain } from './hash-chain';
import { WriteError } from './write-errors';

// A ledger small enough to see every path of the executor: deposits add, and a limit refuses overdrafts.
type LedgerEvent = { type: 'Deposited'; amount: number };
type LedgerCommand = { type: 'Deposit'; amount: number };
type Ledger = { balance: number; deposits: number };

const decide = (command: LedgerCommand): LedgerEvent[] => (command.amount === 0 ? [] : [{ type: 'Deposited', amount: command.amount }]);

const codec: EventCodec<LedgerEvent> = {
  serialize: (event) => ({ type: 'test.Deposited.v1', data: { amount: event.amount } }),
  deserialize: (_type, data) => ({ type: 'Deposited', amount: (data as { amount: number }).amount }),
  schemaVersionOf: () => 1,
};

const ledger: WriteModel<Ledger, LedgerEvent, { now: Date }> = {
  initialState: () => ({ balance: 0, deposits: 0 }),
  evolve: (state, event) => ({ balance: state.balance + event.amount, deposits: state.deposits + 1 }),
  codec,
  contextOf: (_envelope, now) => ({ now }),
};

const envelope = (overrides: Partial<CommandEnvelope> = {}): CommandEnvelope => ({
  actor: { sub: 'dana', role: 'deal-lead' },
  correlationId: randomUUID(),
  causationId: randomUUID(),
  idempotency: null,
  expectedRevision: null,
  ...overrides,
});

const deposit = (amount: number) => ({ type: 'Deposit' as const, amount });
const answer = ({ state, revision }: { state: Ledger; revision: bigint | null }) => ({ created: false, body: { balance: state.balance, revision: Number(revision) } });

// A counter whose every event carries the next number: unlike a deposit, its decision depends on the state,
// so an event decided on a stale state shows (two events with the same number).
type Counted = { type: 'Counted'; n: number };
const COUNT = { type: 'Count' as const };
const count = (_command: typeof COUNT, state: number): Counted[] => [{ type: 'Counted', n: state + 1 }];
const counterCodec: EventCodec<Counted> = {
  serialize: (event) => ({ type: 'test.Counted.v1', data: { n: event.n } }),
  deserialize: (_type, data) => ({ type: 'Counted', n: (data as { n: number }).n }),
  schemaVersionOf: () => 1,
};
const counter: WriteModel<number, Counted, { now: Date }> = {
  initialState: () => 0,
  evolve: (_count, event) => event.n,
  codec: counterCodec,
  contextOf: (_envelope, now) => ({ now }),
};
const counted = ({ state }: { state: number }) => ({ created: false, body: { count: state } });

/**
 * The real client, except that `before` runs (and is awaited) ahead of every append: a way to let another
 * writer in, or to hold a write back, at a known moment instead of by chance. Methods are bound to the
 * client itself, whose private fields a proxy cannot reach.
 */
function interposed(client: EventStoreDBClient, before: (stream: string) => Promise<void>): EventStoreDBClient {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'appendToStream') {
        return async (...args: Parameters<EventStoreDBClient['appendToStream']>) => {
          await before(args[0]);
          return target.appendToStream(...args);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}


describe('CommandExecutor on the embedded event store', () => {
  let store: EmbeddedEventStore;
  let client: EventStoreDBClient;
  let dataDir: string;
  let executor: CommandExecutor<Ledger, LedgerEvent, { now: Date }>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'executor-'));
    store = await startEmbeddedEventStore({ dataDir });
    client = EventStoreDBClient.connectionString(store.connectionString);
    executor = new CommandExecutor(client, ledger);
  });

  afterAll(async () => {
    await client.dispose();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const eventsOf = async (stream: string) => {
    const events = [];
    for await (const resolved of client.readStream(stream)) events.push(resolved.event!);
    return events;
  };

  const countOn = (on: CommandExecutor<number, Counted, { now: Date }>, stream: string, overrides: Partial<CommandEnvelope> = {}) =>
    on.execute({ stream, command: COUNT, envelope: envelope(overrides), decide: count, answer: counted });

  /**
   * A counter stream at n = 1, a rival instance, and a loser whose appends to the stream are each preceded
   * by one of the rival's (the first `times` of them): its races lost at a known moment, not by chance.
   */
  const raceOn = async (times: number) => {
    const stream = `counter-${randomUUID()}`;
    const rival = new CommandExecutor(client, counter);
    await countOn(rival, stream);
    const race = { stream, lost: 0, loser: undefined as unknown as CommandExecutor<number, Counted, { now: Date }> };
    race.loser = new CommandExecutor(
      interposed(client, async (target) => {
        if (target !== stream || race.lost >= times) return;
        race.lost += 1;
        await countOn(rival, stream);
      }),
      counter,
    );
    return race;
  };

  const chainOf = (events: Awaited<ReturnType<typeof eventsOf>>) =>
    events.map(({ metadata }) => metadata as { prevHash: string; hash: string });

  /** The whole stream's chain: genesis first, every prevHash the hash before it, and every hash recomputes. */
  const expectWholeChain = (events: Awaited<ReturnType<typeof eventsOf>>) => {
    const links = chainOf(events);
    expect(links.map((link) => link.prevHash)).toEqual([GENESIS_HASH, ...links.slice(0, -1).map((link) => link.hash)]);
    const verdict = verifyChain(events.map(({ revision, type, data, metadata }) => ({ revision, type, data, metadata })));
    expect(verdict).toEqual({ valid: true, events: events.length, headHash: links[links.length - 1].hash });
  };

  it('records every one of many concurrent commands on one stream, from two executors racing each other', async () => {
    const stream = `counter-${randomUUID()}`;
    const [one, other] = [0, 1].map(() => new CommandExecutor(client, counter));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) => (index % 2 ? other : one).execute({ stream, command: COUNT, envelope: envelope(), decide: count, answer: counted })),
    );
    const events = await eventsOf(stream);
    // Each command was decided on the state it was appended to: the numbers run 1..30 without a repeat.
    expect(events.map((event) => (event.data as { n: number }).n)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    expect(results.map((result) => (result.answer.body as { count: number }).count).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    expectWholeChain(events);
  });

  it('decides a lost race again on the fresh state, and the chain stays whole', async () => {
    // Another instance appends between this executor's read and its append, so its first append must fail.
    const race = await raceOn(1);
    const result = await countOn(race.loser, race.stream);
    expect(race.lost).toBe(1);
    const events = await eventsOf(race.stream);
    expect(events.map((event) => (event.data as { n: number }).n)).toEqual([1, 2, 3]);
    expect(result).toMatchObject({ answer: { created: false, body: { count: 3 } }, revision: 2n, replayed: false });
    expectWholeChain(events);
  });

  it('refuses a lost race with 412 instead of deciding it again when If-Match pinned the revision', async () => {
    const race = await raceOn(1);
    await expect(countOn(race.loser, race.stream, { expectedRevision: 0n })).rejects.toMatchObject({ code: 'REVISION_MISMATCH' });
    expect(race.lost).toBe(1);
    expect((await eventsOf(race.stream)).map((event) => (event.data as { n: number }).n)).toEqual([1, 2]);
  });

  it('stamps every event with actor, correlation, causation, key, schema version and time', async () => {
    const stream = `ledger-${randomUUID()}`;
    const sent = envelope({ idempotency: { key: 'key-1', fingerprint: 'f1' } });
    await executor.execute({ stream, command: deposit(5), envelope: sent, decide, answer });
    const [event] = await eventsOf(stream);
    expect(event.metadata).toMatchObject({
      actor: { sub: 'dana', role: 'deal-lead', investorId: null },
      correlationId: sent.correlationId,
      causationId: sent.causationId,
      idempotencyKey: 'key-1',
      requestFingerprint: 'f1',
      schemaVersion: 1,
      answer: { created: false, body: { balance: 5, revision: 0 } },
    });
    expect(Date.parse((event.metadata as { recordedAt: string }).recordedAt)).not.toBeNaN();
  });

  it('replays the first answer for a retry under the same key, even from a fresh executor, and writes nothing', async () => {
    const stream = `ledger-${randomUUID()}`;
    const idempotency = { key: `key-${randomUUID()}`, fingerprint: 'same-request' };
    const first = await executor.execute({ stream, command: deposit(7), envelope: envelope({ idempotency }), decide, answer });
    await executor.execute({ stream, command: deposit(1), envelope: envelope(), decide, answer });
    const afterRestart = new CommandExecutor(client, ledger);
    const retry = await afterRestart.execute({ stream, command: deposit(7), envelope: envelope({ idempotency }), decide, answer });
    expect(retry).toEqual({ ...first, head: undefined, replayed: true });
    expect(await eventsOf(stream)).toHaveLength(2);
  });

  it('writes once when duplicates under one key race each other', async () => {
    const stream = `ledger-${randomUUID()}`;
    const idempotency = { key: `key-${randomUUID()}`, fingerprint: 'same-request' };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => executor.execute({ stream, command: deposit(3), envelope: envelope({ idempotency }), decide, answer })),
    );
    expect(await eventsOf(stream)).toHaveLength(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(new Set(results.map((result) => JSON.stringify(result.answer))).size).toBe(1);
  });

  it('refuses a key reused with a different request, on the same stream or another one', async () => {
    const key = `key-${randomUUID()}`;
    const stream = `ledger-${randomUUID()}`;
    await executor.execute({ stream, command: deposit(3), envelope: envelope({ idempotency: { key, fingerprint: 'a' } }), decide, answer });
    const reused = (target: string) =>
      executor.execute({ stream: target, command: deposit(4), envelope: envelope({ idempotency: { key, fingerprint: 'b' } }), decide, answer });
    await expect(reused(stream)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    await expect(reused(`ledger-${randomUUID()}`)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await eventsOf(stream)).toHaveLength(1);
  });

  it('refuses a key that the stream knows from another request, even when the key index lets it through', async () => {
    const stream = `ledger-${randomUUID()}`;
    const key = `key-${randomUUID()}`;
    await executor.execute({ stream, command: deposit(100), envelope: envelope({ idempotency: { key, fingerprint: 'deposit 100' } }), decide, answer });
    // The index binding the key is gone (deleted by hand, or never written by an older version): the events
    // on the stream are then the only thing that can tell the second request from a retry of the first.
    await client.deleteStream(idempotencyStreamOf('dana', key));
    const fresh = new CommandExecutor(client, ledger);
    const reused = fresh.execute({ stream, command: deposit(200), envelope: envelope({ idempotency: { key, fingerprint: 'deposit 200' } }), decide, answer });
    await expect(reused).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await eventsOf(stream)).map((event) => (event.data as { amount: number }).amount)).toEqual([100]);
  });

  it('leaves no trace of a refused request: a later, different request may use its key', async () => {
    const stream = `ledger-${randomUUID()}`;
    const key = `key-${randomUUID()}`;
    const refuse = () => {
      throw new Error('refused');
    };
    await expect(executor.execute({ stream, command: deposit(1), envelope: envelope({ idempotency: { key, fingerprint: 'first' } }), decide: refuse, answer })).rejects.toThrow('refused');
    expect(await eventsOf(idempotencyStreamOf('dana', key)).catch(() => 'no stream')).toBe('no stream');
    await expect(executor.execute({ stream, command: deposit(2), envelope: envelope({ idempotency: { key, fingerprint: 'second' } }), decide, answer })).resolves.toMatchObject({ revision: 0n });
    await expect(executor.execute({ stream: `ledger-${randomUUID()}`, command: deposit(3), envelope: envelope({ idempotency: { key, fingerprint: 'third' } }), decide, answer })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  describe('a request that changes nothing', () => {
    // A deposit of 0 decides no event: the answer is the balance as it stands.
    const noChange = (key: string, stream: string, run = executor) =>
      run.execute({ stream, command: deposit(0), envelope: envelope({ idempotency: { key, fingerprint: 'deposit 0' } }), decide, answer });

    it('binds its key: another request under it is refused, and its own retry is replayed', async () => {
      const stream = `ledger-${randomUUID()}`;
      const key = `key-${randomUUID()}`;
      await executor.execute({ stream, command: deposit(5), envelope: envelope(), decide, answer });
      const first = await noChange(key, stream);
      expect(first).toMatchObject({ replayed: false, revision: 0n, answer: { body: { balance: 5 } } });

      // On another stream, where only the key's own binding can tell.
      const other = executor.execute({ stream: `ledger-${randomUUID()}`, command: deposit(7), envelope: envelope({ idempotency: { key, fingerprint: 'deposit 7' } }), decide, answer });
      await expect(other).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      await expect(noChange(key, stream)).resolves.toEqual({ ...first, replayed: true });
      expect(await eventsOf(stream)).toHaveLength(1);
    });

    it('is replayed as first answered after the stream moved on, by a process that never saw it', async () => {
      const stream = `ledger-${randomUUID()}`;
      const key = `key-${randomUUID()}`;
      await executor.execute({ stream, command: deposit(5), envelope: envelope(), decide, answer });
      const first = await noChange(key, stream);
      await executor.execute({ stream, command: deposit(9), envelope: envelope(), decide, answer });

      const replay = await noChange(key, stream, new CommandExecutor(client, ledger));
      expect(replay).toEqual({ ...first, replayed: true });
      expect(replay.answer.body).toEqual({ balance: 5, revision: 0 });
    });

    it('is replayed, not refused, when the retry would now be refused', async () => {
      const stream = `ledger-${randomUUID()}`;
      const key = `key-${randomUUID()}`;
      await executor.execute({ stream, command: deposit(5), envelope: envelope(), decide, answer });
      const first = await noChange(key, stream);
      const refuse = () => {
        throw new Error('refused now');
      };
      const retry = new CommandExecutor(client, ledger).execute({ stream, command: deposit(0), envelope: envelope({ idempotency: { key, fingerprint: 'deposit 0' } }), decide: refuse, answer });
      await expect(retry).resolves.toEqual({ ...first, replayed: true });
    });
  });

  it('refuses a stale If-Match revision with 412 and writes nothing', async () => {
    const stream = `ledger-${randomUUID()}`;
    await executor.execute({ stream, command: deposit(1), envelope: envelope(), decide, answer });
    await executor.execute({ stream, command: deposit(1), envelope: envelope(), decide, answer });
    const stale = executor.execute({ stream, command: deposit(9), envelope: envelope({ expectedRevision: 0n }), decide, answer });
    await expect(stale).rejects.toBeInstanceOf(WriteError);
    await expect(stale).rejects.toMatchObject({ code: 'REVISION_MISMATCH' });
    const fresh = await executor.execute({ stream, command: deposit(9), envelope: envelope({ expectedRevision: 1n }), decide, answer });
    expect(fresh.revision).toBe(2n);
    expect(await eventsOf(stream)).toHaveLength(3);
  });

  it('chains every event to the one before it, across commands', async () => {
    const stream = `ledger-${randomUUID()}`;
    for (const amount of [1, 2, 3]) await executor.execute({ stream, command: deposit(amount), envelope: envelope(), decide, answer });
    const events = await eventsOf(stream);
    const verdict = verifyChain(events.map(({ revision, type, data, metadata }) => ({ revision, type, data, metadata })));
    expect(verdict).toEqual({ valid: true, events: 3, headHash: (events[2].metadata as { hash: string }).hash });
  });

  it('answers a command that decides nothing without writing', async () => {
    const stream = `ledger-${randomUUID()}`;
    await executor.execute({ stream, command: deposit(2), envelope: envelope(), decide, answer });
    const result = await executor.execute({ stream, command: deposit(0), envelope: envelope(), decide, answer });
    expect(result).toMatchObject({ revision: 0n, position: null, replayed: false });
    expect(await eventsOf(stream)).toHaveLength(1);
  });

  it('gives up with CONCURRENCY_CONFLICT after 16 lost races, having written nothing of its own', async () => {
    // Another instance wins every race: it appends between each of this executor's reads and its append.
    const race = await raceOn(Infinity);
    await expect(countOn(race.loser, race.stream)).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
    expect(race.lost).toBe(16);
    expect((await eventsOf(race.stream)).map((event) => (event.data as { n: number }).n)).toEqual(Array.from({ length: 17 }, (_, index) => index + 1));
  });

  describe('with the state kept between commands, and another instance writing too', () => {
    // Two executors with caches of their own stand for two app instances on one store.
    const twoInstances = () => [new CommandExecutor(client, ledger), new CommandExecutor(client, ledger)] as const;
    const run = (on: CommandExecutor<Ledger, LedgerEvent, { now: Date }>, stream: string, amount: number, overrides: Partial<CommandEnvelope> = {}) =>
      on.execute({ stream, command: deposit(amount), envelope: envelope(overrides), decide, answer });

    it('decides on the kept state and, when the other instance moved the stream, again on the events since', async () => {
      const stream = `ledger-${randomUUID()}`;
      const [one, other] = twoInstances();
      await run(one, stream, 1);
      await run(one, stream, 2);
      await run(other, stream, 4);
      const result = await run(one, stream, 8);
      expect(result).toMatchObject({ answer: { body: { balance: 15, revision: 3 } }, revision: 3n, replayed: false });
      const events = await eventsOf(stream);
      expect(events.map((event) => (event.data as { amount: number }).amount)).toEqual([1, 2, 4, 8]);
      expect(verifyChain(events.map(({ revision, type, data, metadata }) => ({ revision, type, data, metadata }))).valid).toBe(true);
    });

    it('takes an If-Match at the real head even when its kept state is behind, and refuses one behind it', async () => {
      const stream = `ledger-${randomUUID()}`;
      const [one, other] = twoInstances();
      await run(one, stream, 1);
      await run(other, stream, 1);
      await expect(run(one, stream, 5, { expectedRevision: 1n })).resolves.toMatchObject({ revision: 2n });
      await run(other, stream, 1);
      await expect(run(one, stream, 5, { expectedRevision: 2n })).rejects.toMatchObject({ code: 'REVISION_MISMATCH' });
      expect(await eventsOf(stream)).toHaveLength(4);
    });

    it('answers a command that decides nothing from the stream as it is, not as it was kept', async () => {
      const stream = `ledger-${randomUUID()}`;
      const [one, other] = twoInstances();
      await run(one, stream, 2);
      await run(other, stream, 5);
      await expect(run(one, stream, 0)).resolves.toMatchObject({ answer: { body: { balance: 7, revision: 1 } }, revision: 1n, position: null });
    });

    it('decides a refusal again when the stream moved since the kept state', async () => {
      const stream = `ledger-${randomUUID()}`;
      const [one, other] = twoInstances();
      // Refused until the ledger holds two deposits: true of the store, not of what `one` kept.
      const afterTwo = (command: LedgerCommand, state: Ledger) => {
        if (state.deposits < 2) throw new Error('not before two deposits');
        return decide(command);
      };
      await run(one, stream, 1);
      await run(other, stream, 1);
      const result = await one.execute({ stream, command: deposit(3), envelope: envelope(), decide: afterTwo, answer });
      expect(result).toMatchObject({ answer: { body: { balance: 5 } }, revision: 2n });
      const alone = `ledger-${randomUUID()}`;
      await run(one, alone, 1);
      await expect(one.execute({ stream: alone, command: deposit(3), envelope: envelope(), decide: afterTwo, answer })).rejects.toThrow('not before two deposits');
    });
  });
});
