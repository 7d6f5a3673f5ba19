import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { serialize } from '../../apps/deal-room/src/rounds/domain';
import { runProjectionsCli } from '../../apps/deal-room/src/projections/cli/projections-cli';
import { PROJECTIONS_FILE, ProjectionDatabase } from '../../apps/deal-room/src/projections/store/projection-database';
import { aRound } from './support/round-events';

// Cases that need the embedded store on the data dir, which the CLI opens itself.
const describeEmbedded = process.env.EVENTSTORE_CONNECTION_STRING ? describe.skip : describe;

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { DATA_DIR: undefined, EVENTSTORE_CONNECTION_STRING: undefined };
  const code = await runProjectionsCli(argv, env, { out: (t) => (out += t), err: (t) => (err += t), interactive: false });
  return { code, out, err };
}

describeEmbedded('npm run projections', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-projections-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rebuilds a projection from the store on the data dir, and reports its status', async () => {
    const store = await startEmbeddedEventStore({ dataDir });
    const client = EventStoreDBClient.connectionString(store.connectionString);
    const rounds = [aRound(), aRound()];
    try {
      for (const { roundId, events } of rounds) {
        await client.appendToStream(`round-${roundId}`, events.map((event) => jsonEvent(serialize(event))));
      }
      const busy = await run('rebuild', 'round-summaries', '--data-dir', dataDir);
      expect(busy.code).toBe(1);
      expect(busy.err).toContain('GET /projections shows the same status');
    } finally {
      await client.dispose();
      await store.close();
    }

    const rebuilt = await run('rebuild', 'round-summaries', '--data-dir', dataDir);
    expect(rebuilt).toMatchObject({ code: 0, err: '' });
    expect(rebuilt.out).toContain('Rebuilt round-summaries: 10 events, checkpoint 10.');

    const database = ProjectionDatabase.open(join(dataDir, PROJECTIONS_FILE));
    try {
      const rows = Array.from(database.sql.all<{ round_id: string; version: number }>('SELECT round_id, version FROM round_summaries ORDER BY round_id'), (r) => ({ ...r }));
      expect(rows).toEqual(rounds.map(({ roundId }) => ({ round_id: roundId, version: 5 })).sort((a, b) => a.round_id.localeCompare(b.round_id)));
    } finally {
      database.close();
    }

    const status = await run('status', '--data-dir', dataDir);
    expect(status.code).toBe(0);
    expect(status.out).toContain('round-summaries: checkpoint 10, lag 0, 10 events applied');
    expect(status.out).toContain('investor-positions: checkpoint none, lag 10, 0 events applied');
  });

  it('refuses unknown commands and projections with the usage', async () => {
    expect(await run('rebuild', 'nope', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('no projection named "nope"') });
    expect(await run('frobnicate')).toMatchObject({ code: 2, err: expect.stringMatching(/^error: unknown command "frobnicate": use status or rebuild NAME\n\nUsage:/) });
    expect(await run('rebuild')).toMatchObject({ code: 2, err: expect.stringContaining('error: rebuild needs the name of a projection') });
  });

  it('refuses a data directory without an event store, and creates nothing there', async () => {
    const typo = join(dataDir, 'typo');
    const result = await run('status', '--data-dir', typo);
    expect(result).toMatchObject({ code: 2, err: expect.stringContaining('No event store in') });
    expect(existsSync(typo)).toBe(false);
  });
});
