import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { INVESTOR_POSITIONS, ROUND_SUMMARIES } from '../../apps/deal-room/src/projections/registrations';
import { PROJECTIONS_FILE, ProjectionDatabase } from '../../apps/deal-room/src/projections/store/projection-database';
import { aRound } from './support/round-events';
import { eventually, RuntimeHarness } from './support/runtime-harness';

const ROUNDS = 300;
const EVENTS = ROUNDS * 5;
// Each round has two commitments (its 4th and 5th events): the 401st is event 1004, past the first batch of 500.
const KILL_AT = 401;
const KILLED_EVENT = 1004;

// A process killed while a batch's transaction is open, which no in-process test can do to itself.
const describeEmbedded = process.env.EVENTSTORE_CONNECTION_STRING ? describe.skip : describe;

describeEmbedded('projections killed in the middle of a batch', () => {
  let harness: RuntimeHarness;

  beforeAll(async () => {
    harness = new RuntimeHarness();
    await harness.startStore();
  });

  afterAll(() => harness.close());

  it('keep no part of that batch, and apply each event exactly once after the restart', async () => {
    for (let i = 0; i < ROUNDS; i += 1) {
      const { roundId, events } = aRound();
      await harness.append(roundId, events);
    }
    await harness.stopStore();

    const child = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'support/crash-mid-batch.ts'), harness.dir, String(KILL_AT)],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect({ signal: child.signal, stderr: child.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });

    // What the crash left: whole batches only, each projection's rows matching its own checkpoint.
    const left = ProjectionDatabase.open(join(harness.dir, PROJECTIONS_FILE));
    try {
      const summaries = left.checkpoint(ROUND_SUMMARIES);
      expect(summaries.eventsApplied).toBeGreaterThan(0);
      expect(summaries.eventsApplied).toBeLessThan(KILLED_EVENT);
      const versionSum = (table: string) => left.sql.get<{ n: number | null }>(`SELECT SUM(version) AS n FROM ${table}`)!.n ?? 0;
      expect(versionSum('round_summaries')).toBe(summaries.eventsApplied);
      expect(versionSum('position_rounds')).toBe(left.checkpoint(INVESTOR_POSITIONS).eventsApplied);
    } finally {
      left.close();
    }

    await harness.startStore();
    harness.startRuntime();
    for (const name of [ROUND_SUMMARIES, INVESTOR_POSITIONS]) {
      await eventually(() => harness.statusOf(name), (status) => status.state === 'live' && status.eventsApplied === EVENTS);
    }
    expect(harness.rows('SELECT version, total_committed, COUNT(*) AS rounds FROM round_summaries GROUP BY version, total_committed')).toEqual([
      { version: 5, total_committed: '65000000', rounds: ROUNDS },
    ]);
    expect(harness.rows('SELECT version, commitments_made, COUNT(*) AS rounds FROM position_rounds GROUP BY version, commitments_made')).toEqual([
      { version: 5, commitments_made: 2, rounds: ROUNDS },
    ]);
  });
});
