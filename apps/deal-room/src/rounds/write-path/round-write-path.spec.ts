import { EventStoreDBClient } from '@eventstore/db-client';
import { EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Actor } from '../../kernel';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { RoundDecide, roundStreamName } from '../domain';
import { decideAcceptTerm } from '../accept-term/accept-term.decide';
import { decideAdmitInvestor } from '../admit-investor/admit-investor.decide';
import { decideCloseRound } from '../close-round/close-round.decide';
import { decideMakeCommitment } from '../make-commitment/make-commitment.decide';
import { decideOpenRound } from '../open-round/open-round.decide';
import { decideProposeTerm } from '../propose-term/propose-term.decide';
import { dealLead, investorUser, openRoundData } from '../../../../../test/support/rounds/round.fixtures';
import { ROUND_STATE_VERSION, roundAnswer, RoundOutcome, RoundStates, RoundWritePath, termAnswer } from '.';
import { decideCancelRound } from '../cancel-round/cancel-round.decide';
import { sha256Hex } from '../../event-sourcing/deterministic-id';
import { snapshotStreamOf } from '../../event-sourcing/stream-snapshots';
import type { AppConfig } from '../../config/app-config';

// The round's own wiring of the generic executor (CommandExecutor has its spec): the codec's schema
// versions, the hash chain head handed to decide, the concealment of a round from an investor it did not
// admit, and the answers. The e2e suite covers it too, but not where a mutation run can see it.
describe('RoundWritePath on the embedded event store', () => {
  let store: EmbeddedEventStore;
  let client: EventStoreDBClient;
  let dataDir: string;
  let rounds: RoundWritePath;
  let states: RoundStates;
  const config = { stateCacheBytes: 16 * 1024 * 1024 } as AppConfig;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'round-write-path-'));
    store = await startEmbeddedEventStore({ dataDir });
    client = EventStoreDBClient.connectionString(store.connectionString);
    states = new RoundStates(client, config);
    rounds = new RoundWritePath(client, states);
  });

  afterAll(async () => {
    await client.dispose();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const envelope = (actor: Actor, expectedRevision: bigint | null = null): CommandEnvelope => ({
    actor,
    correlationId: randomUUID(),
    causationId: randomUUID(),
    idempotency: null,
    expectedRevision,
  });
  const run = <C>(roundId: string, command: C, decide: RoundDecide<C>, actor: Actor, expectedRevision: bigint | null = null) =>
    rounds.execute(roundId, command, decide, envelope(actor, expectedRevision), (outcome) => ({ created: false, body: roundAnswer(roundId, outcome) }));

  const openRound = async (): Promise<string> => {
    const roundId = randomUUID();
    await run(roundId, { type: 'OpenRound', data: { ...openRoundData, roundId } }, decideOpenRound, dealLead);
    await run(roundId, { type: 'AdmitInvestor', data: { investorId: 'lead', name: 'Lead Capital', tier: 'lead' } }, decideAdmitInvestor, dealLead);
    return roundId;
  };

  const storedEvents = async (roundId: string) => {
    const events: Array<{ type: string; data: Record<string, unknown>; metadata: { schemaVersion: number; hash: string } }> = [];
    for await (const { event } of client.readStream(roundStreamName(roundId))) {
      events.push({ type: event!.type, data: event!.data as Record<string, unknown>, metadata: event!.metadata as { schemaVersion: number; hash: string } });
    }
    return events;
  };

  it('stamps each event with the schema version of its wire name, and seals the chain head into the close', async () => {
    const roundId = await openRound();
    const lead = investorUser('lead');
    await run(roundId, { type: 'MakeCommitment', data: { investorId: 'lead', amount: '600000', currency: 'CNY' } }, decideMakeCommitment, lead);
    const closed = await run(roundId, { type: 'CloseRound', data: {} }, decideCloseRound, dealLead);

    expect(closed.answer.body).toEqual({ roundId, revision: 3 });
    const events = await storedEvents(roundId);
    expect(events.map(({ type, metadata }) => [type, metadata.schemaVersion])).toEqual([
      ['deal-room.RoundOpened.v2', 2],
      ['deal-room.InvestorAdmitted.v1', 1],
      ['deal-room.CommitmentMade.v1', 1],
      ['deal-room.RoundClosed.v2', 2],
    ]);
    expect(events[3].data.sealedHeadHash).toBe(events[2].metadata.hash);
  });

  it('answers a term command with the status of its term afterwards', async () => {
    const roundId = await openRound();
    const termId = randomUUID();
    await run(roundId, { type: 'ProposeTerm', data: { termId, key: 'pro-rata-rights', value: true, investorId: 'lead' } }, decideProposeTerm, dealLead);
    const accepted = await rounds.execute(roundId, { type: 'AcceptTerm', data: { termId } }, decideAcceptTerm, envelope(investorUser('lead')), (outcome) =>
      termAnswer(roundId, termId, outcome),
    );
    expect(accepted.answer).toEqual({ created: false, body: { roundId, revision: 3, termId, status: 'accepted' } });
  });

  // "It is now at revision 1" would tell an outsider that the round exists, and how busy it is.
  it('answers an investor the round did not admit exactly as if there were no round, If-Match included', async () => {
    const roundId = await openRound();
    const outsider = investorUser('gamma');
    const commit = { type: 'MakeCommitment' as const, data: { investorId: 'gamma', amount: '10000', currency: 'CNY' } };
    const refusal = (id: string, revision: bigint | null) =>
      run(id, commit, decideMakeCommitment, outsider, revision).then(
        () => 'written',
        (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
      );

    const noRound = randomUUID();
    for (const revision of [null, 0n, 1n]) {
      expect(await refusal(roundId, revision)).toBe(await refusal(noRound, revision));
    }
    expect(await refusal(roundId, 1n)).toMatch(/^REVISION_MISMATCH: /);
    expect(await storedEvents(roundId)).toHaveLength(2);
  });

  it('answers a revision as a number, and none for a round that was never written', () => {
    const outcome = (revision: bigint | null): RoundOutcome => ({ state: { status: 'none' }, events: [], revision });
    expect(roundAnswer('r', outcome(7n))).toEqual({ roundId: 'r', revision: 7 });
    expect(roundAnswer('r', outcome(null))).toEqual({ roundId: 'r', revision: null });
    expect(termAnswer('r', 't', outcome(null))).toEqual({ created: false, body: { roundId: 'r', revision: null, termId: 't', status: null } });
  });

  describe('snapshots of the round state', () => {
    // The structure of a value: its keys and the types under them, arrays by their items' structures.
    const shapeOf = (value: unknown): string => {
      if (Array.isArray(value)) return `[${[...new Set(value.map(shapeOf))].sort().join('|')}]`;
      if (value === null) return 'null';
      if (typeof value !== 'object') return typeof value;
      return `{${Object.keys(value).sort().map((key) => `${key}:${shapeOf((value as Record<string, unknown>)[key])}`).join(',')}}`;
    };
    const stateOf = async (roundId: string) => (await states.current(roundStreamName(roundId))).state;

    it('pins the shape of the state that snapshots hold to ROUND_STATE_VERSION', async () => {
      const closed = await openRound();
      const termId = randomUUID();
      await run(closed, { type: 'ProposeTerm', data: { termId, key: 'pro-rata-rights', value: true, investorId: 'lead' } }, decideProposeTerm, dealLead);
      await run(closed, { type: 'AcceptTerm', data: { termId } }, decideAcceptTerm, investorUser('lead'));
      await run(closed, { type: 'MakeCommitment', data: { investorId: 'lead', amount: '600000', currency: 'CNY' } }, decideMakeCommitment, investorUser('lead'));
      await run(closed, { type: 'CloseRound', data: {} }, decideCloseRound, dealLead);
      const cancelled = await openRound();
      await run(cancelled, { type: 'CancelRound', data: { reason: 'The company withdrew.' } }, decideCancelRound, dealLead);

      const shape = sha256Hex(`${shapeOf(await stateOf(closed))}\n${shapeOf(await stateOf(cancelled))}`).slice(0, 16);
      const pinned = { 'round-state.4': 'c10ebe4394c4f32c' };
      // When this fails, RoundState changed: change ROUND_STATE_VERSION (older snapshots are then ignored)
      // and pin the new shape under it here.
      expect({ [ROUND_STATE_VERSION]: shape }).toEqual(pinned);
    });

    it('reads a round cold from its snapshot exactly as folding it whole gives it', async () => {
      const roundId = await openRound();
      const lead = investorUser('lead');
      // 2 + 105 events: a snapshot at 100, then 7 events after it.
      for (let n = 1; n <= 105; n += 1) {
        await run(roundId, { type: 'MakeCommitment', data: { investorId: 'lead', amount: `${600000 + n}.01`, currency: 'CNY' } }, decideMakeCommitment, lead);
      }
      await states.settled();
      const [snapshot] = await (async () => {
        const found = [];
        for await (const { event } of client.readStream(snapshotStreamOf(roundStreamName(roundId)))) found.push(event!.data as { revision: string; version: string });
        return found;
      })();
      expect({ revision: snapshot.revision, version: snapshot.version }).toEqual({ revision: '99', version: ROUND_STATE_VERSION });

      const warm = await states.current(roundStreamName(roundId));
      const cold = await new RoundStates(client, config).current(roundStreamName(roundId));
      expect({ ...cold, keys: [...cold.keys] }).toEqual({ ...warm, keys: [...warm.keys] });
      expect(cold.state).toMatchObject({ status: 'open', totalCommitted: { amount: 60010501n, currency: 'CNY' } });
    });
  });
});
