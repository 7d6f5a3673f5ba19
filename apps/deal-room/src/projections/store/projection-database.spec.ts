import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitmentMade, investorAdmitted, roundOpened } from '../../../../../test/support/rounds/round.fixtures';
import { RoundEvent } from '../../rounds/domain';
import { ProjectionDefinition } from '../projection-definition';
import { DecodedEvent, ProjectionDatabase } from './projection-database';

const at = (n: number) => ({ commit: BigInt(n), prepare: BigInt(n) });
const decoded = (event: RoundEvent, n: number): DecodedEvent => ({
  event,
  position: at(n),
  streamId: 'round-round-a',
  revision: BigInt(n - 1),
  metadata: null,
  recordedAt: `2025-03-01T09:00:0${n}.000Z`,
});

// A projection that counts events per type; it throws on a commitment of exactly 13.00.
const counter: ProjectionDefinition = {
  name: 'counter',
  tables: [{ name: 'counts', columns: 'type TEXT PRIMARY KEY, n INTEGER NOT NULL' }],
  handlers: {
    RoundOpened: (event, { sql }) => void sql.run(`INSERT INTO counts VALUES ('opened', 1) ON CONFLICT (type) DO UPDATE SET n = n + 1`),
    CommitmentMade: (event, { sql }) => {
      sql.run(`INSERT INTO counts VALUES ('committed', 1) ON CONFLICT (type) DO UPDATE SET n = n + 1`);
      if (event.data.amount.amount === 1300n) throw new Error('unlucky amount');
    },
  },
};

describe('ProjectionDatabase', () => {
  let dir: string;
  let database: ProjectionDatabase;
  const counts = () => Object.fromEntries(database.sql.all<{ type: string; n: number }>('SELECT * FROM counts').map((r) => [r.type, r.n]));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'projection-db-'));
    database = ProjectionDatabase.open(join(dir, 'projections.sqlite'));
    database.ensure(counter);
  });

  afterEach(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies an event once: at or below the checkpoint it is ignored', () => {
    expect(database.apply(counter, decoded(roundOpened(), 1))).toBe(true);
    expect(database.apply(counter, decoded(roundOpened(), 1))).toBe(false);
    expect(database.apply(counter, decoded(investorAdmitted('lead'), 2))).toBe(true);
    expect(database.apply(counter, decoded(roundOpened(), 2))).toBe(false);
    expect(counts()).toEqual({ opened: 1 });
    expect(database.checkpoint('counter')).toEqual({
      position: at(2),
      lastEventPosition: at(2),
      lastEventAt: '2025-03-01T09:00:02.000Z',
      eventsApplied: 2,
    });
  });

  it('keeps neither rows nor checkpoint of an event whose handler throws', () => {
    database.apply(counter, decoded(commitmentMade('lead', '12.00'), 1));
    expect(() => database.apply(counter, decoded(commitmentMade('lead', '13.00'), 2))).toThrow('unlucky amount');
    expect(counts()).toEqual({ committed: 1 });
    expect(database.checkpoint('counter').position).toEqual(at(1));
  });

  it('moves the checkpoint on a filter checkpoint without touching rows or the last event', () => {
    database.apply(counter, decoded(roundOpened(), 1));
    expect(database.advance('counter', at(9))).toBe(true);
    expect(database.advance('counter', at(5))).toBe(false);
    expect(database.checkpoint('counter')).toMatchObject({ position: at(9), lastEventPosition: at(1), eventsApplied: 1 });
  });

  it('survives a reopen with its checkpoint, and starts over when the tables are defined differently', () => {
    database.apply(counter, decoded(roundOpened(), 1));
    database.close();
    database = ProjectionDatabase.open(join(dir, 'projections.sqlite'));
    database.ensure(counter);
    expect(database.checkpoint('counter').position).toEqual(at(1));
    expect(counts()).toEqual({ opened: 1 });

    const changed = { ...counter, tables: [{ name: 'counts', columns: 'type TEXT PRIMARY KEY, n INTEGER NOT NULL, extra TEXT' }] };
    database.ensure(changed);
    expect(database.checkpoint('counter').position).toBeNull();
    expect(counts()).toEqual({});
  });

  it('swaps in tables built in another file, keeping the later checkpoint', () => {
    database.apply(counter, decoded(roundOpened(), 1));
    database.advance('counter', at(4));
    const rebuildPath = join(dir, 'rebuild.sqlite');
    const rebuild = ProjectionDatabase.open(rebuildPath);
    rebuild.ensure(counter);
    rebuild.apply(counter, decoded(roundOpened(), 1));
    rebuild.apply(counter, decoded(commitmentMade('lead', '1.00'), 3));
    rebuild.close();

    expect(database.swapIn(counter, rebuildPath)).toEqual({
      position: at(4),
      lastEventPosition: at(3),
      lastEventAt: '2025-03-01T09:00:03.000Z',
      eventsApplied: 2,
    });
    expect(counts()).toEqual({ opened: 1, committed: 1 });
  });

  it('refuses to swap in a rebuild that lacks events the live tables have', () => {
    database.apply(counter, decoded(roundOpened(), 1));
    database.apply(counter, decoded(commitmentMade('lead', '1.00'), 2));
    const rebuildPath = join(dir, 'rebuild.sqlite');
    const rebuild = ProjectionDatabase.open(rebuildPath);
    rebuild.ensure(counter);
    rebuild.apply(counter, decoded(roundOpened(), 1));
    rebuild.close();

    expect(() => database.swapIn(counter, rebuildPath)).toThrow('behind the live projection');
    expect(counts()).toEqual({ opened: 1, committed: 1 });
  });
});
