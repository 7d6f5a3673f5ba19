import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roundOpened } from '../../../../test/support/rounds/round.fixtures';
import { findProjection, ROUND_SUMMARIES } from '../projections/registrations';
import { ProjectionDatabase } from '../projections/store/projection-database';
import { RoundKey, roundSummaryPage } from '../projections';
import { RoundEvent } from '../rounds/domain';
import { keysetBatches, ReportSnapshot } from './report-snapshot';

const definition = findProjection(ROUND_SUMMARIES)!;

describe('a report snapshot', () => {
  let dir: string;
  let database: ProjectionDatabase;
  let applied = 0;

  const open = (count: number) => {
    for (let i = 0; i < count; i += 1) {
      applied += 1;
      const event = roundOpened();
      const at = new Date(Date.UTC(2025, 0, 1, 0, 0, applied)).toISOString();
      const opened = { ...event, data: { ...event.data, roundId: `round-${applied}`, at } } as RoundEvent;
      const position = { commit: BigInt(applied), prepare: BigInt(applied) };
      database.apply(definition, { event: opened, position, streamId: `round-round-${applied}`, revision: 0n, metadata: null, recordedAt: at });
    }
  };
  const ids = (rows: readonly { round_id: string }[]) => rows.map((row) => row.round_id);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'report-snapshot-'));
    database = ProjectionDatabase.open(join(dir, 'projections.sqlite'));
    database.ensure(definition);
    applied = 0;
  });

  afterEach(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every batch at the checkpoint it was opened at, while the projection goes on writing', () => {
    open(3);
    const snapshot = ReportSnapshot.open(join(dir, 'projections.sqlite'), ROUND_SUMMARIES);
    expect(snapshot.checkpoint).toBe('3');
    const first = roundSummaryPage(snapshot.sql, {}, null, 2);
    expect(ids(first)).toEqual(['round-1', 'round-2']);

    open(2); // rounds 4 and 5, opened later: they would land on the next page
    expect(ids(roundSummaryPage(database.sql, {}, null, 10))).toHaveLength(5);
    expect(ids(roundSummaryPage(snapshot.sql, {}, first[1], 10))).toEqual(['round-3']);
    snapshot.close();
    snapshot.close();

    const later = ReportSnapshot.open(join(dir, 'projections.sqlite'), ROUND_SUMMARIES);
    expect(later.checkpoint).toBe('5');
    expect(ids(roundSummaryPage(later.sql, {}, null, 10))).toHaveLength(5);
    later.close();
  });

  it('has no checkpoint for a projection that never applied an event', () => {
    const snapshot = ReportSnapshot.open(join(dir, 'projections.sqlite'), 'nothing-here');
    expect(snapshot.checkpoint).toBeNull();
    snapshot.close();
  });

  it('reads batches after the last key of the one before, until one comes back short', async () => {
    open(5);
    const afters: (RoundKey | null)[] = [];
    const read = (after: RoundKey | null) => {
      afters.push(after);
      return roundSummaryPage(database.sql, {}, after, 2);
    };
    const batches: string[][] = [];
    for await (const batch of keysetBatches(read(null), 2, read)) batches.push(ids(batch));
    expect(batches).toEqual([['round-1', 'round-2'], ['round-3', 'round-4'], ['round-5']]);
    expect(afters.map((after) => after?.round_id ?? null)).toEqual([null, 'round-2', 'round-4']);
  });
});
