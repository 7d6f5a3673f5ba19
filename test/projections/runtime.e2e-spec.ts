import { INVESTOR_POSITIONS, ROUND_SUMMARIES } from '../../apps/deal-room/src/projections/registrations';
import { aRound, amendLead } from './support/round-events';
import { eventually, RuntimeHarness } from './support/runtime-harness';

interface Summary {
  round_id: string;
  total_committed: string;
  version: number;
}

const caughtUpTo = (position: bigint) => (status: { state: string; checkpoint: string | null }) =>
  status.state === 'live' && status.checkpoint !== null && BigInt(status.checkpoint) >= position;

// The runtime without the app: restarts of the runtime and of the store, which the app cannot do to itself.
describe('the projection runtime against the embedded store', () => {
  let harness: RuntimeHarness;

  beforeEach(async () => {
    harness = new RuntimeHarness();
    await harness.startStore();
  });

  afterEach(() => harness.close());

  it('resumes from its checkpoint after a restart, applying no event twice and skipping none', async () => {
    const first = aRound();
    harness.startRuntime();
    const written = await harness.append(first.roundId, first.events);
    await eventually(() => harness.statusOf(ROUND_SUMMARIES), caughtUpTo(written));
    await eventually(() => harness.statusOf(INVESTOR_POSITIONS), caughtUpTo(written));
    await harness.stopRuntime();

    const second = aRound();
    await harness.append(first.roundId, amendLead(first.roundId, '400000.00', '500000.00'));
    const last = await harness.append(second.roundId, second.events);

    harness.startRuntime();
    await eventually(() => harness.statusOf(ROUND_SUMMARIES), caughtUpTo(last));
    await eventually(() => harness.statusOf(INVESTOR_POSITIONS), caughtUpTo(last));

    const summaries = harness.rows<Summary>('SELECT round_id, total_committed, version FROM round_summaries ORDER BY version DESC');
    expect(summaries).toEqual([
      { round_id: first.roundId, total_committed: '75000000', version: 6 },
      { round_id: second.roundId, total_committed: '65000000', version: 5 },
    ]);
    const status = await harness.statusOf(ROUND_SUMMARIES);
    expect(status).toMatchObject({ eventsApplied: 11, error: null, lag: 0, headPosition: String(last) });
  });

  it('reports failed while the store is gone, and resumes when it is back on another port', async () => {
    const round = aRound();
    harness.startRuntime();
    const written = await harness.append(round.roundId, round.events);
    await eventually(() => harness.statusOf(ROUND_SUMMARIES), caughtUpTo(written));
    const oldPort = harness.store!.port;

    await harness.stopStore();
    const failed = await eventually(
      async () => harness.runtime!.statusOf(ROUND_SUMMARIES),
      (status) => status.state === 'failed',
    );
    expect(failed.error).toEqual(expect.any(String));
    expect(failed.checkpoint).toBe(String(written));

    await harness.startStore();
    expect(harness.store!.port).not.toBe(oldPort);
    const later = await harness.append(round.roundId, amendLead(round.roundId, '400000.00', '450000.00'));
    const resumed = await eventually(() => harness.statusOf(ROUND_SUMMARIES), caughtUpTo(later));
    expect(resumed.error).toBeNull();
    expect(harness.rows('SELECT total_committed, version FROM round_summaries')).toEqual([{ total_committed: '70000000', version: 6 }]);
  });

  it('stops at an event it cannot apply and keeps retrying it, never skipping past it', async () => {
    const round = aRound();
    harness.startRuntime();
    const good = await harness.append(round.roundId, round.events.slice(0, 3));
    const bad = await harness.appendRaw(`round-${round.roundId}`, 'deal-room.CommitmentMade.v1', { roundId: round.roundId, investorId: 'lead', amount: { amount: '-5', currency: 'CNY' } });
    await harness.append(round.roundId, round.events.slice(4));

    const failed = await eventually(() => harness.statusOf(ROUND_SUMMARIES), (status) => status.state === 'failed');
    expect(failed.error).toContain(`position ${bad}`);
    expect(failed.checkpoint).toBe(String(good));
    // Three more failures logged: three more retries, each stopped at the same event.
    const seen = harness.warnings.length;
    const retries = await eventually(
      () => harness.warnings.slice(seen).filter((warning) => warning.startsWith(`Projection ${ROUND_SUMMARIES} failed`)),
      (failures) => failures.length >= 3,
    );
    for (const warning of retries) expect(warning).toContain(`position ${bad}`);
    expect(await harness.statusOf(ROUND_SUMMARIES)).toMatchObject({ state: 'failed', checkpoint: String(good) });
    expect(harness.rows('SELECT version FROM round_summaries')).toEqual([{ version: 3 }]);
  });

  it('rebuilds while events keep arriving, into tables equal to a replay from scratch', async () => {
    harness.startRuntime();
    const rounds = Array.from({ length: 20 }, () => aRound());
    for (const round of rounds) await harness.append(round.roundId, round.events);

    await eventually(() => harness.statusOf(ROUND_SUMMARIES), (status) => status.eventsApplied === 100);
    // Damage the live table: only a replay of the events can repair it.
    harness.database!.sql.run(`UPDATE round_summaries SET total_committed = '1', version = 0`);
    const rebuild = harness.runtime!.rebuild(ROUND_SUMMARIES);
    expect(rebuild.status.state).toBe('rebuilding');
    const during = aRound();
    await harness.append(during.roundId, during.events);
    await rebuild.done;
    const last = await harness.append(rounds[0].roundId, amendLead(rounds[0].roundId, '400000.00', '410000.00'));
    const after = await eventually(() => harness.statusOf(ROUND_SUMMARIES), caughtUpTo(last));
    expect(after.rebuild).toMatchObject({ state: 'done', error: null });
    const rebuilt = harness.rows('SELECT * FROM round_summaries ORDER BY round_id');
    expect(rebuilt).toHaveLength(21);
    await harness.stopRuntime();

    // The same events replayed by a runtime that starts from nothing.
    const { rmSync } = await import('node:fs');
    rmSync(`${harness.dir}/projections.sqlite`);
    harness.startRuntime();
    await eventually(() => harness.statusOf(ROUND_SUMMARIES), caughtUpTo(last));
    expect(harness.rows('SELECT * FROM round_summaries ORDER BY round_id')).toEqual(rebuilt);
  });
});
