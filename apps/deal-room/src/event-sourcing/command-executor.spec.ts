import { EventStoreDBClient } from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CommandExecutor, WriteModel } from './command-executor';
import { EventCodec } from './event-codec';
import { CommandEnvelope } from './event-metadata';
import { verifyChain } from './hash-chain';
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

  it('records every one of many concurrent commands on one stream, from two executors racing each other', async () => {
    const stream = `ledger-${randomUUID()}`;
    const rival = new CommandExecutor(client, ledger);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) => (index % 2 ? rival : executor).execute({ stream, command: deposit(index + 1), envelope: envelope(), decide, answer })),
    );
    const events = await eventsOf(stream);
    expect(events).toHaveLength(30);
    expect(events.reduce((sum, event) => sum + (event.data as { amount: number }).amount, 0)).toBe((30 * 31) / 2);
    expect(new Set(results.map((result) => result.revision)).size).toBe(30);
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
    expect(retry).toEqual({ ...first, replayed: true });
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
});
